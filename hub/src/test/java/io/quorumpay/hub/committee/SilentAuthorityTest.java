package io.quorumpay.hub.committee;

import static io.quorumpay.hub.HubFixture.account;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.InsecureChannelCredentials;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.client.CommitteeClient;
import io.quorumpay.core.client.PaymentDriver;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.hub.HubFixture;
import io.quorumpay.hub.HubFixture.Reply;
import io.quorumpay.hub.api.SubmitRoutes;
import io.quorumpay.hub.http.HubServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Authorities that accept connections and never answer (an attacker with their keys, or a hung
 * process), over the real local network and real gRPC on loopback: each payment holds a relay
 * thread only until it is answered, a hub whose relays are all busy refuses at once, and the
 * answer is written off the relay threads (a client reading it slowly holds none).
 */
class SilentAuthorityTest {
  static HubFixture fixture;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    fixture = HubFixture.get();
  }

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void aSilentAuthorityDoesNotHoldARelayThreadPerPayment() throws Exception {
    Silent silent = open(new Silent());
    // Three relays, so that one still returning to the pool as the next payment arrives does not refuse it.
    HubFixture.Calls calls = hub(silent, 1, 3, PaymentDriver.Budget.standard()).calls();
    KeyPair payer = fixture.newKey();
    fixture.fund(payer, 100);
    // With the relay driving on until the silent authority's confirm time (5 s) ran out, the fourth was refused:
    // the silent authority's calls last the client's deadline (60 s), so they cannot end the relay sooner.
    for (int sequence = 0; sequence < 10; sequence++) {
      Reply reply = calls.post("/v1/orders", order(payer, sequence));
      assertThat(reply.status()).as("payment %d: %s", sequence, reply.json()).isEqualTo(200);
      assertThat(reply.json().path("certificate").path("check").path("valid").asBoolean()).isTrue();
    }
    assertThat(silent.connections.getCount()).as("the silent authority was asked").isZero();
  }

  @Test
  void aHubWhoseRelaysAreAllBusyRefusesAtOnce() throws Exception {
    Silent silent = open(new Silent());
    // Two of four silent: no quorum answers, so the first payment stays in flight on the only relay thread,
    // for as long as the test runs (its first round lasts a minute).
    RelayingHub hub = hub(silent, 2, 1, new PaymentDriver.Budget(6, 60_000, 60_000, 0));
    HubFixture.Calls calls = hub.calls();
    KeyPair payer = fixture.newKey();
    fixture.fund(payer, 100);
    CompletableFuture<Reply> first = CompletableFuture.supplyAsync(() -> {
      try {
        return calls.post("/v1/orders", order(payer, 0));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, command -> Thread.ofVirtual().start(command));
    silent.connections.await(); // a relay thread is driving it: it asked a silent authority

    Reply refused = calls.post("/v1/orders", order(fixture.newKey(), 0));
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.json().path("code").asText()).isEqualTo("COMMITTEE_UNAVAILABLE");
    assertThat(refused.json().path("message").asText()).contains("relays as many payments");
    assertThat(first).as("the first payment is still in flight").isNotDone();

    hub.gateway().close(); // the hub stopping ends the payment in flight
    Reply stopped = first.join();
    assertThat(stopped.status()).isEqualTo(503);
    assertThat(stopped.json().path("message").asText()).contains("the hub is stopping");
  }

  @Test
  void oneClientCannotHoldMoreThanItsShareOfTheRelays() throws Exception {
    Silent silent = open(new Silent());
    // No quorum answers: each payment holds a relay for its one-minute first round. Eight relays, two per client.
    RelayingHub hub = hub(silent, 2, 8, new PaymentDriver.Budget(6, 60_000, 60_000, 0), 2);
    List<CompletableFuture<Reply>> held = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String order = order(fixture.newKey(), 0);
      held.add(CompletableFuture.supplyAsync(() -> {
        try {
          return hub.calls().post("/v1/orders", order);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, command -> Thread.ofVirtual().start(command)));
    }
    for (int wait = 0; wait < 600 && hub.gateway().activeRelays() < 2; wait++) {
      Thread.sleep(50);
    }
    assertThat(hub.gateway().activeRelays()).as("both payments are being relayed").isEqualTo(2);

    Reply third = hub.calls().post("/v1/orders", order(fixture.newKey(), 0));
    assertThat(third.status()).isEqualTo(429);
    assertThat(third.json().path("code").asText()).isEqualTo("RATE_LIMITED");

    hub.gateway().close();
    for (CompletableFuture<Reply> payment : held) {
      assertThat(payment.join().json().path("message").asText()).contains("the hub is stopping");
    }
    // Both gave their places back: the next is refused by the stopped gateway, not by the cap.
    Reply after = hub.calls().post("/v1/orders", order(fixture.newKey(), 0));
    assertThat(after.json().path("code").asText()).isEqualTo("COMMITTEE_UNAVAILABLE");
  }

  @Test
  void theAnswerIsWrittenOffTheRelayThreads() throws Exception {
    Silent silent = open(new Silent());
    RelayingHub hub = hub(silent, 0, 1, PaymentDriver.Budget.standard());
    KeyPair payer = fixture.newKey();
    fixture.fund(payer, 100);
    for (int sequence = 0; sequence < 3; sequence++) {
      Reply paid = hub.calls().post("/v1/orders", order(payer, sequence));
      assertThat(paid.status()).as("%s", paid.json()).isEqualTo(200);
    }
    // Javalin runs a future's after-handlers and writes its answer on the thread that completes it: on a
    // relay thread, a client that reads slowly would hold that thread for Jetty's idle timeout.
    assertThat(hub.answeredOn()).hasSize(3).noneMatch(thread -> thread.startsWith("hub-relay-"));
  }

  /** A hub, its gateway, and the names of the threads its answers to {@code POST /v1/orders} were written on. */
  private record RelayingHub(CommitteeGateway gateway, HubFixture.Calls calls, List<String> answeredOn) {}

  /**
   * A hub serving payments only, over the fixture's network with {@code silentCount} authorities
   * replaced by {@code silent}, relaying at most {@code maxRelays} payments at once within {@code
   * budget}; its calls to authorities have a deadline (60 s) longer than any test here.
   */
  private RelayingHub hub(Silent silent, int silentCount, int maxRelays, PaymentDriver.Budget budget) throws Exception {
    return hub(silent, silentCount, maxRelays, budget, HubServer.Settings.RELAYS_PER_CLIENT);
  }

  /** As above, with at most {@code relaysPerClient} payments relayed at once for one client. */
  private RelayingHub hub(Silent silent, int silentCount, int maxRelays, PaymentDriver.Budget budget, int relaysPerClient)
      throws Exception {
    CommitteeFile file = CommitteeFile.read(fixture.layout.committeeFile());
    List<CommitteeFile.Member> members = new ArrayList<>(file.members());
    for (int i = 0; i < silentCount; i++) {
      CommitteeFile.Member member = members.get(i);
      members.set(i, new CommitteeFile.Member(member.name(), member.weight(),
          member.shards().stream().map(shard -> "127.0.0.1:" + silent.socket.getLocalPort()).toList(), member.ethereum()));
    }
    CommitteeClient committee = open(new CommitteeClient(new CommitteeFile(file.committee(), members, file.depositConfirmations()),
        InsecureChannelCredentials.create(), Duration.ofSeconds(60)));
    CommitteeGateway gateway = open(new CommitteeGateway(committee, fixture.primary, Duration.ofSeconds(3), maxRelays, budget));
    List<String> answeredOn = new CopyOnWriteArrayList<>();
    HubServer server = open(HubServer.start(HubServer.Settings.local(0), List.of(new SubmitRoutes(gateway, fixture.hub.parts().admission(), relaysPerClient),
        app -> app.after("/v1/orders", ctx -> answeredOn.add(Thread.currentThread().getName())))));
    return new RelayingHub(gateway, new HubFixture.Calls(server.address("127.0.0.1")), answeredOn);
  }

  private static String order(KeyPair payer, long sequence) {
    return "{\"signedOrder\":\"" + fixture.signedTransfer(payer, new Recipient.Account(account(fixture.newKey())), 1, sequence) + "\"}";
  }

  private <T extends AutoCloseable> T open(T resource) {
    open.add(resource);
    return resource;
  }

  /** A listening socket that accepts every connection and never sends a byte. */
  private static final class Silent implements AutoCloseable {
    final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    final CountDownLatch connections = new CountDownLatch(1);
    private final List<Socket> accepted = new ArrayList<>();
    private final Thread acceptor = Thread.ofPlatform().daemon().start(this::acceptAll);

    Silent() throws IOException {}

    private void acceptAll() {
      try {
        while (!socket.isClosed()) {
          Socket connection = socket.accept();
          synchronized (accepted) {
            accepted.add(connection);
          }
          connections.countDown();
        }
      } catch (IOException e) {
        // Closed.
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
      synchronized (accepted) {
        for (Socket connection : accepted) {
          connection.close();
        }
      }
    }
  }
}
