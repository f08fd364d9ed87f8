package io.quorumpay.core.primary;

import static io.quorumpay.core.Fixtures.*;
import static io.quorumpay.core.ProtocolErrors.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PrimaryContractTest {
  static final KeyPair ALICE = key(1);
  static final KeyPair BOB = key(2);
  static final PrimaryAddress FUNDER = address(7);
  static final PrimaryAddress PAYOUT = address(9);

  PrimaryContract contract;

  static PrimaryAddress address(int n) {
    byte[] bytes = new byte[20];
    bytes[19] = (byte) n;
    return new PrimaryAddress(Bytes.copyOf(bytes));
  }

  static TransferOrder redeem(KeyPair sender, long amount, long sequence) {
    return order(sender, new Recipient.Primary(PAYOUT), QPC, amount, sequence);
  }

  @BeforeEach
  void setUp() throws ProtocolException {
    contract = new PrimaryContract(COMMITTEE);
    contract.deposit(FUNDER, account(ALICE), QPC, new Amount(100));
  }

  @Test
  void depositsAreNumberedFromZeroAndLockFunds() throws ProtocolException {
    PrimaryDeposit second = contract.deposit(FUNDER, account(BOB), QPC, new Amount(50));
    assertThat(second.index()).isOne();
    assertThat(second.network()).isEqualTo(NETWORK);
    assertThat(contract.depositCount()).isEqualTo(2);
    assertThat(contract.funds()).containsEntry(QPC, 150L);
    assertThat(contract.deposits(1, 10)).containsExactly(second);
    assertThat(contract.deposits(0, 1)).hasSize(1);
    assertThat(contract.deposits(5, 10)).isEmpty();
  }

  @Test
  void refusesEmptyDepositsTheZeroAddressAndOverflow() {
    refused(ProtocolError.ZeroAmount.class, () -> contract.deposit(FUNDER, account(ALICE), QPC, Amount.ZERO));
    refused(ProtocolError.InvalidPrimaryAddress.class, () -> contract.deposit(address(0), account(ALICE), QPC, new Amount(1)));
    refused(ProtocolError.BalanceOverflow.class, () -> contract.deposit(FUNDER, account(ALICE), QPC, new Amount(Long.MAX_VALUE)));
    assertThat(contract.depositCount()).isOne();
    assertThat(contract.funds()).containsEntry(QPC, 100L);
  }

  @Test
  void paysARedeemOnceAndRefusesTheReplay() throws ProtocolException {
    RedeemReceipt receipt = contract.redeem(certificate(redeem(ALICE, 30, 0), 3));
    assertThat(receipt.to()).isEqualTo(PAYOUT);
    assertThat(receipt.amount()).isEqualTo(new Amount(30));
    assertThat(contract.funds()).containsEntry(QPC, 70L);
    assertThat(contract.redeemed()).containsEntry(QPC, 30L);
    assertThat(contract.lastRedeemed(account(ALICE))).hasValue(0);

    var replay = refused(ProtocolError.RedeemReplay.class, () -> contract.redeem(certificate(redeem(ALICE, 30, 0), 4)));
    assertThat(replay.lastRedeemed()).isZero();
    assertThat(contract.funds()).containsEntry(QPC, 70L);
  }

  @Test
  void refusesAnOlderSequenceNumberThanTheLastRedeem() throws ProtocolException {
    contract.redeem(certificate(redeem(ALICE, 10, 5), 3));
    refused(ProtocolError.RedeemReplay.class, () -> contract.redeem(certificate(redeem(ALICE, 10, 3), 3)));
    contract.redeem(certificate(redeem(ALICE, 10, 6), 3));
    assertThat(contract.funds()).containsEntry(QPC, 80L);
  }

  @Test
  void refusesCertificatesWithoutAQuorumOfTheRegisteredCommittee() {
    refused(ProtocolError.InsufficientQuorum.class, () -> contract.redeem(certificate(redeem(ALICE, 10, 0), 2)));
    Committee other = Committee.equalWeights(NETWORK,
        IntStream.range(0, 4).mapToObj(i -> new AuthorityName(key(60 + i).publicKey())).toList());
    PrimaryContract elsewhere = new PrimaryContract(other);
    refused(ProtocolError.UnknownAuthority.class, () -> elsewhere.redeem(certificate(redeem(ALICE, 10, 0), 3)));
    assertThat(contract.funds()).containsEntry(QPC, 100L);
  }

  @Test
  void refusesACertificateThatPaysAnAccount() {
    refused(ProtocolError.NotARedeem.class, () -> contract.redeem(certificate(order(ALICE, BOB, 10, 0), 3)));
  }

  @Test
  void refusesToPayTheZeroAddressEvenWithAQuorumsCertificate() {
    TransferOrder burn = order(ALICE, new Recipient.Primary(address(0)), QPC, 30, 0);
    refused(ProtocolError.InvalidPrimaryAddress.class, () -> contract.checkRedeem(certificate(burn, 4)));
    refused(ProtocolError.InvalidPrimaryAddress.class, () -> contract.redeem(certificate(burn, 4)));
    assertThat(contract.funds()).containsEntry(QPC, 100L);
    assertThat(contract.redeemed()).isEmpty();
    assertThat(contract.lastRedeemed(account(ALICE))).isEmpty();
  }

  @Test
  void neverPaysMoreThanItHolds() {
    refused(ProtocolError.InsufficientFunds.class, () -> contract.redeem(certificate(redeem(ALICE, 101, 0), 3)));
    assertThat(contract.lastRedeemed(account(ALICE))).isEmpty();
  }
}
