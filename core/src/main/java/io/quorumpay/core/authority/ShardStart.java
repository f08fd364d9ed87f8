package io.quorumpay.core.authority;

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
}
