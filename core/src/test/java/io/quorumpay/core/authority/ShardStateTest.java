package io.quorumpay.core.authority;

import static io.quorumpay.core.Fixtures.*;
import static io.quorumpay.core.ProtocolErrors.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.core.authority.ShardState.ConfirmationOutcome;
import io.quorumpay.core.authority.ShardState.CreditOutcome;
import io.quorumpay.core.authority.ShardState.DepositOutcome;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.AccountInfoRequest;
import io.quorumpay.core.messages.AccountInfoResponse;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.CrossShardCredit;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ShardStateTest {
  static final int SHARDS = 2;
  static final KeyPair ALICE = keyOnShard(1, 0, SHARDS);
  static final KeyPair BOB = keyOnShard(200, 0, SHARDS);
  static final KeyPair CAROL = keyOnShard(1, 1, SHARDS);
  static final PrimaryAddress PAYOUT = new PrimaryAddress(Bytes.copyOf(new byte[] {
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}));

  ShardState shard0;
  ShardState shard1;
  long depositIndex;

  @BeforeEach
  void setUp() throws ProtocolException {
    shard0 = ShardState.create(new ShardConfig(COMMITTEE, AUTHORITY_KEYS.get(0), 0, SHARDS));
    shard1 = ShardState.create(new ShardConfig(COMMITTEE, AUTHORITY_KEYS.get(0), 1, SHARDS));
    assertThat(account(ALICE)).isNotEqualTo(account(BOB));
    deposit(ALICE, 100);
    shard0.takeWrites();
    shard1.takeWrites();
  }

  /** Feeds the next deposit to both shards, as the primary follower does. */
  void deposit(KeyPair to, long amount) throws ProtocolException {
    PrimaryDeposit deposit = new PrimaryDeposit(NETWORK, depositIndex++, PAYOUT, account(to), QPC, new Amount(amount));
    shard0.handleDeposit(deposit);
    shard1.handleDeposit(deposit);
  }

  /** Asserts that {@code step} is refused with {@code type} and that neither shard changed. */
  <E extends ProtocolError> E refusedWithoutChange(Class<E> type, io.quorumpay.core.ProtocolErrors.Step step) {
    Map<AccountId, AccountState> before0 = shard0.accounts();
    Map<AccountId, AccountState> before1 = shard1.accounts();
    ShardProgress progress0 = shard0.progress();
    ShardProgress progress1 = shard1.progress();
    E error = refused(type, step);
    assertThat(shard0.accounts()).isEqualTo(before0);
    assertThat(shard1.accounts()).isEqualTo(before1);
    assertThat(shard0.progress()).isEqualTo(progress0);
    assertThat(shard1.progress()).isEqualTo(progress1);
    assertThat(shard0.takeWrites().isEmpty()).isTrue();
    assertThat(shard1.takeWrites().isEmpty()).isTrue();
    return error;
  }

  @Nested
  class TransferOrders {
    @Test
    void votesForAValidOrderAndRemembersTheVote() throws ProtocolException {
      TransferOrder order = order(ALICE, BOB, 30, 0);
      Vote vote = shard0.handleOrder(verified(order, ALICE));

      assertThat(vote.order()).isEqualTo(order);
      assertThat(vote.authority()).isEqualTo(shard0.config().authority());
      vote.check(COMMITTEE);
      assertThat(shard0.account(account(ALICE)).pendingVote()).contains(vote);
      ShardWrites writes = shard0.takeWrites();
      assertThat(writes.accounts()).containsOnlyKeys(account(ALICE));
      assertThat(writes.accounts().get(account(ALICE)).pendingVote()).contains(vote);
    }

    @Test
    void theSameOrderAgainGetsTheSameVote() throws ProtocolException {
      TransferOrder order = order(ALICE, BOB, 30, 0);
      Vote first = shard0.handleOrder(verified(order, ALICE));
      shard0.takeWrites();
      Vote second = shard0.handleOrder(verified(order, ALICE));
      assertThat(second).isEqualTo(first);
      assertThat(shard0.takeWrites().isEmpty()).isTrue();
    }

    @Test
    void neverVotesForTwoOrdersAtOneSequenceNumber() throws ProtocolException {
      shard0.handleOrder(verified(order(ALICE, BOB, 30, 0), ALICE));
      shard0.takeWrites();
      var error = refusedWithoutChange(ProtocolError.ConflictingOrder.class,
          () -> shard0.handleOrder(verified(order(ALICE, BOB, 31, 0), ALICE)));
      assertThat(error.sequenceNumber()).isZero();
      assertThat(error.message()).contains("finish that order first");
    }

    @Test
    void refusesALaterOrderWhileOneIsPending() throws ProtocolException {
      shard0.handleOrder(verified(order(ALICE, BOB, 30, 0), ALICE));
      shard0.takeWrites();
      var error = refusedWithoutChange(ProtocolError.UnexpectedSequenceNumber.class,
          () -> shard0.handleOrder(verified(order(ALICE, BOB, 10, 1), ALICE)));
      assertThat(error.expected()).isZero();
    }

    @Test
    void refusesAnAccountOfAnotherShardNamingTheRightOne() {
      var error = refusedWithoutChange(ProtocolError.WrongShard.class,
          () -> shard1.handleOrder(verified(order(ALICE, BOB, 30, 0), ALICE)));
      assertThat(error.rightShard()).isZero();
      assertThat(error.thisShard()).isOne();
      assertThat(error.message()).contains("belongs to shard 0");
    }

    @Test
    void refusesAnOrderTheBalanceCannotCover() {
      var error = refusedWithoutChange(ProtocolError.InsufficientBalance.class,
          () -> shard0.handleOrder(verified(order(ALICE, BOB, 101, 0), ALICE)));
      assertThat(error.balance()).isEqualTo(100);
      refusedWithoutChange(ProtocolError.InsufficientBalance.class,
          () -> shard0.handleOrder(verified(order(ALICE, new Recipient.Account(account(BOB)), USD, 1, 0), ALICE)));
    }

    @Test
    void refusesASequenceNumberOtherThanTheNext() {
      var ahead = refusedWithoutChange(ProtocolError.UnexpectedSequenceNumber.class,
          () -> shard0.handleOrder(verified(order(ALICE, BOB, 1, 1), ALICE)));
      assertThat(ahead.expected()).isZero();
      assertThat(ahead.actual()).isOne();
    }

    @Test
    void refusesAnOrderAlreadyConfirmed() throws ProtocolException {
      TransferOrder order = order(ALICE, BOB, 10, 0);
      shard0.handleOrder(verified(order, ALICE));
      shard0.handleConfirmation(verifiedCertificate(order));
      shard0.takeWrites();
      refusedWithoutChange(ProtocolError.UnexpectedSequenceNumber.class,
          () -> shard0.handleOrder(verified(order, ALICE)));
    }

    @Test
    void anOrderCanSpendTheWholeBalance() throws ProtocolException {
      shard0.handleOrder(verified(order(ALICE, BOB, 100, 0), ALICE));
    }

    @Test
    void refusesARedeemToTheZeroAddressAndItsCertificate() {
      PrimaryAddress zero = new PrimaryAddress(Bytes.copyOf(new byte[PrimaryAddress.SIZE]));
      TransferOrder burn = order(ALICE, new Recipient.Primary(zero), QPC, 40, 0);
      refusedWithoutChange(ProtocolError.InvalidPrimaryAddress.class, () -> shard0.handleOrder(verified(burn, ALICE)));
      // Nor is a certificate for it applied, should a faulty quorum have signed one.
      refusedWithoutChange(ProtocolError.InvalidPrimaryAddress.class,
          () -> shard0.handleConfirmation(verifiedCertificate(burn)));
      assertThat(shard0.account(account(ALICE)).balance(QPC)).isEqualTo(100);
      assertThat(shard0.account(account(ALICE)).pendingVote()).isEmpty();
    }
  }

  @Nested
  class Confirmations {
    @Test
    void appliesACertificateWithinTheShard() throws ProtocolException {
      TransferOrder order = order(ALICE, BOB, 30, 0);
      shard0.handleOrder(verified(order, ALICE));
      shard0.takeWrites();
      Certificate certificate = certificate(order, 3);

      assertThat(shard0.handleConfirmation(VerifiedCertificate.check(certificate, COMMITTEE))).isEqualTo(ConfirmationOutcome.APPLIED);

      AccountState alice = shard0.account(account(ALICE));
      AccountState bob = shard0.account(account(BOB));
      assertThat(alice.balance(QPC)).isEqualTo(70);
      assertThat(alice.nextSequenceNumber()).isEqualTo(new SequenceNumber(1));
      assertThat(alice.pendingVote()).isEmpty();
      assertThat(bob.balance(QPC)).isEqualTo(30);
      assertThat(bob.receivedCount()).isOne();
      ShardWrites writes = shard0.takeWrites();
      assertThat(writes.applied()).containsExactly(certificate);
      assertThat(writes.received()).containsExactly(new ReceivedCertificate(account(BOB), 0, certificate));
      assertThat(writes.accounts()).containsOnlyKeys(account(ALICE), account(BOB));
      assertThat(writes.outboxAdded()).isEmpty();
    }

    @Test
    void applyingTwiceChangesNothing() throws ProtocolException {
      VerifiedCertificate certificate = verifiedCertificate(order(ALICE, BOB, 30, 0));
      shard0.handleConfirmation(certificate);
      shard0.takeWrites();
      Map<AccountId, AccountState> before = shard0.accounts();
      assertThat(shard0.handleConfirmation(certificate)).isEqualTo(ConfirmationOutcome.ALREADY_APPLIED);
      assertThat(shard0.accounts()).isEqualTo(before);
      assertThat(shard0.takeWrites().isEmpty()).isTrue();
    }

    @Test
    void refusesACertificateAheadOfTheAccount() {
      var error = refusedWithoutChange(ProtocolError.MissingEarlierConfirmations.class,
          () -> shard0.handleConfirmation(verifiedCertificate(order(ALICE, BOB, 30, 2))));
      assertThat(error.next()).isZero();
      assertThat(error.certificate()).isEqualTo(2);
    }

    @Test
    void refusesACertificateForAnotherShardsSender() {
      refusedWithoutChange(ProtocolError.WrongShard.class,
          () -> shard1.handleConfirmation(verifiedCertificate(order(ALICE, BOB, 30, 0))));
    }

    @Test
    void appliesACertificateEvenWithoutItsFundingCredit() throws ProtocolException {
      // This authority missed the credit that funded Bob; a quorum saw it and certified Bob's payment.
      shard0.handleConfirmation(verifiedCertificate(order(BOB, ALICE, 25, 0)));
      assertThat(shard0.account(account(BOB)).balance(QPC)).isEqualTo(-25);
      // Once the funding certificate arrives, the books balance.
      shard0.handleConfirmation(verifiedCertificate(order(ALICE, BOB, 25, 0)));
      assertThat(shard0.account(account(BOB)).balance(QPC)).isZero();
      assertThat(shard0.account(account(ALICE)).balance(QPC)).isEqualTo(100);
    }

    @Test
    void clearsAPendingVoteWhenTheCertificateIsForIt() throws ProtocolException {
      TransferOrder order = order(ALICE, BOB, 5, 0);
      shard0.handleOrder(verified(order, ALICE));
      shard0.handleConfirmation(verifiedCertificate(order));
      assertThat(shard0.account(account(ALICE)).pendingVote()).isEmpty();
      shard0.handleOrder(verified(order(ALICE, BOB, 5, 1), ALICE));
    }

    @Test
    void aRedeemDebitsAndCountsAsRedeemed() throws ProtocolException {
      TransferOrder redeem = order(ALICE, new Recipient.Primary(PAYOUT), QPC, 40, 0);
      shard0.handleOrder(verified(redeem, ALICE));
      assertThat(shard0.handleConfirmation(verifiedCertificate(redeem))).isEqualTo(ConfirmationOutcome.APPLIED);
      assertThat(shard0.account(account(ALICE)).balance(QPC)).isEqualTo(60);
      assertThat(shard0.progress().redeemed()).containsEntry(QPC, 40L);
      assertThat(shard0.takeWrites().progress()).isPresent();
    }
  }

  @Nested
  class CrossShard {
    @Test
    void aCreditToAnotherShardGoesThroughTheOutboxExactlyOnce() throws ProtocolException {
      VerifiedCertificate first = verifiedCertificate(order(ALICE, CAROL, 30, 0));
      VerifiedCertificate second = verifiedCertificate(order(ALICE, CAROL, 20, 1));
      shard0.handleConfirmation(first);
      shard0.handleConfirmation(second);
      assertThat(shard0.account(account(ALICE)).balance(QPC)).isEqualTo(50);
      ShardWrites writes = shard0.takeWrites();
      assertThat(writes.outboxAdded()).extracting(CrossShardCredit::index).containsExactly(0L, 1L);
      assertThat(writes.outboxAdded()).allSatisfy(c -> {
        assertThat(c.sourceShard()).isZero();
        assertThat(c.destShard()).isOne();
      });
      assertThat(shard0.pendingCredits(1)).hasSize(2);

      assertThat(shard1.handleCrossShardCredit(0, 1, 0, first)).isEqualTo(CreditOutcome.APPLIED);
      assertThat(shard1.handleCrossShardCredit(0, 1, 0, first)).isEqualTo(CreditOutcome.ALREADY_APPLIED);
      assertThat(shard1.handleCrossShardCredit(0, 1, 1, second)).isEqualTo(CreditOutcome.APPLIED);
      assertThat(shard1.handleCrossShardCredit(0, 1, 0, first)).isEqualTo(CreditOutcome.ALREADY_APPLIED);
      AccountState carol = shard1.account(account(CAROL));
      assertThat(carol.balance(QPC)).isEqualTo(50);
      assertThat(carol.receivedCount()).isEqualTo(2);
      assertThat(shard1.progress().nextInboxIndex()).containsExactly(2L, 0L);

      shard0.acknowledgeCredits(1, 2);
      assertThat(shard0.pendingCredits(1)).isEmpty();
      assertThat(shard0.takeWrites().outboxAcknowledged()).hasSize(2);
    }

    @Test
    void refusesACreditThatSkipsAnEarlierOne() throws ProtocolException {
      shard0.handleConfirmation(verifiedCertificate(order(ALICE, CAROL, 30, 0)));
      VerifiedCertificate second = verifiedCertificate(order(ALICE, CAROL, 20, 1));
      shard0.handleConfirmation(second);
      shard0.takeWrites();
      var error = refusedWithoutChange(ProtocolError.CreditOutOfOrder.class,
          () -> shard1.handleCrossShardCredit(0, 1, 1, second));
      assertThat(error.expected()).isZero();
    }

    @Test
    void refusesMisroutedCredits() throws ProtocolException {
      VerifiedCertificate toCarol = verifiedCertificate(order(ALICE, CAROL, 30, 0));
      VerifiedCertificate toBob = verifiedCertificate(order(ALICE, BOB, 30, 0));
      refusedWithoutChange(ProtocolError.CreditMisrouted.class, () -> shard1.handleCrossShardCredit(0, 0, 0, toCarol));
      refusedWithoutChange(ProtocolError.CreditMisrouted.class, () -> shard1.handleCrossShardCredit(1, 1, 0, toCarol));
      refusedWithoutChange(ProtocolError.CreditMisrouted.class, () -> shard1.handleCrossShardCredit(0, 1, 0, toBob));
      refusedWithoutChange(ProtocolError.CreditMisrouted.class, () -> shard1.handleCrossShardCredit(7, 1, 0, toCarol));
    }

    @Test
    void anUnacknowledgedOutboxSurvivesARestore() throws ProtocolException {
      shard0.handleConfirmation(verifiedCertificate(order(ALICE, CAROL, 30, 0)));
      ShardState restored = ShardState.restore(shard0.config(), shard0.accounts(), shard0.channels(), shard0.progress(), shard0.pendingCredits(1),
          shard0.creditedUpTo());
      assertThat(restored.pendingCredits(1)).isEqualTo(shard0.pendingCredits(1));
      assertThat(restored.progress()).isEqualTo(shard0.progress());
      assertThat(restored.accounts()).isEqualTo(shard0.accounts());
      restored.handleConfirmation(verifiedCertificate(order(ALICE, CAROL, 20, 1)));
      assertThat(restored.pendingCredits(1)).extracting(CrossShardCredit::index).containsExactly(0L, 1L);
    }
  }

  @Nested
  class Deposits {
    @Test
    void creditsItsOwnRecipientsAndSkipsOthers() throws ProtocolException {
      PrimaryDeposit toCarol = new PrimaryDeposit(NETWORK, depositIndex++, PAYOUT, account(CAROL), QPC, new Amount(7));
      assertThat(shard0.handleDeposit(toCarol)).isEqualTo(DepositOutcome.NOT_FOR_THIS_SHARD);
      assertThat(shard1.handleDeposit(toCarol)).isEqualTo(DepositOutcome.CREDITED);
      assertThat(shard1.account(account(CAROL)).balance(QPC)).isEqualTo(7);
      assertThat(shard0.account(account(CAROL))).isEqualTo(AccountState.EMPTY);
      assertThat(shard0.progress().nextDepositIndex()).isEqualTo(2);
      assertThat(shard1.progress().deposited()).containsEntry(QPC, 7L);
      assertThat(shard0.progress().deposited()).containsEntry(QPC, 100L);
    }

    @Test
    void refusesADuplicateDeposit() {
      PrimaryDeposit again = new PrimaryDeposit(NETWORK, 0, PAYOUT, account(ALICE), QPC, new Amount(100));
      var error = refusedWithoutChange(ProtocolError.DepositAlreadyApplied.class, () -> shard0.handleDeposit(again));
      assertThat(error.next()).isOne();
    }

    @Test
    void refusesADepositThatSkipsAnother() {
      PrimaryDeposit later = new PrimaryDeposit(NETWORK, 5, PAYOUT, account(ALICE), QPC, new Amount(1));
      var error = refusedWithoutChange(ProtocolError.DepositOutOfOrder.class, () -> shard0.handleDeposit(later));
      assertThat(error.expected()).isOne();
      assertThat(error.actual()).isEqualTo(5);
    }

    @Test
    void refusesADepositOfAnotherNetwork() {
      PrimaryDeposit foreign = new PrimaryDeposit(NetworkId.named("other"), 1, PAYOUT, account(ALICE), QPC, new Amount(1));
      refusedWithoutChange(ProtocolError.WrongNetwork.class, () -> shard0.handleDeposit(foreign));
    }

    @Test
    void refusesADepositThatWouldOverflowABalance() {
      PrimaryDeposit huge = new PrimaryDeposit(NETWORK, 1, PAYOUT, account(ALICE), QPC, new Amount(Long.MAX_VALUE));
      refusedWithoutChange(ProtocolError.BalanceOverflow.class, () -> shard0.handleDeposit(huge));
    }
  }

  @Nested
  class Queries {
    @Test
    void accountInfoReportsStateCertificatesAndReceivedLog() throws ProtocolException {
      InMemoryCertificateLog log = new InMemoryCertificateLog();
      TransferOrder first = order(ALICE, BOB, 10, 0);
      TransferOrder second = order(ALICE, BOB, 20, 1);
      shard0.handleConfirmation(verifiedCertificate(first));
      shard0.handleConfirmation(verifiedCertificate(second));
      Vote pending = shard0.handleOrder(verified(order(ALICE, BOB, 1, 2), ALICE));
      log.record(shard0.takeWrites());

      AccountInfoResponse alice = shard0.accountInfo(
          new AccountInfoRequest(account(ALICE), Optional.of(new SequenceNumber(1)), 0, 0), log);
      assertThat(alice.balance(QPC)).isEqualTo(70);
      assertThat(alice.nextSequenceNumber()).isEqualTo(new SequenceNumber(2));
      assertThat(alice.pendingVote()).contains(pending);
      assertThat(alice.requestedCertificate()).map(Certificate::order).contains(second);

      AccountInfoResponse bob = shard0.accountInfo(new AccountInfoRequest(account(BOB), Optional.empty(), 1, 10), log);
      assertThat(bob.receivedTotal()).isEqualTo(2);
      assertThat(bob.received()).extracting(Certificate::order).containsExactly(second);
      assertThat(bob.requestedCertificate()).isEmpty();
    }

    @Test
    void accountInfoRefusesAnotherShardsAccount() {
      refused(ProtocolError.WrongShard.class,
          () -> shard1.accountInfo(AccountInfoRequest.of(account(ALICE)), new InMemoryCertificateLog()));
    }
  }

  @Test
  void writesReplayedOntoAFreshShardRebuildTheSameState() throws ProtocolException {
    // What storage does: keep the last state of every written account and the last progress.
    Map<AccountId, AccountState> stored = new java.util.HashMap<>(shard0.accounts());
    ShardProgress storedProgress = shard0.progress();
    shard0.handleOrder(verified(order(ALICE, CAROL, 10, 0), ALICE));
    shard0.handleConfirmation(verifiedCertificate(order(ALICE, CAROL, 10, 0)));
    shard0.handleConfirmation(verifiedCertificate(order(ALICE, BOB, 10, 1)));
    ShardWrites writes = shard0.takeWrites();
    stored.putAll(writes.accounts());
    storedProgress = writes.progress().orElse(storedProgress);
    ShardState restored = ShardState.restore(shard0.config(), stored, Map.of(), storedProgress, writes.outboxAdded(), writes.creditedUpTo());
    assertThat(restored.accounts()).isEqualTo(shard0.accounts());
    assertThat(restored.progress()).isEqualTo(shard0.progress());
    assertThat(restored.pendingCredits(1)).isEqualTo(shard0.pendingCredits(1));
    assertThat(List.of(restored.account(account(ALICE)).balance(QPC))).containsExactly(80L);
  }
}
