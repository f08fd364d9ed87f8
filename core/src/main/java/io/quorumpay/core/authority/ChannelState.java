package io.quorumpay.core.authority;

import io.quorumpay.core.messages.ChannelOpen;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.SequenceNumber;
import java.util.ArrayList;
import java.util.List;
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
 * @param funds the sender's sequence numbers of the fund orders applied to it, oldest first, at most
 *     the last {@link #MAX_FUNDS}: their certificates are on the sender's slot, and a recipient that
 *     asks about the channel gets them (docs/PROTOCOL.md)
 */
public record ChannelState(
    Optional<ChannelOpen> open,
    long value,
    SequenceNumber nonce,
    long expiration,
    Optional<Vote> pendingVote,
    List<SequenceNumber> funds) {

  /** How many of a channel's latest funds it remembers (and serves the certificates of). */
  public static final int MAX_FUNDS = 64;

  public ChannelState {
    Objects.requireNonNull(open);
    Objects.requireNonNull(nonce);
    Objects.requireNonNull(pendingVote);
    funds = List.copyOf(funds);
    if (funds.size() > MAX_FUNDS) {
      throw new IllegalArgumentException("a channel remembers at most " + MAX_FUNDS + " funds, not " + funds.size());
    }
  }

  /** A channel as its open order creates it: its value, nonce 0, its expiration. */
  static ChannelState opened(ChannelOpen open) {
    return new ChannelState(Optional.of(open), open.value().units(), SequenceNumber.ZERO, open.expiration(), Optional.empty(), List.of());
  }

  /** A channel not opened here yet, holding a vote taken back from the signing record. */
  static ChannelState holding(Vote vote) {
    return new ChannelState(Optional.empty(), 0, SequenceNumber.ZERO, 0, Optional.of(vote), List.of());
  }

  /** Whether its open certificate was applied here. */
  public boolean isOpen() {
    return open.isPresent();
  }

  /** This placeholder (or channel) opened by {@code order}, keeping its pending vote. */
  ChannelState withOpen(ChannelOpen order) {
    return new ChannelState(Optional.of(order), value + order.value().units(), nonce, order.expiration(), pendingVote, funds);
  }

  ChannelState withValue(long newValue) {
    return new ChannelState(open, newValue, nonce, expiration, pendingVote, funds);
  }

  ChannelState withExpiration(long newExpiration) {
    return new ChannelState(open, value, nonce, newExpiration, pendingVote, funds);
  }

  ChannelState withPendingVote(Vote vote) {
    return new ChannelState(open, value, nonce, expiration, Optional.of(vote), funds);
  }

  ChannelState withNextNonce(SequenceNumber next) {
    // A vote recorded ahead (after a recovery) stays until the channel has caught up with it.
    Optional<Vote> kept = pendingVote.filter(vote -> vote.order().key().sequenceNumber().value() >= next.value());
    return new ChannelState(open, value, next, expiration, kept, funds);
  }

  /** With the fund order at the sender's {@code sequence} applied: the oldest is forgotten beyond {@link #MAX_FUNDS}. */
  ChannelState withFund(SequenceNumber sequence) {
    List<SequenceNumber> more = new ArrayList<>(funds);
    more.add(sequence);
    return new ChannelState(open, value, nonce, expiration, pendingVote,
        more.subList(Math.max(0, more.size() - MAX_FUNDS), more.size()));
  }
}
