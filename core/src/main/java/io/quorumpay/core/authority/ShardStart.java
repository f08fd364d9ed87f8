package io.quorumpay.core.authority;

import io.quorumpay.core.messages.Vote;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;

/**
 * Whether a shard may start on the data it found: the decision that production and the simulator
 * both make, from the commit count in the data and in the signing record.
 */
public final class ShardStart {
  private ShardStart() {}

  /** The data is older than what the shard has signed: starting would risk a second vote. */
  public static final class DataBehindSigningRecord extends Exception {
    private final long dataCommits;
    private final long recordedCommits;

    DataBehindSigningRecord(int shard, long dataCommits, long recordedCommits) {
      super("shard " + shard + " refuses to start: its data stops at commit " + dataCommits + " but its signing record"
          + " reaches commit " + recordedCommits + ". The data folder was restored from an older copy (or replaced),"
          + " and this shard may have voted on what the copy does not hold; voting again could sign two orders at one"
          + " (sender, sequence number). Do not start it on this data: rebuild it with 'qp authority recover' (see"
          + " docs/OPERATIONS.md, \"Recovering an authority\").");
      this.dataCommits = dataCommits;
      this.recordedCommits = recordedCommits;
    }

    public long dataCommits() {
      return dataCommits;
    }

    public long recordedCommits() {
      return recordedCommits;
    }
  }

  /**
   * Refuses data that is behind the signing record. Data ahead of the record by one commit is a
   * crash between the two writes and is fine: the record catches up at the next commit.
   */
  public static void check(int shard, long dataCommits, long recordedCommits) throws DataBehindSigningRecord {
    if (dataCommits < recordedCommits) {
      throw new DataBehindSigningRecord(shard, dataCommits, recordedCommits);
    }
  }

  /**
   * Starts a shard on {@code state}, just loaded: refuses data behind the record ({@link #check}),
   * and brings the record up to data that is ahead of it before the shard answers anything.
   *
   * <p>Data ahead of the record is a crash between the two writes of a commit: the votes signed in
   * that commit never reached the record. The shard may send them now (the same order asked again
   * gets the same vote, and account info shows it), and the next commit would not record them:
   * only newly signed votes are recorded. Unrecorded, such a vote is forgotten by a recovery, and
   * the data of that commit count can be replaced by an older backup that the check still
   * accepts; either way the shard could then sign a second order at that (sender, sequence
   * number). So the record takes the data's commit count and every vote pending in the data now.
   */
  public static void start(int shard, ShardState state, SigningRecord record) throws DataBehindSigningRecord, IOException {
    long recorded = record.lastCommit();
    check(shard, state.commits(), recorded);
    if (state.commits() > recorded) {
      record.record(state.commits(), state.pendingVotes());
    }
  }
}
