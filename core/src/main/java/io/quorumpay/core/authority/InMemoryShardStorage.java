package io.quorumpay.core.authority;

import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.CrossShardCredit;
import io.quorumpay.core.messages.OrderKey;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.SlotOwner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link ShardStorage} in memory: what {@link #write} was given counts as durable. The simulator
 * "crashes" a shard by throwing its state away and reloading from here, so anything processed but
 * not yet written is lost, as on a real crash before fsync; benchmarks use it to measure a shard
 * without disk.
 */
public final class InMemoryShardStorage implements ShardStorage {
  private final TreeMap<AccountId, AccountState> accounts = new TreeMap<>();
  private final TreeMap<Long, CrossShardCredit>[] outbox;
  private final TreeMap<ChannelId, ChannelState> channels = new TreeMap<>();
  private final Map<SlotOwner, Long> creditedUpTo = new HashMap<>();
  private final InMemoryCertificateLog log = new InMemoryCertificateLog();
  private ShardProgress progress;

  /** Empty storage for the shard {@code config} describes. */
  @SuppressWarnings("unchecked")
  public InMemoryShardStorage(ShardConfig config) {
    this.progress = ShardProgress.initial(config);
    this.outbox = new TreeMap[config.shardCount()];
    for (int i = 0; i < config.shardCount(); i++) {
      outbox[i] = new TreeMap<>();
    }
  }

  @Override
  public ShardState load(ShardConfig config) {
    List<CrossShardCredit> pending = new ArrayList<>();
    for (TreeMap<Long, CrossShardCredit> credits : outbox) {
      pending.addAll(credits.values());
    }
    return ShardState.restore(config, Map.copyOf(accounts), Map.copyOf(channels), progress, pending, creditedUpTo);
  }

  @Override
  public void write(ShardWrites writes) {
    accounts.putAll(writes.accounts());
    channels.putAll(writes.channels());
    log.record(writes);
    writes.outboxAdded().forEach(c -> outbox[c.destShard()].put(c.index(), c));
    writes.outboxAcknowledged().forEach(c -> outbox[c.destShard()].remove(c.index()));
    creditedUpTo.putAll(writes.creditedUpTo());
    writes.progress().ifPresent(p -> progress = p);
  }

  @Override
  public List<CrossShardCredit> outbox(int dest, long from, int limit) {
    return outbox[dest].tailMap(from, true).values().stream().limit(limit).toList();
  }

  @Override
  public Optional<Certificate> applied(OrderKey key) {
    return log.applied(key);
  }

  @Override
  public List<Certificate> received(AccountId recipient, long from, int limit) {
    return log.received(recipient, from, limit);
  }

  @Override
  public List<Certificate> appliedLog(long from, int limit) {
    return log.appliedLog(from, limit);
  }

  @Override
  public long appliedLogSize() {
    return log.appliedLogSize();
  }

  /** A copy of everything stored now: what a backup taken at this moment would hold. */
  public InMemoryShardStorage copy(ShardConfig config) {
    InMemoryShardStorage copy = new InMemoryShardStorage(config);
    copy.accounts.putAll(accounts);
    copy.channels.putAll(channels);
    for (int i = 0; i < outbox.length; i++) {
      copy.outbox[i].putAll(outbox[i]);
    }
    copy.creditedUpTo.putAll(creditedUpTo);
    copy.log.copyFrom(log);
    copy.progress = progress;
    return copy;
  }
}
