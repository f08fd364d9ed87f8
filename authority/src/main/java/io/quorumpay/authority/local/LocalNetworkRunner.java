package io.quorumpay.authority.local;

import com.google.protobuf.ByteString;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.quorumpay.api.AuthorityGrpc;
import io.quorumpay.api.HealthRequest;
import io.quorumpay.api.PrimaryGrpc;
import io.quorumpay.api.PrimaryStatusRequest;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.config.ConfigException;
import io.quorumpay.ethereum.Anvil;
import io.quorumpay.ethereum.EthereumDeployment;
import io.quorumpay.ethereum.EthereumNetworkFile;
import io.quorumpay.ethereum.EthereumSettings;
import java.io.IOException;
import java.net.URI;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * Runs a local network written by {@link LocalNetwork} as separate processes: the primary chain
 * (the dev chain's process, or anvil with the QuorumPay contract, deployed on first start), then
 * every authority, each logging to its own file in one folder. Closing stops them cleanly,
 * authorities first.
 */
public final class LocalNetworkRunner implements AutoCloseable {
  private final NodeProcess primary;
  private final Optional<EthereumNetworkFile> ethereum;
  private Anvil anvil;
  private final List<NodeProcess> authorities;
  private final Map<String, Integer> restarted = new ConcurrentHashMap<>();

  private LocalNetworkRunner(NodeProcess primary, Optional<EthereumNetworkFile> ethereum, List<NodeProcess> authorities) {
    this.primary = primary;
    this.ethereum = ethereum;
    this.authorities = authorities;
  }

  /**
   * Starts every process of {@code layout} and waits until each serves this network (not just
   * until a port answers: another network's node on the same port is caught); {@code started} is
   * told the name of each node as it comes up.
   */
  public static LocalNetworkRunner start(LocalNetwork.Layout layout, Path logs, Duration timeout, Consumer<String> started)
      throws IOException, InterruptedException {
    CommitteeFile committee;
    try {
      committee = CommitteeFile.read(layout.committeeFile());
    } catch (ConfigException e) {
      throw new IOException(e.getMessage(), e);
    }
    List<NodeProcess> authorities = new ArrayList<>();
    LocalNetworkRunner runner;
    try {
      runner = switch (layout.primary()) {
        case DEV -> new LocalNetworkRunner(NodeProcess.primary(layout.primaryFile(), logs.resolve("primary.log")),
            Optional.empty(), authorities);
        case ETHEREUM -> new LocalNetworkRunner(null, Optional.of(EthereumNetworkFile.read(layout.primaryFile())), authorities);
      };
    } catch (ConfigException e) {
      throw new IOException(e.getMessage(), e);
    }
    try {
      if (runner.ethereum.isPresent()) {
        runner.startAnvil();
        deployIfAbsent(runner.ethereum.get(), committee);
        started.accept("ethereum");
      } else {
        NodeProcess primary = runner.primary.start();
        awaitListening(List.of(layout.primaryEndpoint()), primary, timeout);
        checkServes(layout, committee, List.of(layout.primaryEndpoint()), true, primary);
        started.accept(primary.name());
      }
      for (int a = 0; a < layout.authorityFiles().size(); a++) {
        authorities.add(NodeProcess.authority("authority-" + a, layout.authorityFiles().get(a),
            logs.resolve("authority-" + a + ".log")).start());
      }
      for (int a = 0; a < authorities.size(); a++) {
        awaitListening(committee.members().get(a).shards(), authorities.get(a), timeout);
        checkServes(layout, committee, committee.members().get(a).shards(), false, authorities.get(a));
        started.accept(authorities.get(a).name());
      }
      return runner;
    } catch (IOException | InterruptedException | RuntimeException e) {
      runner.close();
      throw e;
    }
  }

  /** Starts the network's local anvil, if it has one (else its node runs elsewhere). */
  private void startAnvil() throws IOException {
    EthereumNetworkFile file = ethereum.orElseThrow();
    if (file.anvil().isPresent()) {
      EthereumNetworkFile.LocalAnvil local = file.anvil().get();
      Files.createDirectories(local.state().toAbsolutePath().getParent());
      int port = URI.create(file.settings().endpoint()).getPort();
      // --state: the chain survives a restart of qp up; --state-interval: and a kill -9 of it, up to a second.
      anvil = Anvil.start(port, List.of("--block-time", Integer.toString(local.blockSeconds()),
          "--state", local.state().toString(), "--state-interval", "1"));
    }
  }

  /**
   * Deploys the committee's contract where the file says it is, unless it is there already; then
   * checks that the contract there is this committee's.
   */
  private static void deployIfAbsent(EthereumNetworkFile file, CommitteeFile committee) throws IOException {
    EthereumSettings settings = file.settings();
    Web3j web3j = settings.client();
    try {
      String code = web3j.ethGetCode(settings.contract().toString(), DefaultBlockParameterName.LATEST).send().getCode();
      if (code == null || code.equals("0x")) {
        var signers = committee.ethereumSigners().orElseThrow(() -> new IOException(
            "the committee file gives no 'ethereum' address for its authorities; the contract needs them"));
        EthereumDeployment deployment = EthereumDeployment.deploy(web3j, file.account(), committee.committee(), signers,
            List.of(LocalNetwork.ETHEREUM_QPC));
        if (!deployment.contract().equals(settings.contract())) {
          throw new IOException("the contract was deployed at " + deployment.contract() + ", not at " + settings.contract()
              + " as " + file.file() + " says: the deployer's account had sent transactions on this chain before");
        }
      }
    } catch (ConfigException e) {
      throw new IOException(e.getMessage(), e);
    } finally {
      web3j.shutdown();
    }
    settings.connect(committee.committee(), null, null).close();
  }

  /** Fails unless the node at each address answers for this network (the primary's status, a shard's health). */
  private static void checkServes(LocalNetwork.Layout layout, CommitteeFile committee, List<String> addresses, boolean isPrimary,
      NodeProcess process) throws IOException {
    ChannelCredentials credentials = layout.caFile().isPresent()
        ? TlsChannelCredentials.newBuilder().trustManager(layout.caFile().get().toFile()).build()
        : InsecureChannelCredentials.create();
    for (String address : addresses) {
      ManagedChannel channel = Grpc.newChannelBuilder(address, credentials).build();
      try {
        ByteString network = isPrimary
            ? PrimaryGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .status(PrimaryStatusRequest.getDefaultInstance()).getNetwork()
            : AuthorityGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .health(HealthRequest.getDefaultInstance()).getNetwork();
        if (!Arrays.equals(network.toByteArray(), committee.committee().network().bytes().toArray())) {
          throw new IOException(process.name() + ": " + address + " serves another network; is another network using"
              + " these ports? (log: " + process.log() + ")");
        }
      } catch (StatusRuntimeException e) {
        throw new IOException(process.name() + ": " + address + " does not answer as a QuorumPay node: " + e.getStatus()
            + " (log: " + process.log() + ")", e);
      } finally {
        channel.shutdownNow();
      }
    }
  }

  /** Waits until every address accepts connections, or fails if the process died or time ran out. */
  public static void awaitListening(List<String> addresses, NodeProcess process, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (String address : addresses) {
      int colon = address.lastIndexOf(':');
      InetSocketAddress target = new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
      while (true) {
        try (Socket socket = new Socket()) {
          socket.connect(target, 200);
          break;
        } catch (IOException notYet) {
          if (!process.isAlive()) {
            throw new IOException(process.name() + " exited while starting: " + lastError(process.log()) + " (log: " + process.log()
                + ")");
          }
          if (System.nanoTime() > deadline) {
            throw new IOException(process.name() + " did not start listening on " + address + " in time; see " + process.log());
          }
          Thread.sleep(50);
        }
      }
    }
  }

  /** The child's own last error line from its log, so that a failure says what went wrong. */
  private static String lastError(Path log) {
    try (java.util.stream.Stream<String> lines = Files.lines(log)) {
      List<String> errors = lines.filter(line -> line.startsWith("error:") || line.contains(" ERROR ")).toList();
      return errors.isEmpty() ? "no error line in its log" : errors.get(errors.size() - 1).strip();
    } catch (IOException | java.io.UncheckedIOException e) {
      return "its log cannot be read";
    }
  }

  /**
   * Starts again every node that exited, saying so through {@code report}; a node that keeps
   * dying is started at most {@code maxRestarts} times in all, then left down (its log says why).
   */
  public void restartExited(int maxRestarts, Consumer<String> report) {
    List<NodeProcess> nodes = new ArrayList<>();
    if (primary != null) {
      nodes.add(primary);
    }
    nodes.addAll(authorities);
    if (anvil != null && !anvil.isAlive()) {
      int restarts = restarted.merge("anvil", 1, Integer::sum);
      if (restarts <= maxRestarts) {
        report.accept("anvil exited; starting it again from its saved state, restart " + restarts + " of " + maxRestarts);
        try {
          startAnvil();
        } catch (IOException e) {
          report.accept("cannot start anvil again: " + e.getMessage());
        }
      } else if (restarts == maxRestarts + 1) {
        report.accept("anvil exited again and is left down after " + maxRestarts + " restarts; the authorities wait for it");
      }
    }
    for (NodeProcess node : nodes) {
      if (node.isAlive()) {
        continue;
      }
      int restarts = restarted.merge(node.name(), 1, Integer::sum);
      if (restarts > maxRestarts) {
        if (restarts == maxRestarts + 1) {
          report.accept(node.name() + " exited again and is left down after " + maxRestarts + " restarts: "
              + lastError(node.log()) + " (log: " + node.log() + ")");
        }
        continue;
      }
      report.accept(node.name() + " exited (" + lastError(node.log()) + "); starting it again, restart " + restarts + " of "
          + maxRestarts);
      try {
        node.start();
      } catch (IOException e) {
        report.accept("cannot start " + node.name() + " again: " + e.getMessage());
      }
    }
  }

  /** The dev chain's process (null on Ethereum). */
  public NodeProcess primary() {
    return primary;
  }

  public NodeProcess authority(int index) {
    return authorities.get(index);
  }

  public int authorityCount() {
    return authorities.size();
  }

  @Override
  public void close() {
    authorities.forEach(NodeProcess::close);
    if (primary != null) {
      primary.close();
    }
    if (anvil != null) {
      anvil.close();
    }
  }
}
