package io.quorumpay.core.authority;

import static io.quorumpay.core.Fixtures.*;
import static io.quorumpay.core.ProtocolErrors.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.CrossShardCredit;
import io.quorumpay.core.messages.OwnVotes;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.PrimaryAddress;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules at a shard's edges, in pure code: sealed and once-only credits, the signing record, catching up, deposits. */
class EdgeRulesTest {
  static final int SHARDS = 2;
  static final KeyPair ALICE = keyOnShard(1, 0, SHARDS);
  static final KeyPair BOB = keyOnShard(200, 0, SHARDS);
  static final KeyPair CAROL = keyOnShard(1, 1, SHARDS);
  static final PrimaryAddress FROM = new PrimaryAddress(Bytes.copyOf(new byte[] {
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}));

  ShardConfig config0 = new ShardConfig(COMMITTEE, AUTHORITY_KEYS.get(0), 0, SHARDS);
  ShardConfig config1 = new ShardConfig(COMMITTEE, AUTHORITY_KEYS.get(0), 1, SHARDS);
  ShardRequests requests0 = new ShardRequests(config0, new OwnVotes(config0.authorityKey()), 0);
  ShardRequests requests1 = new ShardRequests(config1, new OwnVotes(config1.authorityKey()), 0);
  ShardState shard0;
  ShardState shard1;

  @BeforeEach
  void setUp() throws ProtocolException {
    shard0 = ShardState.create(config0);
    shard1 = ShardState.create(config1);
    PrimaryDeposit deposit = new PrimaryDeposit(NETWORK, 0, FROM, account(ALICE), QPC, new Amount(100));
    shard0.handleDeposit(deposit);
    shard1.handleDeposit(deposit);
  }

  @Test
  void aCertificateIsCreditedOnceWhateverIndexItComesWith() throws ProtocolException {
    Certificate toCarol = certificate(order(ALICE, CAROL, 30, 0), 3);
    shard0.handleConfirmation(verifiedCertificate((TransferOrder) toCarol.order()));
    var sealed = requests0.seal(1, shard0.pendingCredits(1));
    assertThat(ShardRequests.applyCredits(shard1, requests1.credits(sealed.credits(), sealed.seal()))).isEqualTo(1);
    // The same certificate under the next index, correctly sealed: refused, and nothing moves.
    var replay = requests0.seal(1, List.of(new CrossShardCredit(0, 1, 1, toCarol)));
    var checked = requests1.credits(replay.credits(), replay.seal());
    var before = shard1.accounts();
    var error = refused(ProtocolError.CreditReplayed.class, () -> ShardRequests.applyCredits(shard1, checked));
    assertThat(error.message()).contains("already credited");
    assertThat(shard1.accounts()).isEqualTo(before);
    assertThat(shard1.nextCreditIndex(0)).isEqualTo(1);
    // The genuine next credit takes index 1 and applies.
    shard0.handleConfirmation(verifiedCertificate(order(ALICE, CAROL, 20, 1)));
    shard0.acknowledgeCredits(1, 1);
    var next = requests0.seal(1, shard0.pendingCredits(1));
    ShardRequests.applyCredits(shard1, requests1.credits(next.credits(), next.seal()));
    assertThat(shard1.account(account(CAROL)).balance(QPC)).isEqualTo(50);
    // Once per certificate survives a restore.
    ShardState restored = ShardState.restore(config1, shard1.accounts(), shard1.channels(), shard1.progress(), List.of(), shard1.creditedUpTo());
    refused(ProtocolError.CreditReplayed.class, () -> ShardRequests.applyCredits(restored, requests1.credits(
        requests0.seal(1, List.of(new CrossShardCredit(0, 1, 2, toCarol))).credits(),
        requests0.seal(1, List.of(new CrossShardCredit(0, 1, 2, toCarol))).seal())));
  }

  @Test
  void creditsSealedByAnythingButASiblingAreRefusedBeforeTheyAreRead() throws ProtocolException {
    Certificate toCarol = certificate(order(ALICE, CAROL, 30, 0), 3);
    List<byte[]> credits = List.of(new CrossShardCredit(0, 1, 0, toCarol).encode());
    ShardConfig otherAuthority = new ShardConfig(COMMITTEE, AUTHORITY_KEYS.get(1), 0, SHARDS);
    byte[] foreign = new SiblingSeal(otherAuthority.authorityKey()).seal(NETWORK, 0, 1, credits);
    assertThat(refused(ProtocolError.NotASibling.class, () -> requests1.credits(credits, foreign)).message())
        .contains("not this authority's");
    refused(ProtocolError.NotASibling.class, () -> requests1.credits(credits, new byte[0]));
    // A seal is for one destination shard: shard 0 does not take what was sealed for shard 1.
    byte[] forShard1 = requests0.seal(1, List.of(new CrossShardCredit(0, 1, 0, toCarol))).seal();
    refused(ProtocolError.NotASibling.class, () -> requests0.credits(credits, forShard1));
    assertThat(new SiblingSeal(config0.authorityKey()).toString()).doesNotContain(Bytes.copyOf(config0.authorityKey().secretSeed()).toHex());
  }

  @Test
  void aBatchSealedBeforeARecoveryIsRefusedAfterIt() throws ProtocolException {
    // Before the rebuild, credit 0 from shard 0 paid Carol; rebuilt shards number credits from 0 again.
    Certificate before = certificate(order(ALICE, CAROL, 30, 0), 3);
    var sealedBefore = requests0.seal(1, List.of(new CrossShardCredit(0, 1, 0, before)));
    ShardRequests rebuilt1 = new ShardRequests(config1, new OwnVotes(config1.authorityKey()), 1);
    var error = refused(ProtocolError.NotASibling.class, () -> rebuilt1.credits(sealedBefore.credits(), sealedBefore.seal()));
    assertThat(error.message()).contains("epoch 1");
    ShardRequests rebuilt0 = new ShardRequests(config0, new OwnVotes(config0.authorityKey()), 1);
    var sealedAfter = rebuilt0.seal(1, List.of(new CrossShardCredit(0, 1, 0, before)));
    assertThat(rebuilt1.credits(sealedAfter.credits(), sealedAfter.seal()).credits()).hasSize(1);
  }

  @Test
  void dataBehindTheSigningRecordIsRefusedAndARebuildNeverVotesTwice() throws Exception {
    InMemorySigningRecord record = new InMemorySigningRecord();
    InMemoryShardStorage storage = new InMemoryShardStorage(config0);
    commit(shard0, storage, record);
    InMemoryShardStorage backup = storage.copy(config0);
    Vote first = shard0.handleOrder(verified(order(ALICE, BOB, 10, 0), ALICE));
    commit(shard0, storage, record);

    ShardState fromBackup = backup.load(config0);
    var refusal = org.assertj.core.api.Assertions.catchThrowableOfType(ShardStart.DataBehindSigningRecord.class,
        () -> ShardStart.check(0, fromBackup.commits(), record.lastCommit()));
    assertThat(refusal).hasMessageContaining("restored from an older copy").hasMessageContaining("qp authority recover");
    // Data one commit ahead of the record is a crash between the two writes: fine.
    ShardStart.check(0, record.lastCommit() + 1, record.lastCommit());

    ShardState rebuilt = ShardState.rebuild(config0, record.lastCommit(), 1, record.lastVotes());
    assertThat(rebuilt.commits()).isEqualTo(record.lastCommit());
    refused(ProtocolError.ConflictingOrder.class, () -> rebuilt.handleOrder(verified(order(ALICE, BOB, 20, 0), ALICE)));
    assertThat(rebuilt.handleOrder(verified(order(ALICE, BOB, 10, 0), ALICE))).isEqualTo(first);
  }

  @Test
  void aVoteRecordedAheadBlocksEverySequenceNumberUpToIt() throws ProtocolException {
    // The record holds a vote at 2: the lost data had applied 0 and 1, and may have voted anything there.
    Vote ahead = Vote.sign(order(ALICE, BOB, 5, 2), config0.authorityKey());
    ShardState rebuilt = ShardState.rebuild(config0, 7, 1, List.of(ahead));
    rebuilt.handleDeposit(new PrimaryDeposit(NETWORK, 0, FROM, account(ALICE), QPC, new Amount(100)));
    var error = refused(ProtocolError.MissingEarlierConfirmations.class,
        () -> rebuilt.handleOrder(verified(order(ALICE, BOB, 1, 0), ALICE)));
    assertThat(error.certificate()).isEqualTo(2);
    rebuilt.handleConfirmation(verifiedCertificate(order(ALICE, BOB, 3, 0)));
    refused(ProtocolError.MissingEarlierConfirmations.class, () -> rebuilt.handleOrder(verified(order(ALICE, BOB, 1, 1), ALICE)));
    rebuilt.handleConfirmation(verifiedCertificate(order(ALICE, BOB, 4, 1)));
    refused(ProtocolError.ConflictingOrder.class, () -> rebuilt.handleOrder(verified(order(ALICE, BOB, 6, 2), ALICE)));
    assertThat(rebuilt.handleOrder(verified(order(ALICE, BOB, 5, 2), ALICE))).isEqualTo(ahead);
    assertThatThrownBy(() -> rebuilt.adoptSignedVotes(List.of(Vote.sign(order(CAROL, BOB, 5, 0), config0.authorityKey()))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void catchingUpSkipsWhatItHoldsAndStopsAtWhatItCannotSettle() throws ProtocolException {
    // A peer applied three certificates of Alice; this shard holds the first.
    Certificate c0 = certificate(order(ALICE, BOB, 10, 0), 3);
    Certificate c1 = certificate(order(ALICE, BOB, 10, 1), 3);
    Certificate c2 = certificate(order(ALICE, BOB, 10, 2), 3);
    shard0.handleConfirmation(verifiedCertificate((TransferOrder) c0.order()));
    int peer = 2;
    CatchUp.Page page = CatchUp.page(peer, 0, CatchUp.PAGE, List.of(c0.encode(), c1.encode(), c2.encode()), 5);
    assertThat(page.more()).isTrue();
    List<Certificate> missing = CatchUp.missing(shard0, page);
    assertThat(missing).containsExactly(c1, c2);
    assertThat(CatchUp.apply(shard0, page, CatchUp.verify(requests0, missing))).isEqualTo(2);
    assertThat(shard0.peerCursor(peer)).isEqualTo(3);
    assertThat(shard0.account(account(ALICE)).nextSequenceNumber().value()).isEqualTo(3);

    // A forged entry (too few votes) stops the page there; the cursor stays on it.
    Certificate forged = certificate(order(ALICE, BOB, 90, 3), 1);
    Certificate c4 = certificate(order(ALICE, BOB, 1, 4), 3);
    CatchUp.Page lying = CatchUp.page(peer, 3, CatchUp.PAGE, List.of(forged.encode(), c4.encode()), 5);
    assertThat(CatchUp.apply(shard0, lying, CatchUp.verify(requests0, CatchUp.missing(shard0, lying)))).isZero();
    assertThat(shard0.peerCursor(peer)).isEqualTo(3);
    // Pages larger than asked, or with a total below their end, are refused whole.
    refused(ProtocolError.OutOfRange.class, () -> CatchUp.page(peer, 0, 1, List.of(c0.encode(), c1.encode()), 2));
    refused(ProtocolError.OutOfRange.class, () -> CatchUp.page(peer, 0, 5, List.of(c0.encode(), c1.encode()), 1));
    refused(ProtocolError.Malformed.class, () -> CatchUp.page(peer, 0, 5, List.of(new byte[] {1, 2}), 9));
  }

  @Test
  void depositsAreTakenInOrderRepeatsSkippedAndGapsWaitedFor() throws ProtocolException {
    PrimaryDeposit d1 = new PrimaryDeposit(NETWORK, 1, FROM, account(BOB), QPC, new Amount(5));
    PrimaryDeposit d2 = new PrimaryDeposit(NETWORK, 2, FROM, account(BOB), QPC, new Amount(6));
    PrimaryDeposit d4 = new PrimaryDeposit(NETWORK, 4, FROM, account(BOB), QPC, new Amount(7));
    PrimaryDeposit repeat = new PrimaryDeposit(NETWORK, 0, FROM, account(ALICE), QPC, new Amount(100));
    DepositFollowing.Plan plan = DepositFollowing.plan(shard0.nextDepositIndex(), List.of(repeat, d1, d2, d4));
    assertThat(plan.deposits()).containsExactly(d1, d2);
    assertThat(plan.gap()).isTrue();
    assertThat(DepositFollowing.apply(shard0, plan)).isEqualTo(2);
    // Applied meanwhile: skipped, not refused.
    assertThat(DepositFollowing.apply(shard0, plan)).isZero();
    assertThat(shard0.account(account(BOB)).balance(QPC)).isEqualTo(11);
    // A gap: the primary's block for the deposit after d4 says nothing of the one after d2.
    assertThat(DepositFollowing.plan(1, List.of(d1, d2, d4), 40).scanFrom()).isZero();
  }

  @Test
  void theBlockWhereTheNextDepositCanBeGoesWithTheDepositsAndOnlyForward() throws ProtocolException {
    PrimaryDeposit d0 = new PrimaryDeposit(NETWORK, 0, FROM, account(BOB), QPC, new Amount(5));
    PrimaryDeposit d1 = new PrimaryDeposit(NETWORK, 1, FROM, account(BOB), QPC, new Amount(6));
    assertThat(shard0.depositScanFrom()).isZero();
    // Nothing new: the block is not taken (no deposit was applied up to it).
    DepositFollowing.apply(shard0, DepositFollowing.plan(0, List.of(), 30));
    assertThat(shard0.depositScanFrom()).isZero();
    DepositFollowing.apply(shard0, DepositFollowing.plan(0, List.of(d0, d1), 30));
    assertThat(shard0.depositScanFrom()).isEqualTo(30);
    assertThat(shard0.takeWrites().progress().orElseThrow().depositScanFrom()).isEqualTo(30);
    shard0.advanceDepositScan(12);
    assertThat(shard0.depositScanFrom()).isEqualTo(30);
  }

  private static void commit(ShardState state, InMemoryShardStorage storage, InMemorySigningRecord record) {
    ShardWrites writes = state.takeWrites();
    storage.write(writes);
    if (!writes.isEmpty()) {
      record.record(writes.progress().orElseThrow().commits(), writes.signed());
    }
  }
}
