package io.quorumpay.cli;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.config.ConfigException;
import io.quorumpay.api.primary.RemotePrimaryChain;
import io.quorumpay.api.primary.PrimaryChain;
import io.quorumpay.client.CommitteeClient;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.ethereum.CommitteeCountersigner;
import io.quorumpay.ethereum.EthereumNetworkFile;
import io.quorumpay.ethereum.EthereumPrimaryChain;
import io.quorumpay.primary.DevChain;
import io.quorumpay.primary.PrimaryConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where the network is: a folder written by {@code qp net init} or {@code qp up}, on the dev chain or on Ethereum. */
final class NetworkOptions {
  @Option(names = "--network", defaultValue = "qp-data/local", paramLabel = "DIR",
      description = "Folder of the network (committee.yaml, primary.yaml; tls/ca.crt if TLS is on). Default: ${DEFAULT-VALUE}.")
  Path dir;

  /** These options pointing at {@code folder} (for code that already knows the network). */
  NetworkOptions withDir(Path folder) {
    this.dir = folder;
    return this;
  }

  /** The committee file, or a message that says how to get one. */
  CommitteeFile committee() throws ConfigException {
    Path file = dir.resolve("committee.yaml");
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("no network at " + dir + " (no committee.yaml); start one with: qp up, or pass --network DIR");
    }
    return CommitteeFile.read(file);
  }

  ChannelCredentials credentials() throws IOException {
    Path ca = dir.resolve("tls/ca.crt");
    return Files.isRegularFile(ca)
        ? TlsChannelCredentials.newBuilder().trustManager(ca.toFile()).build()
        : InsecureChannelCredentials.create();
  }

  CommitteeClient committeeClient() throws ConfigException, IOException {
    return new CommitteeClient(committee(), credentials(), Duration.ofSeconds(3));
  }

  /**
   * The network's primary chain, as its folder says: the dev chain's process (primary.yaml), or
   * the contract on Ethereum (ethereum.yaml), whose redeems the committee countersigns.
   */
  PrimaryChain primary() throws ConfigException, IOException {
    Path ethereum = dir.resolve(EthereumNetworkFile.NAME);
    if (Files.isRegularFile(ethereum)) {
      EthereumNetworkFile file = EthereumNetworkFile.read(ethereum);
      CommitteeFile committee = committee();
      CommitteeCountersigner countersigner = new CommitteeCountersigner(committee, credentials(), Duration.ofSeconds(5), 3);
      try {
        return file.settings().connect(committee.committee(), file.account(), countersigner);
      } catch (IOException | RuntimeException e) {
        countersigner.close();
        throw e;
      }
    }
    Path file = dir.resolve("primary.yaml");
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("no primary.yaml or " + EthereumNetworkFile.NAME + " in " + dir
          + "; pass the folder written by qp net init");
    }
    PrimaryConfig config = PrimaryConfig.read(file);
    String target = config.listen().getHostString() + ":" + config.listen().getPort();
    return new RemotePrimaryChain(Grpc.newChannelBuilder(target, credentials()).build());
  }

  /** Where deposits come from unless a command names an address: the dev chain's faucet, or the Ethereum account. */
  static PrimaryAddress defaultDepositor(PrimaryChain chain) throws IOException {
    return chain instanceof EthereumPrimaryChain ethereum ? ethereum.account() : DevChain.faucetAddress();
  }
}
