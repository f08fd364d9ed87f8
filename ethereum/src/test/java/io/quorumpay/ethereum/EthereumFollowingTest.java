package io.quorumpay.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quorumpay.api.primary.DepositReceipt;
import io.quorumpay.core.authority.DepositFollowing;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.types.Amount;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/**
 * Following deposits on Ethereum at depth, with anvil's reorganisations: a deposit that a reorg
 * removes before the configured depth is never returned (so no authority credits it), and the
 * deposit that replaces its index is. A node that is down is an IOException, not an empty answer,
 * and following resumes when it is back. Each test has its own anvil.
 */
class EthereumFollowingTest {
  static final int DEPTH = 3;
  TestNetwork network;
  AnvilFixture anvil;
  EthereumPrimaryChain chain;

  @BeforeEach
  void start() throws Exception {
    network = new TestNetwork("following");
    anvil = new AnvilFixture(network);
    chain = EthereumPrimaryChain.connect(EthereumPrimaryChain.client(anvil.anvil.endpoint(), 2_000),
        anvil.contractAddress(), anvil.deployment.block(), network.committee, Credentials.create(Anvil.DEV_KEYS.get(2)),
        new LocalCountersigner(network.ethKeys));
  }

  @AfterEach
  void stop() {
    chain.close();
    anvil.close();
  }

  DepositReceipt deposit(KeyPair to, long amount) throws Exception {
    return chain.deposit(chain.account(), TestNetwork.id(to), AnvilFixture.QPC, new Amount(amount));
  }

  /** What an authority at cursor {@code next} would credit now (core's DepositFollowing over the chain's answer). */
  List<PrimaryDeposit> credits(long next) throws IOException {
    return DepositFollowing.plan(next, chain.confirmedDeposits(next, 500, DEPTH)).deposits();
  }

  @Test
  void aDepositRevertedBeforeItsDepthIsNeverCreditedAndItsReplacementIs() throws Exception {
    KeyPair alice = TestNetwork.newAccount();
    KeyPair bob = TestNetwork.newAccount();
    String snapshot = anvil.rpc("evm_snapshot");
    DepositReceipt removed = deposit(alice, 100);
    anvil.mine(DEPTH - 2); // one block short of the depth
    assertThat(credits(0)).isEmpty();
    anvil.rpc("evm_revert", snapshot); // the chain forgets the deposit's block
    assertThat(credits(0)).isEmpty();
    DepositReceipt replacement = deposit(bob, 7);
    assertThat(replacement.deposit().index()).isEqualTo(removed.deposit().index());
    anvil.mine(DEPTH);
    assertThat(credits(0)).containsExactly(replacement.deposit());
    assertThat(credits(0).get(0).recipient()).isEqualTo(TestNetwork.id(bob));
  }

  @Test
  void anvilReorgOfTheDepositBlockRemovesIt() throws Exception {
    DepositReceipt kept = deposit(TestNetwork.newAccount(), 5);
    anvil.mine(DEPTH);
    DepositReceipt removed = deposit(TestNetwork.newAccount(), 100);
    anvil.mine(DEPTH - 2);
    assertThat(credits(0)).containsExactly(kept.deposit());
    // Replace the last DEPTH - 1 blocks (the removed deposit's and the one after it) by empty ones.
    anvil.rpc("anvil_reorg", DEPTH - 1, List.of());
    anvil.mine(DEPTH);
    assertThat(credits(0)).containsExactly(kept.deposit());
    assertThat(chain.status().depositCount()).isEqualTo(removed.deposit().index());
    assertThat(credits(1)).isEmpty();
  }

  @Test
  void aNodeThatIsDownIsAnErrorNotAnEmptyChain() throws Exception {
    deposit(TestNetwork.newAccount(), 5);
    anvil.mine(DEPTH);
    assertThat(credits(0)).hasSize(1);
    anvil.anvil.close();
    assertThatThrownBy(() -> chain.confirmedDeposits(0, 10, DEPTH)).isInstanceOf(IOException.class)
        .hasMessageContaining("did not answer");
    assertThatThrownBy(() -> deposit(TestNetwork.newAccount(), 5)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> chain.redeem(network.redeem(TestNetwork.newAccount(), TestNetwork.randomAddress(),
        AnvilFixture.QPC, 1, 0))).isInstanceOf(IOException.class);
  }
}
