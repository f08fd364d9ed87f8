package io.quorumpay.core.authority;

import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.CrossShardCredit;
import io.quorumpay.core.types.AccountId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a shard changed since the last {@link ShardState#takeWrites()}: what storage must
 * write in one atomic batch, and make durable, before any reply about these steps leaves.
 *
 * @param accounts the new state of every changed account
 * @param applied certificates applied for their senders (keyed by sender and sequence number)
 * @param received new entries of recipients' received logs
 * @param outboxAdded cross-shard credits to deliver
 * @param outboxAcknowledged cross-shard credits the destination has applied (to delete)
 * @param progress the shard's new progress, if it changed
 */
public record ShardWrites(
    Map<AccountId, AccountState> accounts,
    List<Certificate> applied,
    List<ReceivedCertificate> received,
    List<CrossShardCredit> outboxAdded,
    List<CrossShardCredit> outboxAcknowledged,
    Optional<ShardProgress> progress) {

  public ShardWrites {
    accounts = Map.copyOf(accounts);
    applied = List.copyOf(applied);
    received = List.copyOf(received);
    outboxAdded = List.copyOf(outboxAdded);
    outboxAcknowledged = List.copyOf(outboxAcknowledged);
  }

  public boolean isEmpty() {
    return accounts.isEmpty() && applied.isEmpty() && received.isEmpty() && outboxAdded.isEmpty()
        && outboxAcknowledged.isEmpty() && progress.isEmpty();
  }
}
