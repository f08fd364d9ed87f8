package io.quorumpay.hub;

import static io.quorumpay.hub.HubFixture.account;
import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.hub.HubFixture.Reply;
import java.net.http.HttpRequest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Admission over HTTP: terms of service published by the operator, registrations signed by
 * accounts, a grace period for the earlier version, the blacklist, and the operator's credential.
 * It runs against a hub of its own (own database), so that its terms bind no other test.
 */
class AdmissionTest {
  static final String BEARER = "Bearer " + HubFixture.OPERATOR_TOKEN;

  @Test
  void termsRegistrationGraceAndBlacklist() throws Exception {
    HubFixture shared = HubFixture.get();
    KeyPair carol = shared.newKey();
    shared.fund(carol, 100);
    // Its own hub and database: terms published here must not bind the other tests' accounts.
    try (Hub hub = shared.startHub("admission-hub")) {
      check(shared, new HubFixture.Calls(hub.address()), carol);
    }
  }

  void check(HubFixture shared, HubFixture.Calls fixture, KeyPair carol) throws Exception {
    String carolHex = account(carol).hex();
    String bob = account(shared.newKey()).hex();

    // Operator endpoints need the credential; a wrong one is refused like none, and never echoed.
    Reply none = fixture.send(fixture.put("/v1/operator/terms", "{\"text\":\"Be nice.\",\"graceSeconds\":0}"));
    HubApiTest.expect(none, 401, "UNAUTHORIZED");
    Reply wrong = fixture.send(fixture.put("/v1/operator/terms", "{\"text\":\"Be nice.\",\"graceSeconds\":0}")
        .header("Authorization", "Bearer not-the-operator-token"));
    HubApiTest.expect(wrong, 401, "UNAUTHORIZED");
    assertThat(wrong.raw().body()).doesNotContain("not-the-operator-token").doesNotContain(HubFixture.OPERATOR_TOKEN);

    Reply v1 = fixture.send(fixture.put("/v1/operator/terms", "{\"text\":\"Be nice.\",\"graceSeconds\":0}").header("Authorization", BEARER));
    assertThat(v1.status()).as("%s", v1.json()).isEqualTo(200);
    int version = v1.json().path("version").asInt();
    Reply terms = fixture.get("/v1/terms");
    assertThat(terms.json().path("version").asInt()).isEqualTo(version);
    byte[] message = HexFormat.of().parseHex(terms.json().path("message").asText());

    // Unsigned: refused with a clear code, nothing relayed.
    String order = shared.signedTransfer(carol, new Recipient.Account(account(shared.newKey())), 10, 0);
    HubApiTest.expect(fixture.post("/v1/orders", "{\"signedOrder\":\"" + order + "\"}"), 403, "TERMS_NOT_ACCEPTED");
    assertThat(fixture.get("/v1/accounts/" + carolHex + "/next-sequence-number").json().path("nextSequenceNumber").asLong()).isZero();

    // Bad registrations.
    String goodSignature = HexFormat.of().formatHex(carol.sign(message).bytes().toArray());
    String otherSignature = HexFormat.of().formatHex(shared.newKey().sign(message).bytes().toArray());
    HubApiTest.expect(register(fixture, carolHex, version, otherSignature), 422, "INVALID_TERMS_SIGNATURE");
    HubApiTest.expect(register(fixture, carolHex, version - 1, goodSignature), 409, "OUTDATED_TERMS");
    HubApiTest.expect(register(fixture, carolHex, version, "abc"), 400, "BAD_HEX");
    HubApiTest.expect(fixture.post("/v1/admission", "{\"account\":\"" + carolHex + "\",\"termsVersion\":\"one\","
        + "\"signature\":\"" + goodSignature + "\"}"), 400, "WRONG_TYPE");

    Reply registered = register(fixture, carolHex, version, goodSignature);
    assertThat(registered.status()).as("%s", registered.json()).isEqualTo(200);
    assertThat(registered.json().path("admitted").asBoolean()).isTrue();
    Reply paid = fixture.post("/v1/orders", "{\"signedOrder\":\"" + order + "\"}");
    assertThat(paid.status()).as("%s", paid.json()).isEqualTo(200);

    // Blacklisted: refused, then let through again once lifted.
    assertThat(fixture.send(fixture.put("/v1/operator/blacklist/" + carolHex, "{\"reason\":\"test\"}").header("Authorization", BEARER))
        .json().path("refusal").asText()).isEqualTo("BLACKLISTED");
    String next = shared.signedTransfer(carol, new Recipient.Account(account(shared.newKey())), 10, 1);
    HubApiTest.expect(fixture.post("/v1/orders", "{\"signedOrder\":\"" + next + "\"}"), 403, "BLACKLISTED");
    HubApiTest.expect(register(fixture, carolHex, version, goodSignature), 403, "BLACKLISTED");
    assertThat(fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/operator/blacklist")).header("Authorization", BEARER)).json().toString()).contains(carolHex);
    assertThat(fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/operator/blacklist/" + carolHex)).DELETE()
        .header("Authorization", BEARER)).json().path("admitted").asBoolean()).isTrue();

    // New terms with a grace period: carol's signature of the earlier version still counts; bob was never admitted.
    Reply v2 = fixture.send(fixture.put("/v1/operator/terms", "{\"text\":\"Be nicer.\",\"graceSeconds\":3600}").header("Authorization", BEARER));
    assertThat(v2.json().path("version").asInt()).isEqualTo(version + 1);
    assertThat(fixture.get("/v1/admission/" + carolHex).json().path("admitted").asBoolean()).isTrue();
    assertThat(fixture.get("/v1/admission/" + bob).json().path("refusal").asText()).isEqualTo("TERMS_NOT_ACCEPTED");
    // Without grace, only signatures of the newest version count.
    fixture.send(fixture.put("/v1/operator/terms", "{\"text\":\"Be nicest.\",\"graceSeconds\":0}").header("Authorization", BEARER));
    assertThat(fixture.get("/v1/admission/" + carolHex).json().path("refusal").asText()).isEqualTo("TERMS_NOT_ACCEPTED");
  }

  static Reply register(HubFixture.Calls fixture, String account, int version, String signature) throws Exception {
    return fixture.post("/v1/admission", "{\"account\":\"" + account + "\",\"termsVersion\":" + version + ",\"signature\":\""
        + signature + "\"}");
  }
}
