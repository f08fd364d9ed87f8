package io.quorumpay.core.authority;

import io.quorumpay.core.messages.ChannelOpen;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.SequenceNumber;
import java.util.Objects;
import java.util.Optional;

/**
 * One payment channel as a shard knows it. Immutable: each change makes a new value, which is what
 * gets written to storage.
 *
 * @param open the order that opened it: sender, signer (authorizer) key, recipient, asset, group.
 *     Empty only for a shard rebuilt from its signing record that holds a vote at this channel's
 *     slot before it has applied the channel's open certificate: the vote must not be forgotten
 * @param value what the channel holds; may be transiently negative at an authority that applied a
 *     claim before a fund that the quorum had seen
 * @param nonce the channel's next slot: the nonce of the next claim or refund
 * @param expiration the primary height from which the sender may refund
 * @param pendingVote this authority's vote at the channel's slot {@code nonce} (or later, after a
 *     rebuild), as for an account
 */
public record ChannelState(
    Optional<ChannelOpen> open,
    long value,
    SequenceNumber nonce,
    long expiration,
    Optional<Vote> pendingVote) {

  public ChannelState {
    Objects.requireNonNull(open);
    Objects.requireNonNull(nonce);
    Objects.requireNonNull(pendingVote);
  }

  /** A channel as its open order creates it: its value, nonce 0, its expiration. */
  static ChannelState opened(ChannelOpen open) {
    return new ChannelState(Optional.of(open), open.value().units(), SequenceNumber.ZERO, open.expiration(), Optional.empty());
  }

  /** A channel not opened here yet, holding a vote taken back from the signing record. */
  static ChannelState holding(Vote vote) {
    return new ChannelState(Optional.empty(), 0, SequenceNumber.ZERO, 0, Optional.of(vote));
  }

  /** Whether its open certificate was applied here. */
  public boolean isOpen() {
    return open.isPresent();
  }

  /** This placeholder (or channel) opened by {@code order}, keeping its pending vote. */
  ChannelState withOpen(ChannelOpen order) {
    return new ChannelState(Optional.of(order), value + order.value().units(), nonce, order.expiration(), pendingVote);
  }

  ChannelState withValue(long newValue) {
    return new ChannelState(open, newValue, nonce, expiration, pendingVote);
  }

  ChannelState withExpiration(long newExpiration) {
    return new ChannelState(open, value, nonce, newExpiration, pendingVote);
  }

  ChannelState withPendingVote(Vote vote) {
    return new ChannelState(open, value, nonce, expiration, Optional.of(vote));
  }

  ChannelState withNextNonce(SequenceNumber next) {
    // A vote recorded ahead (after a recovery) stays until the channel has caught up with it.
    Optional<Vote> kept = pendingVote.filter(vote -> vote.order().key().sequenceNumber().value() >= next.value());
    return new ChannelState(open, value, next, expiration, kept);
  }
}
