package io.quorumpay.core.authority;

import io.quorumpay.core.messages.Vote;
import java.io.IOException;
import java.util.List;

/**
 * What a shard has signed, kept apart from its data: per account the last vote this authority gave
 * there, and the number of the shard's last commit. The writer records each commit here after the
 * data is durable and before any reply leaves.
 *
 * <p>It guards against an operator restoring the data from an older copy: such data is behind the
 * record ({@link ShardStart#check}), and the shard refuses to start instead of voting a second
 * time at a (sender, sequence number). The record is also how the shard comes back: it is rebuilt
 * from nothing with the record's votes ({@link ShardState#rebuild}). The record must never itself
 * be restored from a backup (docs/OPERATIONS.md).
 */
public interface SigningRecord {

  /** The number of the last commit recorded; 0 for a new record. */
  long lastCommit() throws IOException;

  /** Durably records commit {@code commit} and the votes signed in it; returns once they are on disk. */
  void record(long commit, List<Vote> signed) throws IOException;

  /** The last vote recorded for each account. */
  List<Vote> lastVotes() throws IOException;

  /** The recovery epoch the shard last started (0 before any recovery). */
  long epoch() throws IOException;

  /** Durably records that the shard was rebuilt into recovery epoch {@code epoch}. */
  void beginEpoch(long epoch) throws IOException;
}
