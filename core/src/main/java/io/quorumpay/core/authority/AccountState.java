package io.quorumpay.core.authority;

import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.SequenceNumber;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One account as a shard knows it. Immutable: each change makes a new value, which is what gets
 * written to storage.
 *
 * @param balances per asset; an entry can be negative where a certificate was applied before the
 *     credits that a quorum had seen (see docs/PROTOCOL.md)
 * @param nextSequenceNumber the sequence number of the next order this account may sign
 * @param pendingVote this authority's vote at {@code nextSequenceNumber}, if it has voted: it will
 *     never vote for another order there. After a recovery from the signing record it may stand at a
 *     later sequence number than {@code nextSequenceNumber}: then the authority votes for nothing
 *     until its confirmations reach it
 * @param receivedCount how many certificates have credited this account here (its received log's length)
 */
public record AccountState(
    SortedMap<AssetId, Long> balances,
    SequenceNumber nextSequenceNumber,
    Optional<Vote> pendingVote,
    long receivedCount) {

  /** An account nobody has paid or used. */
  public static final AccountState EMPTY =
      new AccountState(new TreeMap<>(), SequenceNumber.ZERO, Optional.empty(), 0);

  public AccountState {
    balances = Collections.unmodifiableSortedMap(new TreeMap<>(balances));
    Objects.requireNonNull(nextSequenceNumber);
    Objects.requireNonNull(pendingVote);
  }

  public long balance(AssetId asset) {
    return balances.getOrDefault(asset, 0L);
  }

  AccountState withBalance(AssetId asset, long balance) {
    TreeMap<AssetId, Long> updated = new TreeMap<>(balances);
    updated.put(asset, balance);
    return new AccountState(updated, nextSequenceNumber, pendingVote, receivedCount);
  }

  AccountState withPendingVote(Vote vote) {
    return new AccountState(balances, nextSequenceNumber, Optional.of(vote), receivedCount);
  }

  AccountState withNextSequenceNumber(SequenceNumber next) {
    // A vote recorded ahead (after a recovery) stays until the account has caught up with it.
    Optional<Vote> kept = pendingVote.filter(vote -> vote.order().key().sequenceNumber().value() >= next.value());
    return new AccountState(balances, next, kept, receivedCount);
  }

  AccountState withOneMoreReceived() {
    return new AccountState(balances, nextSequenceNumber, pendingVote, receivedCount + 1);
  }
}
