package io.quorumpay.core.authority;

import io.quorumpay.core.types.AssetId;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where a shard stands, apart from its accounts: its cursors on the primary chain and on its
 * sibling shards, and the money that entered and left through it.
 *
 * @param nextDepositIndex the index of the next primary deposit to apply
 * @param nextOutboxIndex per destination shard, the index the next credit sent there gets
 * @param nextInboxIndex per source shard, the index of the next credit expected from there
 * @param deposited per asset, total credited here from primary deposits
 * @param redeemed per asset, total debited here by certificates that pay a primary address
 * @param appliedCount how many certificates this shard has applied: the length of its applied log
 * @param epoch how many times this authority was rebuilt from its signing record; the sibling seal
 *     covers it, so credits sealed before a rebuild are refused after it
 * @param commits how many batches of changes this shard has committed; its signing record keeps
 *     the same count apart from the data, which is how a restored copy of the data is recognised
 * @param peerCursors per committee member (in committee order), how far this shard has read that
 *     authority's applied log of the same shard while catching up (its own entry stays 0)
 * @param primaryHeight the highest primary-chain height the shard has observed (refunds wait for it)
 * @param depositScanFrom a primary block at or before the one holding deposit {@code nextDepositIndex}:
 *     where reading the primary's deposit logs resumes (0: not known, from the start)
 */
public record ShardProgress(
    long nextDepositIndex,
    List<Long> nextOutboxIndex,
    List<Long> nextInboxIndex,
    SortedMap<AssetId, Long> deposited,
    SortedMap<AssetId, Long> redeemed,
    long appliedCount,
    long epoch,
    long commits,
    List<Long> peerCursors,
    long primaryHeight,
    long depositScanFrom) {

  public ShardProgress {
    nextOutboxIndex = List.copyOf(nextOutboxIndex);
    nextInboxIndex = List.copyOf(nextInboxIndex);
    deposited = Collections.unmodifiableSortedMap(new TreeMap<>(deposited));
    redeemed = Collections.unmodifiableSortedMap(new TreeMap<>(redeemed));
    peerCursors = List.copyOf(peerCursors);
    if (nextOutboxIndex.size() != nextInboxIndex.size()) {
      throw new IllegalArgumentException("one outbox and one inbox cursor per shard");
    }
  }

  /** A new shard's progress: nothing applied yet. */
  public static ShardProgress initial(ShardConfig config) {
    List<Long> zeros = Collections.nCopies(config.shardCount(), 0L);
    return new ShardProgress(0, zeros, zeros, new TreeMap<>(), new TreeMap<>(), 0, 0, 0,
        Collections.nCopies(config.committee().size(), 0L), 0, 0);
  }
}
