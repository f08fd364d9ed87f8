package io.quorumpay.cli;

import io.quorumpay.authority.local.LocalNetwork;
import io.quorumpay.authority.local.LocalNetworkRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qp up}: a whole local network as separate processes, until Ctrl-C or {@code qp down}. It
 * holds the folder (a second {@code qp up} on it is refused), writes its pid for {@code qp down},
 * starts again a node that dies, and its nodes stop by themselves if it is killed.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {"Start a local network (the primary and every authority as separate processes) and keep it running until"
        + " Ctrl-C or qp down.", "A node that dies is started again (at most " + UpCommand.MAX_RESTARTS + " times)."})
final class UpCommand implements Callable<Integer> {
  static final int MAX_RESTARTS = 5;
  static final String PID_FILE = "qp-up.pid";
  @Spec
  CommandSpec spec;

  @Option(names = "--network", defaultValue = "qp-data/local", paramLabel = "DIR",
      description = "The network's folder; written first if empty (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--authorities", defaultValue = "4", description = "Authorities of a new network (default: ${DEFAULT-VALUE}).")
  int authorities;

  @Option(names = "--shards", defaultValue = "2", description = "Shards per authority of a new network (default: ${DEFAULT-VALUE}).")
  int shards;

  @Option(names = "--base-port", defaultValue = "7000", description = "First port of a new network (default: ${DEFAULT-VALUE}).")
  int basePort;

  @Option(names = "--tls", description = "Give a new network TLS everywhere.")
  boolean tls;

  @Option(names = "--primary", defaultValue = "dev", paramLabel = "dev|ethereum",
      description = "A new network's primary chain: the dev chain, or the QuorumPay contract on a local anvil that qp up starts"
          + " and deploys to (default: ${DEFAULT-VALUE}).")
  LocalNetwork.PrimaryKind primaryKind;

  @Option(names = "--hub-listen", defaultValue = HubCommand.DEFAULT_LISTEN, paramLabel = "HOST:PORT",
      description = "Where the hub serves its HTTP/JSON API (default: ${DEFAULT-VALUE}).")
  String hubListen;

  @Option(names = "--no-hub", description = "Do not start the hub (HTTP/JSON API, indexer; needs PostgreSQL's binaries).")
  boolean noHub;

  @Override
  public Integer call() throws InterruptedException {
    Output output = new Output(spec, false);
    if (authorities < 1 || authorities > 100 || shards < 1 || shards > 64) {
      return output.error(Exit.USAGE, "use 1-100 authorities and 1-64 shards");
    }
    LocalNetwork.Layout layout;
    java.nio.channels.FileChannel lock;
    try {
      Files.createDirectories(dir);
      lock = java.nio.channels.FileChannel.open(dir.resolve("qp-up.lock"), java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.WRITE);
      if (lock.tryLock() == null) {
        String pid = Files.isRegularFile(dir.resolve(PID_FILE)) ? Files.readString(dir.resolve(PID_FILE)).strip() : "?";
        return output.error(Exit.USAGE, "the network in " + dir + " is already running (qp up, pid " + pid + "); stop it with"
            + " qp down --network " + dir);
      }
      Files.writeString(dir.resolve(PID_FILE), Long.toString(ProcessHandle.current().pid()));
      if (Files.isRegularFile(dir.resolve("committee.yaml"))) {
        layout = LocalNetwork.open(dir);
        output.note("starting the network in " + dir);
      } else {
        AtomicInteger port = new AtomicInteger(basePort);
        layout = LocalNetwork.init(dir, LocalNetwork.uniqueName("local"), authorities, shards, tls, primaryKind,
            port::getAndIncrement);
        output.note("wrote a new network of " + authorities + " authorities x " + shards + " shards on "
            + (primaryKind == LocalNetwork.PrimaryKind.ETHEREUM ? "Ethereum (anvil)" : "the dev chain") + " to " + dir);
      }
    } catch (IOException e) {
      return output.error(Exit.USAGE, e.getMessage());
    }
    LocalNetworkRunner network;
    Path logs = dir.resolve("logs");
    try (Progress progress = new Progress("starting", layout.authorityFiles().size() + 1, output)) {
      network = LocalNetworkRunner.start(layout, logs, Duration.ofSeconds(90), name -> progress.step(name + " up"));
    } catch (IOException e) {
      return output.error(Exit.UNAVAILABLE, e.getMessage());
    }
    // The hub, in this process: a network still runs without it (it is never needed for money to move).
    java.util.List<AutoCloseable> hubParts = new java.util.ArrayList<>();
    String hubLine;
    if (noHub) {
      hubLine = "The hub is off (--no-hub).";
    } else {
      try {
        io.quorumpay.hub.Hub hub = HubCommand.start(new NetworkOptions().withDir(dir),
            HubCommand.Settings.local(hubListen), hubParts);
        hubParts.add(0, hub);
        hubLine = "The hub serves at " + hub.address() + " (API " + hub.address().resolve("/v1/network") + ", docs "
            + hub.address().resolve("/docs") + "); data in " + dir.resolve("hub");
      } catch (IOException | io.quorumpay.api.config.ConfigException | RuntimeException e) {
        hubParts.forEach(HubCommand::closeQuietly);
        hubParts.clear();
        hubLine = "The hub did not start: " + e.getMessage();
      }
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      spec.commandLine().getErr().println("\nstopping the network...");
      stopped.countDown();
      hubParts.forEach(HubCommand::closeQuietly);
      synchronized (network) {
        network.close();
      }
      try {
        Files.deleteIfExists(dir.resolve(PID_FILE));
        lock.close();
      } catch (IOException e) {
        // Stopping anyway.
      }
    }, "qp-up-shutdown"));
    String network1 = dir.equals(Path.of("qp-data/local")) ? "" : " --network " + dir;
    output.result("""
        QuorumPay is running: %s at %s, %d authorities; logs in %s
        %s
        Try, in another terminal:
          ./qp keygen --wallet qp-data/alice.json
          ./qp keygen --wallet qp-data/bob.json
          ./qp faucet --wallet qp-data/alice.json --amount 1000%s
          ./qp pay --wallet qp-data/alice.json --to <bob's account> --amount 250%s
          ./qp balance --wallet qp-data/bob.json%s
          ./qp redeem --wallet qp-data/bob.json --to 0x00000000000000000000000000000000000000b0 --amount 100%s
        Ctrl-C (or ./qp down%s) stops the network; ./qp up starts it again with its data.""".formatted(
        layout.primary() == LocalNetwork.PrimaryKind.ETHEREUM ? "Ethereum (anvil)" : "primary", layout.primaryEndpoint(),
        layout.authorityFiles().size(), logs, hubLine, network1, network1, network1, network1, network1), Map.of());
    // Supervise: a node that died is started again, with a line saying so.
    while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
      synchronized (network) {
        if (stopped.getCount() > 0) {
          network.restartExited(MAX_RESTARTS, output::note);
        }
      }
    }
    return Exit.OK;
  }
}
