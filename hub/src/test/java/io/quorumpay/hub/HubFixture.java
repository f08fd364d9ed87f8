package io.quorumpay.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.primary.RemotePrimaryChain;
import io.quorumpay.authority.local.FreePorts;
import io.quorumpay.authority.local.LocalNetwork;
import io.quorumpay.authority.local.LocalNetworkRunner;
import io.quorumpay.client.CommitteeClient;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import io.quorumpay.hub.admission.OperatorCredential;
import io.quorumpay.hub.http.HubServer;
import io.quorumpay.hub.http.JsonBodies;
import io.quorumpay.primary.DevChain;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One real local network (four authority processes and a dev-chain primary process on loopback)
 * and one hub with its embedded PostgreSQL, shared by every test class of the module: started on
 * first use, stopped when the test JVM exits.
 */
public final class HubFixture {
  public static final AssetId QPC = new AssetId("QPC");
  public static final String OPERATOR_TOKEN = "operator-secret-for-tests-0123456789";
  private static HubFixture shared;

  public final Path dir;
  public final LocalNetwork.Layout layout;
  public final LocalNetworkRunner network;
  public final CommitteeClient committee;
  public final RemotePrimaryChain primary;
  public final Hub hub;
  public final Calls calls;
  private final SecureRandom random = new SecureRandom();

  private HubFixture() throws Exception {
    // Under the build folder, readable by others: PostgreSQL runs as the postgres user when the tests run as root.
    dir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "hub-test-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    layout = LocalNetwork.init(dir.resolve("net"), LocalNetwork.uniqueName("hub-test"), 4, 2, false, FreePorts::next);
    network = LocalNetworkRunner.start(layout, dir.resolve("logs"), Duration.ofSeconds(90), name -> { });
    committee = new CommitteeClient(CommitteeFile.read(layout.committeeFile()), InsecureChannelCredentials.create(),
        Duration.ofSeconds(3));
    primary = new RemotePrimaryChain(Grpc.newChannelBuilder(layout.primaryEndpoint(), InsecureChannelCredentials.create()).build());
    hub = Hub.start(new Hub.Config(HubServer.Settings.local(0), new Hub.Database.Embedded(dir.resolve("net/hub/postgres")),
        Optional.of(OperatorCredential.of(OPERATOR_TOKEN)), Duration.ofMillis(100)), committee, primary, List.of());
    calls = new Calls(hub.address());
  }

  /** The shared fixture, started on first call. */
  public static synchronized HubFixture get() throws Exception {
    if (shared == null) {
      shared = new HubFixture();
      HubFixture started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return shared;
  }

  void close() {
    hub.close();
    committee.close();
    primary.close();
    network.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (java.io.IOException e) {
      // Left for mvn clean.
    }
  }

  public KeyPair newKey() {
    return KeyPair.generate(random);
  }

  public static AccountId account(KeyPair key) {
    return new AccountId(key.publicKey());
  }

  /** Deposits on the primary (from the dev chain's faucet) and waits until the hub reports the balance. */
  public void fund(KeyPair key, long amount) throws Exception {
    primary.deposit(DevChain.faucetAddress(), account(key), QPC, new Amount(amount));
    await("balance of " + amount, () -> get("/v1/accounts/" + account(key).hex()),
        r -> r.status() == 200 && r.json().path("balances").path("QPC").asLong() >= amount);
  }

  /** A transfer order signed by {@code key}, hex. */
  public String signedTransfer(KeyPair key, Recipient to, long amount, long sequence) {
    TransferOrder order = new TransferOrder(committee.committee().network(), account(key), to, QPC, new Amount(amount),
        new SequenceNumber(sequence), UserData.EMPTY);
    return HexFormat.of().formatHex(SignedOrder.<Order>sign(order, key).encode());
  }

  /** An HTTP answer: status and body as JSON (or text that is not JSON as a text node). */
  public record Reply(int status, JsonNode json, HttpResponse<String> raw) {}

  /** Requests to one hub. */
  public static final class Calls {
    private final URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    public Calls(URI base) {
      this.base = base;
    }

    public Reply get(String path) throws Exception {
      return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Reply post(String path, String body) throws Exception {
      return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpRequest.Builder put(String path, String body) {
      return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body));
    }

    public Reply send(HttpRequest.Builder request) throws Exception {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json;
      try {
        json = JsonBodies.MAPPER.readTree(response.body());
      } catch (Exception e) {
        json = JsonBodies.MAPPER.getNodeFactory().textNode(response.body());
      }
      return new Reply(response.statusCode(), json == null ? JsonBodies.MAPPER.getNodeFactory().missingNode() : json, response);
    }

    public URI uri(String path) {
      return base.resolve(path);
    }
  }

  public Reply get(String path) throws Exception {
    return calls.get(path);
  }

  public Reply post(String path, String body) throws Exception {
    return calls.post(path, body);
  }

  public Reply send(HttpRequest.Builder request) throws Exception {
    return calls.send(request);
  }

  public URI uri(String path) {
    return calls.uri(path);
  }

  /** Another hub on the same network, with its own embedded database in {@code name} (closed by the caller). */
  public Hub startHub(String name) throws Exception {
    return Hub.start(new Hub.Config(HubServer.Settings.local(0), new Hub.Database.Embedded(dir.resolve(name)),
        Optional.of(OperatorCredential.of(OPERATOR_TOKEN)), Duration.ofMillis(100)), committee, primary, List.of());
  }

  /** Asks until {@code done} holds (at most 30 s): for what arrives a moment later (credits, indexing). */
  public static Reply await(String what, Call call, Predicate<Reply> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Reply last = call.run();
    while (!done.test(last)) {
      assertThat(System.nanoTime()).as("%s not reached; last answer %s %s", what, last.status(), last.json()).isLessThan(deadline);
      Thread.sleep(100);
      last = call.run();
    }
    return last;
  }

  @FunctionalInterface
  public interface Call {
    Reply run() throws Exception;
  }
}
