package io.quorumpay.ethereum;

import io.quorumpay.api.primary.PrimaryChain;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.primary.DevChain;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared primary-chain suite against the embedded dev chain. */
class DevChainBehaviourTest extends PrimaryChainBehaviour {
  static TestNetwork network;
  static DevChain chain;

  @BeforeAll
  static void open() throws Exception {
    network = new TestNetwork("dev-chain-behaviour");
    chain = DevChain.open(Files.createTempDirectory("dev-chain"), network.committee);
  }

  @AfterAll
  static void close() {
    chain.close();
  }

  @Override
  PrimaryChain chain() {
    return chain;
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
    while (chain.status().height() < height) {
      chain.produceBlock();
    }
  }
}
