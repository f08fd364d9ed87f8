package io.quorumpay.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.quorumpay.api.primary.ChainStatus;
import io.quorumpay.api.primary.DepositReceipt;
import io.quorumpay.api.primary.PrimaryChain;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VoteSignature;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The primary chain's behaviour, one suite run against every implementation: the embedded dev
 * chain ({@link DevChainBehaviourTest}), the dev chain served over gRPC
 * ({@link RemoteDevChainBehaviourTest}) and the Ethereum contract on a real anvil
 * ({@link EthereumChainBehaviourTest}). Each test uses fresh accounts, so the tests share a chain.
 */
abstract class PrimaryChainBehaviour {
  static final AssetId QPC = AnvilFixture.QPC;

  abstract PrimaryChain chain();

  abstract TestNetwork network();

  /** An address the chain deposits from. */
  abstract PrimaryAddress depositor();

  /** Mines blocks until the chain's height is at least {@code height}. */
  abstract void mineTo(long height) throws Exception;

  DepositReceipt deposit(KeyPair to, long amount) throws Exception {
    return chain().deposit(depositor(), TestNetwork.id(to), QPC, new Amount(amount));
  }

  static ProtocolError.Code refusal(ThrowingCallable call) {
    ProtocolException refused = catchThrowableOfType(ProtocolException.class, call);
    assertThat(refused).as("expected a refusal").isNotNull();
    return refused.error().code();
  }

  @Test
  void depositsAreNumberedInOrderAndCountOnlyAtDepth() throws Exception {
    KeyPair alice = TestNetwork.newAccount();
    long first = chain().status().depositCount();
    DepositReceipt one = deposit(alice, 100);
    DepositReceipt two = deposit(alice, 50);
    assertThat(one.deposit().index()).isEqualTo(first);
    assertThat(two.deposit().index()).isEqualTo(first + 1);
    assertThat(one.deposit().recipient()).isEqualTo(TestNetwork.id(alice));
    assertThat(one.deposit().amount()).isEqualTo(new Amount(100));
    assertThat(one.deposit().network()).isEqualTo(network().committee.network());
    assertThat(one.deposit().depositor()).isEqualTo(depositor());
    // A deposit in block b has height - b + 1 confirmations.
    mineTo(two.block() + 1);
    assertThat(chain().confirmedDeposits(two.deposit().index(), 10, 3)).isEmpty();
    assertThat(chain().confirmedDeposits(two.deposit().index(), 10, 2)).containsExactly(two.deposit());
    assertThat(chain().confirmedDeposits(first, 10, 2)).startsWith(one.deposit(), two.deposit());
    mineTo(two.block() + 2);
    assertThat(chain().confirmedDeposits(first, 2, 3)).containsExactly(one.deposit(), two.deposit());
    assertThat(chain().confirmedDeposits(first + 1, 1, 3)).containsExactly(two.deposit());
  }

  @Test
  void aDepositOfNothingIsRefusedAndChangesNothing() throws Exception {
    ChainStatus before = chain().status();
    assertThat(refusal(() -> chain().deposit(depositor(), TestNetwork.id(TestNetwork.newAccount()), QPC, Amount.ZERO)))
        .isEqualTo(ProtocolError.Code.ZERO_AMOUNT);
    assertThat(chain().status().depositCount()).isEqualTo(before.depositCount());
    assertThat(chain().status().funds()).isEqualTo(before.funds());
  }

  @Test
  void aRedeemPaysOnceAndRefusesReplaysAndOlderOrders() throws Exception {
    deposit(TestNetwork.newAccount(), 1000);
    KeyPair alice = TestNetwork.newAccount();
    PrimaryAddress to = TestNetwork.randomAddress();
    ChainStatus before = chain().status();
    assertThat(chain().lastRedeemed(TestNetwork.id(alice))).isEmpty();
    Certificate third = network().redeem(alice, to, QPC, 300, 3);
    var receipt = chain().redeem(third);
    assertThat(receipt.to()).isEqualTo(to);
    assertThat(receipt.amount()).isEqualTo(new Amount(300));
    assertThat(receipt.key()).isEqualTo(third.key());
    ChainStatus after = chain().status();
    assertThat(after.funds().get(QPC)).isEqualTo(before.funds().get(QPC) - 300);
    assertThat(after.redeemed().get(QPC)).isEqualTo(before.redeemed().getOrDefault(QPC, 0L) + 300);
    assertThat(chain().lastRedeemed(TestNetwork.id(alice))).hasValue(3);

    assertThat(refusal(() -> chain().redeem(third))).isEqualTo(ProtocolError.Code.REDEEM_REPLAY);
    assertThat(refusal(() -> chain().redeem(network().redeem(alice, to, QPC, 1, 2)))).isEqualTo(ProtocolError.Code.REDEEM_REPLAY);
    assertThat(chain().status().funds()).isEqualTo(after.funds());
    assertThat(chain().lastRedeemed(TestNetwork.id(alice))).hasValue(3);
    chain().redeem(network().redeem(alice, to, QPC, 1, 4));
    assertThat(chain().lastRedeemed(TestNetwork.id(alice))).hasValue(4);
  }

  @Test
  void badCertificatesAreRefusedAndMoveNothing() throws Exception {
    deposit(TestNetwork.newAccount(), 1000);
    KeyPair alice = TestNetwork.newAccount();
    PrimaryAddress to = TestNetwork.randomAddress();
    ChainStatus before = chain().status();
    TransferOrder order = network().redeemOrder(alice, to, QPC, 10, 0);

    Certificate twoVotes = network().certify(order, 2);
    assertThat(refusal(() -> chain().redeem(twoVotes))).isEqualTo(ProtocolError.Code.INSUFFICIENT_QUORUM);

    Certificate genuine = network().certify(order, 3);
    List<VoteSignature> forged = new ArrayList<>(genuine.votes());
    byte[] bad = forged.get(0).signature().bytes().toArray();
    bad[5] ^= 1;
    forged.set(0, new VoteSignature(forged.get(0).authority(), new Signature(Bytes.copyOf(bad))));
    assertThat(refusal(() -> chain().redeem(new Certificate(order, forged)))).isEqualTo(ProtocolError.Code.INVALID_SIGNATURE);

    TransferOrder elsewhere = TestNetwork.order(NetworkId.named("elsewhere"), alice, new Recipient.Primary(to), QPC, 10, 0);
    assertThat(refusal(() -> chain().redeem(network().certify(elsewhere, 3)))).isEqualTo(ProtocolError.Code.WRONG_NETWORK);

    TestNetwork otherCommittee = new TestNetwork("elsewhere");
    TransferOrder sameNetwork = network().redeemOrder(alice, to, QPC, 10, 0);
    assertThat(refusal(() -> chain().redeem(otherCommittee.certify(sameNetwork, 3))))
        .isEqualTo(ProtocolError.Code.UNKNOWN_AUTHORITY);

    TransferOrder toAccount = TestNetwork.order(network().committee.network(), alice,
        new Recipient.Account(TestNetwork.id(TestNetwork.newAccount())), QPC, 10, 0);
    assertThat(refusal(() -> chain().redeem(network().certify(toAccount, 3)))).isEqualTo(ProtocolError.Code.NOT_A_REDEEM);

    PrimaryAddress zero = new PrimaryAddress(Bytes.copyOf(new byte[20]));
    assertThat(refusal(() -> chain().redeem(network().redeem(alice, zero, QPC, 10, 0))))
        .isEqualTo(ProtocolError.Code.INVALID_PRIMARY_ADDRESS);

    assertThat(refusal(() -> chain().redeem(network().redeem(alice, to, QPC, Long.MAX_VALUE, 0))))
        .isEqualTo(ProtocolError.Code.INSUFFICIENT_FUNDS);

    ChainStatus after = chain().status();
    assertThat(after.funds()).isEqualTo(before.funds());
    assertThat(after.redeemed()).isEqualTo(before.redeemed());
    // Nothing was recorded for alice: her first redeem still pays.
    assertThat(chain().lastRedeemed(TestNetwork.id(alice))).isEmpty();
    chain().redeem(genuine);
    assertThat(chain().lastRedeemed(TestNetwork.id(alice))).hasValue(0);
  }
}
