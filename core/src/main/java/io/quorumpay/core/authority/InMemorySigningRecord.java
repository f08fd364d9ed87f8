package io.quorumpay.core.authority;

import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.SlotOwner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link SigningRecord} in memory, for the simulator, tests and benchmarks: what it is given counts as durable. */
public final class InMemorySigningRecord implements SigningRecord {
  private final Map<SlotOwner, Vote> votes = new LinkedHashMap<>();
  private long lastCommit;
  private long epoch;

  @Override
  public long lastCommit() {
    return lastCommit;
  }

  @Override
  public void record(long commit, List<Vote> signed) {
    if (commit <= lastCommit) {
      throw new IllegalStateException("commit " + commit + " recorded after commit " + lastCommit);
    }
    lastCommit = commit;
    signed.forEach(vote -> votes.put(vote.order().key().owner(), vote));
  }

  @Override
  public List<Vote> lastVotes() {
    return List.copyOf(votes.values());
  }

  @Override
  public long epoch() {
    return epoch;
  }

  @Override
  public void beginEpoch(long epoch) {
    if (epoch <= this.epoch) {
      throw new IllegalStateException("epoch " + epoch + " begun after epoch " + this.epoch);
    }
    this.epoch = epoch;
  }
}
