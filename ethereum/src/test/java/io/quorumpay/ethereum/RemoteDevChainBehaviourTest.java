package io.quorumpay.ethereum;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.quorumpay.api.primary.PrimaryChain;
import io.quorumpay.api.primary.RemotePrimaryChain;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.primary.DevChain;
import io.quorumpay.primary.PrimaryNode;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared primary-chain suite against the dev chain's gRPC server, through {@link RemotePrimaryChain} on loopback. */
class RemoteDevChainBehaviourTest extends PrimaryChainBehaviour {
  static TestNetwork network;
  static PrimaryNode node;
  static RemotePrimaryChain remote;

  @BeforeAll
  static void open() throws Exception {
    network = new TestNetwork("remote-dev-chain-behaviour");
    // Blocks come from mineTo only: the producer's interval is longer than the suite.
    node = PrimaryNode.start(network.committee, Files.createTempDirectory("remote-dev-chain"),
        new InetSocketAddress("127.0.0.1", 0), Duration.ofHours(1), InsecureServerCredentials.create());
    remote = new RemotePrimaryChain(
        Grpc.newChannelBuilder("127.0.0.1:" + node.port(), InsecureChannelCredentials.create()).build());
  }

  @AfterAll
  static void close() {
    remote.close();
    node.close();
  }

  @Override
  PrimaryChain chain() {
    return remote;
  }

  @Override
  TestNetwork network() {
    return network;
  }

  @Override
  PrimaryAddress depositor() {
    return DevChain.faucetAddress();
  }

  @Override
  void mineTo(long height) throws Exception {
    while (remote.status().height() < height) {
      node.chain().produceBlock();
    }
  }
}
