package io.quorumpay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.authority.local.FreePorts;
import io.quorumpay.authority.local.LocalNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qp up} as its own process: it holds its folder, restarts a node that dies (anvil too), and
 * stops with qp down or its own death; on Ethereum it keeps its chain across a stop and a start.
 */
class UpCommandTest {
  @TempDir
  Path dir;

  Process up(Path net) throws Exception {
    return up(net, "--no-hub");
  }

  Process up(Path net, String... options) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
    if (Runtime.version().feature() >= 22) {
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Qp.class.getName(), "up", "--network", net.toString()));
    command.addAll(List.of(options));
    Process up = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("up.log").toFile()).start();
    await(() -> Files.exists(dir.resolve("up.log")) && read(dir.resolve("up.log")).contains("QuorumPay is running"), up);
    return up;
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  void await(BooleanSupplier condition, Process up) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited in vain; qp up said:%n%s", read(dir.resolve("up.log"))).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  /** The ports of {@code layout}, in the order LocalNetwork.init took them. */
  static List<Integer> ports(LocalNetwork.Layout layout) throws Exception {
    List<Integer> ports = new ArrayList<>();
    ports.add(Integer.parseInt(layout.primaryEndpoint().substring(layout.primaryEndpoint().lastIndexOf(':') + 1)));
    var members = io.quorumpay.api.config.CommitteeFile.read(layout.committeeFile()).members();
    for (int a = 0; a < members.size(); a++) {
      var peers = io.quorumpay.authority.config.AuthorityConfig.read(layout.authorityFiles().get(a)).peerAddresses();
      for (int shard = 0; shard < members.get(a).shards().size(); shard++) {
        String client = members.get(a).shards().get(shard);
        ports.add(Integer.parseInt(client.substring(client.lastIndexOf(':') + 1)));
        ports.add(Integer.parseInt(peers.get(shard).substring(peers.get(shard).lastIndexOf(':') + 1)));
      }
    }
    return ports;
  }

  static boolean accepts(String address) {
    int colon = address.lastIndexOf(':');
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))), 200);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** The node whose config path contains {@code configPart} (from /proc: ProcessHandle.Info cuts long command lines). */
  static Optional<ProcessHandle> node(Process up, String configPart) {
    return up.descendants().filter(p -> p.isAlive() && read(Path.of("/proc", Long.toString(p.pid()), "cmdline"))
        .contains(configPart + "/authority.yaml")).findFirst();
  }

  @Test
  void upStartsTheHubPrintsItsAddressAndStopsItsDatabaseWithDown() throws Exception {
    // Readable by others: the hub's PostgreSQL runs as the postgres user when the tests run as root.
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Path net = dir.resolve("net");
    LocalNetwork.init(net, LocalNetwork.uniqueName("up-hub"), 4, 1, false, FreePorts::next);
    String listen = "127.0.0.1:" + FreePorts.next();
    Process up = up(net, "--hub-listen", listen);
    try {
      assertThat(read(dir.resolve("up.log"))).contains("The hub serves at http://" + listen);
      var http = java.net.http.HttpClient.newHttpClient();
      var health = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + listen + "/v1/health")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(Files.exists(net.resolve("hub/postgres/data/postmaster.pid"))).isTrue();
      DemoCommandTest.Run down = DemoCommandTest.qp("down", "--network", net.toString());
      assertThat(down.exitCode()).as(down.err()).isZero();
      assertThat(up.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.exists(net.resolve("hub/postgres/data/postmaster.pid"))).as("the hub's PostgreSQL stopped").isFalse();
    } finally {
      up.destroyForcibly();
    }
  }

  @Test
  void upHoldsItsFolderRestartsADeadNodeAndStopsWithDownOrWithItself() throws Exception {
    Path net = dir.resolve("net");
    LocalNetwork.Layout layout = LocalNetwork.init(net, LocalNetwork.uniqueName("up"), 4, 1, false, FreePorts::next);
    Process up = up(net);
    try {
      // A second qp up on the same folder is refused, and says how to stop the first.
      DemoCommandTest.Run second = DemoCommandTest.qp("up", "--network", net.toString());
      assertThat(second.exitCode()).isEqualTo(2);
      assertThat(second.err()).contains("already running").contains("qp down");

      // Another network written on the same ports does not start, and says why.
      java.util.Iterator<Integer> samePorts = ports(layout).iterator();
      Path other = dir.resolve("other");
      LocalNetwork.init(other, LocalNetwork.uniqueName("other"), 4, 1, false, samePorts::next);
      DemoCommandTest.Run clash = DemoCommandTest.qp("up", "--network", other.toString());
      assertThat(clash.exitCode()).isEqualTo(1);
      assertThat(clash.err()).containsAnyOf("serves another network", "already in use");

      // A node killed with kill -9 is started again.
      ProcessHandle victim = node(up, "authority-1").orElseThrow();
      victim.destroyForcibly();
      victim.onExit().get(30, TimeUnit.SECONDS);
      await(() -> node(up, "authority-1").map(p -> p.pid() != victim.pid()).orElse(false), up);
      String address = io.quorumpay.api.config.CommitteeFile.read(layout.committeeFile()).members().get(1).shards().get(0);
      await(() -> accepts(address), up);
      assertThat(read(dir.resolve("up.log"))).contains("authority-1 exited").contains("starting it again");

      // qp down stops it, nodes and all.
      List<ProcessHandle> nodes = up.descendants().toList();
      DemoCommandTest.Run down = DemoCommandTest.qp("down", "--network", net.toString());
      assertThat(down.exitCode()).as(down.err()).isZero();
      assertThat(down.out()).contains("stopped the network");
      assertThat(up.waitFor(60, TimeUnit.SECONDS)).isTrue();
      await(() -> nodes.stream().noneMatch(ProcessHandle::isAlive), up);
    } finally {
      up.destroyForcibly();
    }

    // Killed with kill -9, qp up leaves no node behind: they watch it and stop.
    Process again = up(net);
    List<ProcessHandle> nodes = again.descendants().toList();
    assertThat(nodes).hasSizeGreaterThanOrEqualTo(5);
    again.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    await(() -> nodes.stream().noneMatch(ProcessHandle::isAlive), again);
  }

  static String balance(Path net, String wallet) {
    DemoCommandTest.Run run = DemoCommandTest.qp("balance", "--network", net.toString(), "--wallet", wallet);
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run.out();
  }

  @Test
  void upOnEthereumRestartsADeadAnvilFromItsStateAndKeepsItsChainWhenStartedAgain() throws Exception {
    Path net = dir.resolve("eth");
    LocalNetwork.Layout layout = LocalNetwork.init(net, LocalNetwork.uniqueName("up-eth"), 1, 1, false,
        LocalNetwork.PrimaryKind.ETHEREUM, FreePorts::next);
    String alice = dir.resolve("alice.json").toString();
    assertThat(DemoCommandTest.qp("keygen", "--wallet", alice).exitCode()).isZero();
    Process up = up(net);
    try {
      DemoCommandTest.Run faucet = DemoCommandTest.qp("faucet", "--network", net.toString(), "--wallet", alice, "--amount", "100");
      assertThat(faucet.out()).as(faucet.err()).contains("balance 100 QPC");

      // anvil killed with kill -9 is started again from its saved state: the contract and the deposit are there.
      ProcessHandle anvil = up.descendants().filter(p -> read(Path.of("/proc", Long.toString(p.pid()), "cmdline"))
          .contains("anvil")).findFirst().orElseThrow();
      anvil.destroyForcibly();
      anvil.onExit().get(30, TimeUnit.SECONDS);
      await(() -> read(dir.resolve("up.log")).contains("anvil exited; starting it again from its saved state, restart 1 of 5"), up);
      await(() -> accepts(layout.primaryEndpoint()), up);
      faucet = DemoCommandTest.qp("faucet", "--network", net.toString(), "--wallet", alice, "--amount", "20");
      assertThat(faucet.out()).as(faucet.err()).contains("balance 120 QPC");

      DemoCommandTest.Run down = DemoCommandTest.qp("down", "--network", net.toString());
      assertThat(down.exitCode()).as(down.err()).isZero();
      assertThat(up.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      up.destroyForcibly();
    }

    // Started again: the same chain (the contract holds both deposits), and the authority follows on from its cursor.
    Process again = up(net);
    try {
      var committee = io.quorumpay.api.config.CommitteeFile.read(net.resolve("committee.yaml"));
      var file = io.quorumpay.ethereum.EthereumNetworkFile.read(net.resolve(io.quorumpay.ethereum.EthereumNetworkFile.NAME));
      try (var chain = file.settings().connect(committee.committee(), null, null)) {
        assertThat(chain.status().depositCount()).isEqualTo(2);
        assertThat(chain.status().funds()).containsEntry(new io.quorumpay.core.types.AssetId("QPC"), 120L);
      }
      assertThat(balance(net, alice)).contains("120 QPC");
      DemoCommandTest.Run faucet = DemoCommandTest.qp("faucet", "--network", net.toString(), "--wallet", alice, "--amount", "3");
      assertThat(faucet.out()).as(faucet.err()).contains("balance 123 QPC");
      assertThat(DemoCommandTest.qp("down", "--network", net.toString()).exitCode()).isZero();
      assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      again.destroyForcibly();
    }
  }
}
