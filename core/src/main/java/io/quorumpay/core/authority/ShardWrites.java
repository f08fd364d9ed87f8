package io.quorumpay.core.authority;

import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.CrossShardCredit;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.SlotOwner;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a shard changed since the last {@link ShardState#takeWrites()}: what storage must
 * write in one atomic batch, and make durable, before any reply about these steps leaves.
 *
 * @param accounts the new state of every changed account
 * @param channels the new state of every changed channel
 * @param applied certificates applied for their senders (keyed by sender and sequence number), in
 *     the order of the shard's applied log: they take its positions up to {@code progress.appliedCount()}
 * @param received new entries of recipients' received logs
 * @param outboxAdded cross-shard credits to deliver
 * @param outboxAcknowledged cross-shard credits the destination has applied (to delete)
 * @param creditedUpTo per slot owner (sender or channel) on another shard, the highest sequence number whose credit was applied here (changed entries)
 * @param signed votes this authority signed in these steps: the signing record keeps them apart from the data
 * @param progress the shard's new progress, if it changed
 */
public record ShardWrites(
    Map<AccountId, AccountState> accounts,
    Map<ChannelId, ChannelState> channels,
    List<Certificate> applied,
    List<ReceivedCertificate> received,
    List<CrossShardCredit> outboxAdded,
    List<CrossShardCredit> outboxAcknowledged,
    Map<SlotOwner, Long> creditedUpTo,
    List<Vote> signed,
    Optional<ShardProgress> progress) {

  public ShardWrites {
    accounts = Map.copyOf(accounts);
    channels = Map.copyOf(channels);
    applied = List.copyOf(applied);
    received = List.copyOf(received);
    outboxAdded = List.copyOf(outboxAdded);
    outboxAcknowledged = List.copyOf(outboxAcknowledged);
    creditedUpTo = Map.copyOf(creditedUpTo);
    signed = List.copyOf(signed);
    if (!applied.isEmpty() && progress.isEmpty()) {
      throw new IllegalArgumentException("applied certificates take positions of the applied log, which is progress");
    }
  }

  /** The applied-log position of {@code applied().get(0)}. */
  public long appliedFrom() {
    return progress.map(p -> p.appliedCount() - applied.size()).orElse(0L);
  }

  public boolean isEmpty() {
    return accounts.isEmpty() && channels.isEmpty() && applied.isEmpty() && received.isEmpty() && outboxAdded.isEmpty()
        && outboxAcknowledged.isEmpty() && creditedUpTo.isEmpty() && signed.isEmpty() && progress.isEmpty();
  }
}
