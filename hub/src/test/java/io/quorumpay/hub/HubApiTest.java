package io.quorumpay.hub;

import static io.quorumpay.hub.HubFixture.account;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.hub.HubFixture.Reply;
import java.net.http.HttpRequest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hub over real HTTP against a real local network and a real PostgreSQL: status, balances,
 * orders, certificates, redeems, history and analytics; every answer checked against what the
 * committee certified.
 */
class HubApiTest {
  static HubFixture fixture;
  static KeyPair alice;
  static KeyPair bob;

  @BeforeAll
  static void start() throws Exception {
    fixture = HubFixture.get();
    alice = fixture.newKey();
    bob = fixture.newKey();
    fixture.fund(alice, 1000);
  }

  @Test
  void networkStatusListsTheCommitteeShardsAndPrimary() throws Exception {
    Reply status = fixture.get("/v1/network");
    assertThat(status.status()).isEqualTo(200);
    assertThat(status.json().path("authorities")).hasSize(4);
    for (JsonNode authority : status.json().path("authorities")) {
      assertThat(authority.path("shards")).hasSize(2).allSatisfy(shard -> assertThat(shard.path("up").asBoolean()).isTrue());
    }
    assertThat(status.json().path("quorumWeight").asLong()).isEqualTo(3);
    assertThat(status.json().path("primary").path("up").asBoolean()).isTrue();
    assertThat(status.json().path("primary").path("funds").path("QPC").asLong()).isGreaterThanOrEqualTo(1000);
    assertThat(fixture.get("/v1/health").status()).isEqualTo(200);
  }

  @Test
  void paymentThroughTheHubIsCertifiedIndexedAndCheckable() throws Exception {
    KeyPair payer = fixture.newKey();
    fixture.fund(payer, 500);
    String payerHex = account(payer).hex();
    Reply next = fixture.get("/v1/accounts/" + payerHex + "/next-sequence-number");
    assertThat(next.status()).isEqualTo(200);
    assertThat(next.json().path("nextSequenceNumber").asLong()).isZero();

    String order = fixture.signedTransfer(payer, new Recipient.Account(account(bob)), 120, 0);
    Reply certified = fixture.post("/v1/orders", "{\"signedOrder\":\"" + order + "\"}");
    assertThat(certified.status()).as(certified.json().toString()).isEqualTo(200);
    JsonNode certificate = certified.json().path("certificate");
    assertThat(certificate.path("check").path("valid").asBoolean()).isTrue();
    assertThat(certificate.path("kind").asText()).isEqualTo("transfer");
    assertThat(certificate.path("amount").asLong()).isEqualTo(120);
    assertThat(certificate.path("votes").size()).isGreaterThanOrEqualTo(3);

    // A replayed order gets the same certificate and changes nothing.
    Reply again = fixture.post("/v1/orders", "{\"signedOrder\":\"" + order + "\"}");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("certificate").path("hex").asText()).isEqualTo(certificate.path("hex").asText());
    // A replayed certificate is already applied everywhere.
    Reply confirmed = fixture.post("/v1/certificates", "{\"certificate\":\"" + certificate.path("hex").asText() + "\"}");
    assertThat(confirmed.status()).isEqualTo(200);
    assertThat(confirmed.json().path("applied").asInt()).isZero();
    assertThat(confirmed.json().path("alreadyApplied").asInt()).isGreaterThanOrEqualTo(3);

    Reply balance = HubFixture.await("payer's balance after paying", () -> fixture.get("/v1/accounts/" + payerHex),
        r -> r.json().path("balances").path("QPC").asLong() == 380);
    assertThat(balance.json().path("nextSequenceNumber").asLong()).isEqualTo(1);
    assertThat(balance.json().path("asOf").path("authoritiesAnswered").asInt()).isGreaterThanOrEqualTo(3);

    Reply lookup = fixture.get("/v1/certificates/" + payerHex + "/0");
    assertThat(lookup.status()).isEqualTo(200);
    assertThat(lookup.json().path("hex").asText()).isEqualTo(certificate.path("hex").asText());
    assertThat(lookup.json().path("check").path("valid").asBoolean()).isTrue();
    assertThat(fixture.get("/v1/certificates/" + payerHex + "/7").json().path("code").asText()).isEqualTo("CERTIFICATE_NOT_FOUND");

    // History: the deposit and the payment, each once, whichever of the eight logs the indexer read them from.
    Reply history = HubFixture.await("payer's history", () -> fixture.get("/v1/accounts/" + payerHex + "/history"),
        r -> r.json().path("items").size() == 2);
    assertThat(history.json().path("items").get(0).path("kind").asText()).isEqualTo("deposit");
    JsonNode sent = history.json().path("items").get(1);
    assertThat(sent.path("direction").asText()).isEqualTo("out");
    assertThat(sent.path("counterparty").asText()).isEqualTo(account(bob).hex());
    assertThat(sent.path("owner").asText() + "/" + sent.path("sequenceNumber").asLong()).isEqualTo(payerHex + "/0");
    Reply out = fixture.get("/v1/accounts/" + payerHex + "/history?direction=out&asset=QPC");
    assertThat(out.json().path("items")).hasSize(1);
    Reply firstPage = fixture.get("/v1/accounts/" + payerHex + "/history?limit=1");
    assertThat(firstPage.json().path("items")).hasSize(1);
    long cursor = firstPage.json().path("nextCursor").asLong();
    Reply secondPage = fixture.get("/v1/accounts/" + payerHex + "/history?limit=1&cursor=" + cursor);
    assertThat(secondPage.json().path("items").get(0).path("id").asLong()).isEqualTo(sent.path("id").asLong());
    assertThat(secondPage.json().path("nextCursor").isNull()).isTrue();
    Reply received = HubFixture.await("bob's history", () -> fixture.get("/v1/accounts/" + account(bob).hex() + "/history?direction=in"),
        r -> r.json().path("items").size() >= 1);
    assertThat(received.json().path("items").get(0).path("counterparty").asText()).isEqualTo(payerHex);

    Reply analytics = fixture.get("/v1/analytics?interval=minute");
    assertThat(analytics.status()).isEqualTo(200);
    assertThat(analytics.json().path("volumePerAsset").path("QPC").asLong()).isGreaterThanOrEqualTo(120);
    assertThat(analytics.json().path("deposits").path("count").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(analytics.json().path("activeAccounts").asLong()).isGreaterThanOrEqualTo(3);
    long payments = 0;
    for (JsonNode bucket : analytics.json().path("paymentsPerInterval")) {
      payments += bucket.path("payments").asLong();
    }
    assertThat(payments).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aPaymentsAnswerSaysWhereTheHubsTimeWent() throws Exception {
    KeyPair payer = fixture.newKey();
    fixture.fund(payer, 10);
    long began = System.nanoTime();
    Reply certified = fixture.post("/v1/orders", "{\"signedOrder\":\"" + fixture.signedTransfer(payer, new Recipient.Account(account(bob)), 1, 0) + "\"}");
    double wallMillis = (System.nanoTime() - began) / 1e6;
    assertThat(certified.status()).as(certified.json().toString()).isEqualTo(200);
    String timing = certified.raw().headers().firstValue("Server-Timing").orElseThrow();
    java.util.regex.Matcher entries = java.util.regex.Pattern.compile("^hub;dur=([0-9.]+), committee;dur=([0-9.]+)$").matcher(timing);
    assertThat(entries.matches()).as(timing).isTrue();
    double hub = Double.parseDouble(entries.group(1));
    double committee = Double.parseDouble(entries.group(2));
    assertThat(committee).as(timing).isPositive().isLessThan(wallMillis);
    assertThat(hub).as(timing).isNotNegative().isLessThan(wallMillis - committee);
  }

  @Test
  void redeemIsPaidOnceAndAReplayIsRefused() throws Exception {
    KeyPair redeemer = fixture.newKey();
    fixture.fund(redeemer, 300);
    PrimaryAddress to = PrimaryAddress.parse("0x00000000000000000000000000000000000000b0");
    String order = fixture.signedTransfer(redeemer, new Recipient.Primary(to), 100, 0);
    Reply certified = fixture.post("/v1/orders", "{\"signedOrder\":\"" + order + "\"}");
    assertThat(certified.status()).as(certified.json().toString()).isEqualTo(200);
    assertThat(certified.json().path("certificate").path("kind").asText()).isEqualTo("redeem");
    String certificate = certified.json().path("certificate").path("hex").asText();

    long fundsBefore = fixture.get("/v1/network").json().path("primary").path("funds").path("QPC").asLong();
    Reply paid = fixture.post("/v1/redeems", "{\"certificate\":\"" + certificate + "\"}");
    assertThat(paid.status()).as(paid.json().toString()).isEqualTo(200);
    assertThat(paid.json().path("amount").asLong()).isEqualTo(100);
    Reply replay = fixture.post("/v1/redeems", "{\"certificate\":\"" + certificate + "\"}");
    assertThat(replay.status()).isEqualTo(422);
    assertThat(replay.json().path("code").asText()).isEqualTo("ORDER_REFUSED");
    assertThat(replay.json().path("reason").asText()).isEqualTo("REDEEM_REPLAY");
    assertThat(fixture.get("/v1/network").json().path("primary").path("funds").path("QPC").asLong()).isEqualTo(fundsBefore - 100);
  }

  @Test
  void badInputGetsItsDocumentedStatusAndCodeAndChangesNothing() throws Exception {
    String aliceHex = account(alice).hex();
    String order = fixture.signedTransfer(alice, new Recipient.Account(account(bob)), 10, 0);
    expect(fixture.post("/v1/orders", "{not json"), 400, "MALFORMED_JSON");
    expect(fixture.post("/v1/orders", "[]"), 400, "MALFORMED_JSON");
    expect(fixture.post("/v1/orders", "{\"signedOrder\":\"" + order + "\",\"extra\":1}"), 400, "UNKNOWN_FIELD");
    expect(fixture.post("/v1/orders", "{\"signedOrder\":12}"), 400, "WRONG_TYPE");
    expect(fixture.post("/v1/orders", "{}"), 400, "MISSING_FIELD");
    expect(fixture.post("/v1/admission", "{\"account\":\"" + aliceHex + "\",\"termsVersion\":99999999999,\"signature\":\"00\"}"),
        400, "WRONG_TYPE");
    expect(fixture.post("/v1/orders", "{\"signedOrder\":\"zz\"}"), 400, "BAD_HEX");
    expect(fixture.post("/v1/orders", "{\"signedOrder\":\"00ff\"}"), 400, "MALFORMED_ORDER");
    expect(fixture.post("/v1/certificates", "{\"certificate\":\"00ff\"}"), 400, "MALFORMED_CERTIFICATE");
    expect(fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/orders")).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("{}"))), 415, "UNSUPPORTED_MEDIA_TYPE");
    expect(fixture.post("/v1/orders", "{\"signedOrder\":\"" + "00".repeat(70_000) + "\"}"), 413, "BODY_TOO_LARGE");
    // A chunked body declares no length: it is counted as it arrives and refused past the limit.
    byte[] big = ("{\"signedOrder\":\"" + "00".repeat(70_000) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    expect(fixture.send(java.net.http.HttpRequest.newBuilder(fixture.uri("/v1/orders")).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))), 413, "BODY_TOO_LARGE");
    expect(fixture.get("/v1/accounts/xyz"), 400, "BAD_HEX");
    expect(fixture.get("/v1/accounts/" + "ab".repeat(31)), 400, "BAD_HEX");
    expect(fixture.get("/v1/accounts/" + account(fixture.newKey()).hex()), 404, "UNKNOWN_ACCOUNT");
    expect(fixture.get("/v1/accounts/" + aliceHex + "/history?limit=0"), 400, "BAD_PARAMETER");
    expect(fixture.get("/v1/accounts/" + aliceHex + "/history?direction=sideways"), 400, "BAD_PARAMETER");
    expect(fixture.get("/v1/accounts/" + aliceHex + "/history?from=yesterday"), 400, "BAD_PARAMETER");
    expect(fixture.get("/v1/analytics?interval=week"), 400, "BAD_PARAMETER");
    expect(fixture.get("/v1/analytics?interval=day&from=2020-01-01T00:00:00Z&to=2020-03-01T00:00:00Z"), 400, "BAD_PARAMETER");
    expect(fixture.get("/v1/nothing"), 404, "NOT_FOUND");
    expect(fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/network")).DELETE()), 405, "METHOD_NOT_ALLOWED");

    // A forged order: one bit of the signature flipped.
    byte[] forged = HexFormat.of().parseHex(order);
    forged[forged.length - 1] ^= 1;
    expect(fixture.post("/v1/orders", "{\"signedOrder\":\"" + HexFormat.of().formatHex(forged) + "\"}"), 422, "INVALID_SIGNATURE");
    // An order that overspends is refused by the committee, with the protocol's reason.
    Reply overspend = fixture.post("/v1/orders", "{\"signedOrder\":\""
        + fixture.signedTransfer(alice, new Recipient.Account(account(bob)), 1_000_000, 0) + "\"}");
    expect(overspend, 422, "ORDER_REFUSED");
    assertThat(overspend.json().path("reason").asText()).isEqualTo("INSUFFICIENT_BALANCE");
    // A forged certificate: a payment to bob with one vote signature flipped.
    KeyPair payer = fixture.newKey();
    fixture.fund(payer, 50);
    Reply real = fixture.post("/v1/orders", "{\"signedOrder\":\""
        + fixture.signedTransfer(payer, new Recipient.Account(account(bob)), 5, 0) + "\"}");
    byte[] certificate = HexFormat.of().parseHex(real.json().path("certificate").path("hex").asText());
    certificate[certificate.length - 1] ^= 1;
    expect(fixture.post("/v1/certificates", "{\"certificate\":\"" + HexFormat.of().formatHex(certificate) + "\"}"), 422,
        "INVALID_CERTIFICATE");
    expect(fixture.post("/v1/redeems", "{\"certificate\":\"" + real.json().path("certificate").path("hex").asText() + "\"}"), 422,
        "NOT_A_REDEEM");

    // Nothing changed: alice still has all of her deposit and her first sequence number.
    Reply after = fixture.get("/v1/accounts/" + aliceHex);
    assertThat(after.json().path("balances").path("QPC").asLong()).isEqualTo(1000);
    assertThat(after.json().path("nextSequenceNumber").asLong()).isZero();
  }

  static void expect(Reply reply, int status, String code) {
    assertThat(reply.status()).as("%s", reply.json()).isEqualTo(status);
    assertThat(reply.json().path("code").asText()).isEqualTo(code);
    assertThat(reply.json().path("message").asText()).isNotBlank();
  }
}
