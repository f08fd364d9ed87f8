package io.quorumpay.ethereum;

import io.quorumpay.api.primary.PrimaryChain;
import io.quorumpay.core.types.PrimaryAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.web3j.crypto.Credentials;

/** The shared primary-chain suite against the Ethereum contract on a real anvil, through {@link EthereumPrimaryChain}. */
class EthereumChainBehaviourTest extends PrimaryChainBehaviour {
  static TestNetwork network;
  static AnvilFixture anvil;
  static EthereumPrimaryChain chain;

  @BeforeAll
  static void open() throws Exception {
    network = new TestNetwork("ethereum-behaviour");
    anvil = new AnvilFixture(network);
    chain = EthereumPrimaryChain.connect(EthereumPrimaryChain.client(anvil.anvil.endpoint(), 10_000),
        anvil.contractAddress(), anvil.deployment.block(), network.committee, Credentials.create(Anvil.DEV_KEYS.get(2)),
        new LocalCountersigner(network.ethKeys.subList(0, 3)));
  }

  @AfterAll
  static void close() {
    if (chain != null) {
      chain.close();
    }
    if (anvil != null) {
      anvil.close();
    }
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
    return chain.account();
  }

  @Override
  void mineTo(long height) throws Exception {
    long now = chain.status().height();
    if (now < height) {
      anvil.mine((int) (height - now));
    }
  }
}
