package io.quorumpay.core.authority;

import static io.quorumpay.core.Fixtures.*;
import static io.quorumpay.core.ProtocolErrors.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.PrimaryAddress;
import org.junit.jupiter.api.Test;

class ShardStartTest {
  static final KeyPair ALICE = key(1);
  static final KeyPair BOB = key(2);
  static final KeyPair CAROL = key(3);
  static final PrimaryAddress PAYOUT = new PrimaryAddress(Bytes.copyOf(new byte[] {
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}));
  final ShardConfig config = new ShardConfig(COMMITTEE, AUTHORITY_KEYS.get(0), 0, 1);
  final InMemoryShardStorage storage = new InMemoryShardStorage(config);
  final InMemorySigningRecord record = new InMemorySigningRecord();

  /** A group commit: the data, then the record. */
  void commit(ShardState state) {
    ShardWrites writes = state.takeWrites();
    storage.write(writes);
    if (!writes.isEmpty()) {
      record.record(writes.progress().orElseThrow().commits(), writes.signed());
    }
  }

  @Test
  void dataBehindTheRecordIsRefusedAndDataAtOrAheadOfItStarts() throws Exception {
    assertThatThrownBy(() -> ShardStart.check(0, 4, 5)).isInstanceOf(ShardStart.DataBehindSigningRecord.class)
        .hasMessageContaining("qp authority recover");
    ShardStart.check(0, 5, 5);
    ShardStart.check(0, 6, 5);
  }

  @Test
  void aCommitWhoseRecordWasLostInACrashHasItsVotesRecordedBeforeTheShardAnswers() throws Exception {
    ShardState state = storage.load(config);
    ShardStart.start(0, state, record);
    state.handleDeposit(new PrimaryDeposit(NETWORK, 0, PAYOUT, account(ALICE), QPC, new Amount(100)));
    commit(state);
    InMemoryShardStorage backup = storage.copy(config);

    // A vote is signed; the data is written and the shard crashes before the signing record is.
    Vote toBob = state.handleOrder(verified(order(ALICE, BOB, 10, 0), ALICE));
    storage.write(state.takeWrites());
    assertThat(record.lastCommit()).isEqualTo(1);

    // It starts on data one commit ahead of the record, and the vote leaves when Alice asks again.
    state = storage.load(config);
    ShardStart.start(0, state, record);
    assertThat(state.handleOrder(verified(order(ALICE, BOB, 10, 0), ALICE))).isEqualTo(toBob);
    commit(state);
    assertThat(record.lastCommit()).isEqualTo(2);
    assertThat(record.lastVotes()).containsExactly(toBob);

    // Later the data is restored from the backup of commit 1: refused, where the check alone would pass.
    assertThatThrownBy(() -> ShardStart.start(0, backup.load(config), record))
        .isInstanceOf(ShardStart.DataBehindSigningRecord.class);

    // Rebuilt from the record, it knows its vote and signs no other order at (Alice, 0).
    ShardState rebuilt = ShardState.rebuild(config, record.lastCommit(), 1, record.lastVotes());
    rebuilt.handleDeposit(new PrimaryDeposit(NETWORK, 0, PAYOUT, account(ALICE), QPC, new Amount(100)));
    refused(ProtocolError.ConflictingOrder.class, () -> rebuilt.handleOrder(verified(order(ALICE, CAROL, 10, 0), ALICE)));
    assertThat(rebuilt.handleOrder(verified(order(ALICE, BOB, 10, 0), ALICE))).isEqualTo(toBob);
  }

  @Test
  void dataLevelWithTheRecordLeavesTheRecordAsItIs() throws Exception {
    ShardState state = storage.load(config);
    state.handleDeposit(new PrimaryDeposit(NETWORK, 0, PAYOUT, account(ALICE), QPC, new Amount(100)));
    state.handleOrder(verified(order(ALICE, BOB, 10, 0), ALICE));
    commit(state);
    ShardStart.start(0, storage.load(config), record);
    assertThat(record.lastCommit()).isEqualTo(1);
  }
}
