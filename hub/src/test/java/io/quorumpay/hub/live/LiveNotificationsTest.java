package io.quorumpay.hub.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.hub.HubFixture;
import io.quorumpay.hub.http.HubServer;
import io.quorumpay.hub.http.TrustedProxies;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live notifications over a real WebSocket, from a hub that indexes a real local network into a
 * real PostgreSQL: events for both parties and the network feed, resuming from a cursor, and bad
 * messages.
 */
class LiveNotificationsTest {
  static LiveHubFixture live;
  static HubFixture network;

  @BeforeAll
  static void start() throws Exception {
    live = LiveHubFixture.get();
    network = live.network;
  }

  static String account(KeyPair key) {
    return HubFixture.account(key).hex();
  }

  /** Pays through the live hub (POST /v1/orders) and returns the certificate's JSON. */
  static JsonNode pay(KeyPair from, KeyPair to, long amount, long sequence) throws Exception {
    HubFixture.Reply reply = live.calls.post("/v1/orders", "{\"signedOrder\":\""
        + network.signedTransfer(from, new Recipient.Account(HubFixture.account(to)), amount, sequence) + "\"}");
    assertThat(reply.status()).as(reply.json().toString()).isEqualTo(200);
    return reply.json().path("certificate");
  }

  static JsonNode expect(LiveClient client, String type) throws Exception {
    JsonNode message = client.next();
    assertThat(message.path("type").asText()).as(message.toString()).isEqualTo(type);
    return message;
  }

  @Test
  void aPaymentReachesThePayerThePayeeAndTheNetworkFeed() throws Exception {
    KeyPair alice = network.newKey();
    KeyPair bob = network.newKey();
    network.fund(alice, 1000);
    try (LiveClient payer = new LiveClient(live.hub.address()); LiveClient payee = new LiveClient(live.hub.address())) {
      payer.send("{\"type\":\"subscribe\",\"account\":\"" + HubFixture.account(alice).text() + "\",\"since\":0}");
      JsonNode subscribed = expect(payer, "subscribed");
      assertThat(subscribed.path("subscription").asText()).isEqualTo(account(alice));
      assertThat(subscribed.path("cursor").asLong()).isZero();
      JsonNode deposit = expect(payer, "event");
      assertThat(deposit.path("event").asText()).isEqualTo("deposit_credited");
      assertThat(deposit.path("amount").asLong()).isEqualTo(1000);

      payee.send("{\"type\":\"subscribe\",\"account\":\"" + account(bob) + "\"}");
      long bobFrom = expect(payee, "subscribed").path("cursor").asLong();
      payee.send("{\"type\":\"subscribe\",\"feed\":\"network\",\"since\":" + bobFrom + "}");
      assertThat(expect(payee, "subscribed").path("subscription").asText()).isEqualTo("network");

      pay(alice, bob, 100, 0);

      JsonNode confirmed = expect(payer, "event");
      assertThat(confirmed.path("event").asText()).isEqualTo("payment_confirmed");
      assertThat(confirmed.path("amount").asLong()).isEqualTo(100);
      assertThat(confirmed.path("counterparty").asText()).isEqualTo(account(bob));
      assertThat(confirmed.path("owner").asText()).isEqualTo(account(alice));
      assertThat(confirmed.path("sequenceNumber").asLong()).isZero();
      assertThat(confirmed.path("cursor").asLong()).isGreaterThan(deposit.path("cursor").asLong());

      // Bob's event and the network's, in whichever order; the feed may carry other tests' certificates first.
      JsonNode received = null;
      JsonNode certified = null;
      for (int i = 0; i < 50 && (received == null || certified == null); i++) {
        JsonNode event = expect(payee, "event");
        if (event.path("subscription").asText().equals(account(bob))) {
          assertThat(received).as("one event for bob").isNull();
          received = event;
        } else if (event.path("owner").asText().equals(account(alice))) {
          assertThat(certified).as("one network event per certificate").isNull();
          certified = event;
        }
      }
      assertThat(received).isNotNull();
      assertThat(received.path("event").asText()).isEqualTo("payment_received");
      assertThat(received.path("counterparty").asText()).isEqualTo(account(alice));
      assertThat(received.path("amount").asLong()).isEqualTo(100);
      assertThat(certified).isNotNull();
      assertThat(certified.path("event").asText()).isEqualTo("certificate");
      assertThat(certified.path("kind").asText()).isEqualTo("transfer");
      assertThat(certified.path("sequenceNumber").asLong()).isZero();
    }
  }

  /** The next message of {@code client}, which must be an {@code event} of that name. */
  static JsonNode nextEvent(LiveClient client, String event) throws Exception {
    JsonNode message = expect(client, "event");
    assertThat(message.path("event").asText()).as(message.toString()).isEqualTo(event);
    return message;
  }

  @Test
  void aPaidRedeemIsReportedOnceAndAnUnpaidOneNot() throws Exception {
    KeyPair alice = network.newKey();
    network.fund(alice, 1000);
    io.quorumpay.core.types.PrimaryAddress to = io.quorumpay.core.types.PrimaryAddress.parse("0x00000000000000000000000000000000000000c1");
    try (LiveClient sender = new LiveClient(live.hub.address())) {
      sender.send("{\"type\":\"subscribe\",\"account\":\"" + account(alice) + "\",\"since\":0}");
      expect(sender, "subscribed");
      nextEvent(sender, "deposit_credited");

      HubFixture.Reply certified = live.calls.post("/v1/orders", "{\"signedOrder\":\""
          + network.signedTransfer(alice, new Recipient.Primary(to), 100, 0) + "\"}");
      assertThat(certified.status()).as(certified.json().toString()).isEqualTo(200);
      nextEvent(sender, "redeem_confirmed");
      HubFixture.Reply paid = live.calls.post("/v1/redeems",
          "{\"certificate\":\"" + certified.json().path("certificate").path("hex").asText() + "\"}");
      assertThat(paid.status()).as(paid.json().toString()).isEqualTo(200);

      JsonNode payout = nextEvent(sender, "redeem_paid");
      assertThat(payout.path("kind").asText()).isEqualTo("redeem_paid");
      assertThat(payout.path("direction").asText()).isEqualTo("out");
      assertThat(payout.path("account").asText()).isEqualTo(account(alice));
      assertThat(payout.path("counterparty").asText()).isEqualTo(to.toString());
      assertThat(payout.path("amount").asLong()).isEqualTo(100);
      assertThat(payout.path("asset").asText()).isEqualTo("QPC");
      assertThat(payout.path("owner").asText()).isEqualTo(account(alice));
      assertThat(payout.path("sequenceNumber").asLong()).isZero();

      // A second redeem, certified but never submitted to the primary: no payout to report.
      assertThat(live.calls.post("/v1/orders", "{\"signedOrder\":\""
          + network.signedTransfer(alice, new Recipient.Primary(to), 50, 1) + "\"}").status()).isEqualTo(200);
      nextEvent(sender, "redeem_confirmed");
      // A payment certified after that event is indexed in a later pass than the redeem, so once its
      // event arrives, the pass that indexed the redeem has asked the primary about it.
      pay(alice, network.newKey(), 10, 2);
      nextEvent(sender, "payment_confirmed");
    }
    assertThat(network.primary.lastRedeemed(HubFixture.account(alice))).hasValue(0);
    JsonNode payouts = live.calls.get("/v1/accounts/" + account(alice) + "/history?kind=redeem_paid").json().path("items");
    assertThat(payouts.size()).as(payouts.toString()).isEqualTo(1);
    assertThat(payouts.get(0).path("sequenceNumber").asLong()).isZero();
  }

  @Test
  void aClientThatReconnectsFromItsCursorGetsExactlyTheEventsItMissed() throws Exception {
    KeyPair carol = network.newKey();
    KeyPair dave = network.newKey();
    network.fund(carol, 1000);
    long cursor;
    try (LiveClient client = new LiveClient(live.hub.address())) {
      client.send("{\"type\":\"subscribe\",\"account\":\"" + account(carol) + "\",\"since\":0}");
      expect(client, "subscribed");
      JsonNode deposit = expect(client, "event");
      assertThat(deposit.path("event").asText()).isEqualTo("deposit_credited");
      cursor = deposit.path("cursor").asLong();
    }
    for (int sequence = 0; sequence < 3; sequence++) {
      pay(carol, dave, 10 + sequence, sequence);
    }
    // Until the hub has indexed all three, a reconnect would get some of them live instead of from the backlog.
    HubFixture.await("three payments indexed", () -> live.calls.get("/v1/accounts/" + account(carol) + "/history?direction=out"),
        r -> r.json().path("items").size() == 3);
    try (LiveClient client = new LiveClient(live.hub.address())) {
      client.send("{\"type\":\"subscribe\",\"account\":\"" + account(carol) + "\",\"since\":" + cursor + "}");
      assertThat(expect(client, "subscribed").path("cursor").asLong()).isEqualTo(cursor);
      List<JsonNode> missed = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        missed.add(expect(client, "event"));
      }
      assertThat(missed).extracting(e -> e.path("sequenceNumber").asLong()).containsExactly(0L, 1L, 2L);
      assertThat(missed).extracting(e -> e.path("amount").asLong()).containsExactly(10L, 11L, 12L);
      assertThat(missed).allSatisfy(e -> assertThat(e.path("event").asText()).isEqualTo("payment_confirmed"));
      assertThat(missed.get(0).path("cursor").asLong()).isGreaterThan(cursor);
      assertThat(missed.get(1).path("cursor").asLong()).isGreaterThan(missed.get(0).path("cursor").asLong());
      assertThat(missed.get(2).path("cursor").asLong()).isGreaterThan(missed.get(1).path("cursor").asLong());
      // Nothing else: the next message answers a ping.
      client.send("{\"type\":\"ping\",\"id\":\"after\"}");
      assertThat(expect(client, "pong").path("id").asText()).isEqualTo("after");
    }
  }

  @Test
  void badMessagesGetTypedErrorsAndChangeNothing() throws Exception {
    String someone = account(network.newKey());
    try (LiveClient client = new LiveClient(live.hub.address())) {
      String[][] cases = {
          {"{not json", "MALFORMED_JSON"},
          {"[1,2]", "MALFORMED_JSON"},
          {"{\"type\":\"dance\"}", "UNKNOWN_MESSAGE_TYPE"},
          {"{\"account\":\"" + someone + "\"}", "MISSING_FIELD"},
          {"{\"type\":7}", "WRONG_TYPE"},
          {"{\"type\":\"subscribe\",\"account\":\"not-an-account\"}", "BAD_PARAMETER"},
          {"{\"type\":\"subscribe\",\"account\":\"" + someone.substring(0, 62) + "\"}", "BAD_PARAMETER"},
          {"{\"type\":\"subscribe\",\"feed\":\"everything\"}", "BAD_PARAMETER"},
          {"{\"type\":\"subscribe\",\"feed\":\"network\",\"account\":\"" + someone + "\"}", "BAD_PARAMETER"},
          {"{\"type\":\"subscribe\",\"account\":\"" + someone + "\",\"since\":\"yesterday\"}", "WRONG_TYPE"},
          {"{\"type\":\"subscribe\",\"account\":\"" + someone + "\",\"since\":-1}", "BAD_PARAMETER"},
          {"{\"type\":\"subscribe\",\"account\":\"" + someone + "\",\"colour\":\"red\"}", "UNKNOWN_FIELD"},
          {"{\"type\":\"unsubscribe\",\"account\":\"" + someone + "\"}", "NOT_SUBSCRIBED"},
      };
      for (String[] c : cases) {
        client.send(c[0]);
        JsonNode error = expect(client, "error");
        assertThat(error.path("code").asText()).as(c[0]).isEqualTo(c[1]);
        assertThat(error.path("message").asText()).isNotBlank();
      }
      // None of them subscribed to anything; a good subscribe still works, once.
      client.send("{\"type\":\"unsubscribe\",\"feed\":\"network\"}");
      assertThat(expect(client, "error").path("code").asText()).isEqualTo("NOT_SUBSCRIBED");
      client.send("{\"type\":\"subscribe\",\"account\":\"" + someone + "\"}");
      expect(client, "subscribed");
      client.send("{\"type\":\"subscribe\",\"account\":\"" + someone + "\"}");
      assertThat(expect(client, "error").path("code").asText()).isEqualTo("ALREADY_SUBSCRIBED");
      client.send("{\"type\":\"unsubscribe\",\"account\":\"" + someone + "\"}");
      assertThat(expect(client, "unsubscribed").path("subscription").asText()).isEqualTo(someone);
      client.send("{\"type\":\"ping\"}");
      assertThat(expect(client, "pong").path("id").isNull()).isTrue();
    }
  }

  @Test
  void oneAddressCannotTakeEveryConnection() throws Exception {
    // A hub of its own (an in-memory log), so no other test's connections count: 2 per address, 10 in all.
    try (HubServer server = HubServer.start(HubServer.Settings.local(0),
        List.of(new LiveRoutes(LiveSessionTest.LOG, new LiveSignal(), 10, 2, TrustedProxies.NONE)))) {
      java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + server.port());
      try (LiveClient first = new LiveClient(uri); LiveClient second = new LiveClient(uri)) {
        for (LiveClient client : List.of(first, second)) {
          client.send("{\"type\":\"ping\"}");
          assertThat(expect(client, "pong")).isNotNull();
        }
        try (LiveClient third = new LiveClient(uri)) {
          LiveClient.Arrival refused = third.closed();
          assertThat(refused.closeCode()).isEqualTo(LiveSession.CLOSE_FULL);
          assertThat(refused.closeReason()).contains("this address has 2 live connections");
        }
        // A closed connection gives its place back (the close reaches the hub a moment later).
        first.close();
        boolean admitted = false;
        for (int attempt = 0; attempt < 100 && !admitted; attempt++) {
          try (LiveClient again = new LiveClient(uri)) {
            again.send("{\"type\":\"ping\"}");
            LiveClient.Arrival arrival = again.arrival();
            admitted = arrival.message() != null && arrival.message().path("type").asText().equals("pong");
            if (!admitted) {
              Thread.sleep(100);
            }
          }
        }
        assertThat(admitted).as("a third connection admitted once the first closed").isTrue();
      }
    }
  }

  @Test
  void behindATrustedProxyEachForwardedClientHasItsOwnConnections() throws Exception {
    try (HubServer server = HubServer.start(HubServer.Settings.local(0),
        List.of(new LiveRoutes(LiveSessionTest.LOG, new LiveSignal(), 10, 1, TrustedProxies.of(List.of("127.0.0.1")))))) {
      java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + server.port());
      try (LiveClient one = new LiveClient(uri, "198.51.100.1"); LiveClient other = new LiveClient(uri, "198.51.100.2")) {
        for (LiveClient client : List.of(one, other)) {
          client.send("{\"type\":\"ping\"}");
          assertThat(expect(client, "pong")).isNotNull();
        }
        try (LiveClient again = new LiveClient(uri, "198.51.100.1")) {
          assertThat(again.closed().closeReason()).contains("this address has 1 live connections");
        }
        // Through the proxy but without the header: the proxy's own address, which has no connection yet.
        try (LiveClient bare = new LiveClient(uri)) {
          bare.send("{\"type\":\"ping\"}");
          assertThat(expect(bare, "pong")).isNotNull();
        }
      }
    }
  }
}
