package io.quorumpay.core.messages;

import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.SequenceNumber;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A shard's answer about one account. Balances may be negative at an authority that applied a
 * certificate before the credits that funded it (the quorum that voted had seen them).
 *
 * @param receivedTotal how many certificates the account has received in all, so a client knows
 *     whether to ask for more
 */
public record AccountInfoResponse(
    AccountId account,
    SortedMap<AssetId, Long> balances,
    SequenceNumber nextSequenceNumber,
    Optional<Vote> pendingVote,
    Optional<Certificate> requestedCertificate,
    long receivedFrom,
    List<Certificate> received,
    long receivedTotal) {

  public AccountInfoResponse {
    balances = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(balances));
    received = List.copyOf(received);
  }

  /** The balance of {@code asset}, zero if never touched. */
  public long balance(AssetId asset) {
    return balances.getOrDefault(asset, 0L);
  }
}
