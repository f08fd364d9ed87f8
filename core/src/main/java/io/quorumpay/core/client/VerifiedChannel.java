package io.quorumpay.core.client;

import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.ChannelClaim;
import io.quorumpay.core.messages.ChannelFund;
import io.quorumpay.core.messages.ChannelOpen;
import io.quorumpay.core.messages.ChannelRefund;
import io.quorumpay.core.messages.OrderKey;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.SequenceNumber;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A payment channel as certificates prove it, and nothing else: its open certificate gives sender,
 * signer, recipient, asset, group, value and expiration; each fund certificate it was given adds
 * value and moves the expiration; the claim and refund certificates at nonces 0, 1, … in a row take
 * value and make the nonce. What authorities merely say is never counted. A channel's funds are its
 * sender's orders, so only the sender's wallet holds them all: without them, value and expiration
 * are lower bounds (safe for a recipient deciding what it may claim).
 *
 * <p>Immutable: {@link #withFund} and {@link #withSlot} return the channel with one more certificate.
 */
public record VerifiedChannel(ChannelOpen open, long value, SequenceNumber nonce, long expiration, Set<OrderKey> funds) {

  public VerifiedChannel {
    Objects.requireNonNull(open);
    Objects.requireNonNull(nonce);
    funds = Set.copyOf(funds);
  }

  /** The channel opened by {@code certificate}, which must verify for {@code committee} and be {@code id}'s open order. */
  public static VerifiedChannel opened(Committee committee, ChannelId id, Certificate certificate) throws ProtocolException {
    if (!(VerifiedCertificate.check(certificate, committee).order() instanceof ChannelOpen open) || !open.channel().equals(id)) {
      throw new ProtocolException(new ProtocolError.UnexpectedCertificate("it does not open channel " + id));
    }
    return new VerifiedChannel(open, open.value().units(), SequenceNumber.ZERO, open.expiration(), Set.of());
  }

  public ChannelId id() {
    return open.channel();
  }

  public AccountId sender() {
    return open.sender();
  }

  public AccountId recipient() {
    return open.recipient();
  }

  /** With a fund certificate of this channel (each counts once). */
  public VerifiedChannel withFund(Committee committee, Certificate certificate) throws ProtocolException {
    if (!(VerifiedCertificate.check(certificate, committee).order() instanceof ChannelFund fund) || !fund.channel().equals(id())
        || !fund.sender().equals(sender())) {
      throw new ProtocolException(new ProtocolError.UnexpectedCertificate("it does not fund channel " + id()));
    }
    if (funds.contains(fund.key())) {
      return this;
    }
    Set<OrderKey> more = new HashSet<>(funds);
    more.add(fund.key());
    return new VerifiedChannel(open, value + fund.added().units(), nonce, Math.max(expiration, fund.expiration()), more);
  }

  /** With the claim or refund certificate at the channel's current nonce: it takes value, and the nonce moves on. */
  public VerifiedChannel withSlot(Committee committee, Certificate certificate) throws ProtocolException {
    long taken = switch (VerifiedCertificate.check(certificate, committee).order()) {
      case ChannelClaim claim when claim.channelSender().equals(sender()) -> claim.taken();
      case ChannelRefund refund when refund.sender().equals(sender()) -> refund.amount().units();
      case ChannelClaim claim -> throw notAtNonce();
      case ChannelRefund refund -> throw notAtNonce();
      case TransferOrder transfer -> throw notAtNonce();
      case ChannelOpen other -> throw notAtNonce();
      case ChannelFund fund -> throw notAtNonce();
    };
    if (!certificate.key().equals(new OrderKey(id(), nonce))) {
      throw notAtNonce();
    }
    return new VerifiedChannel(open, value - taken, nonce.next(), expiration, funds);
  }

  private ProtocolException notAtNonce() {
    return new ProtocolException(new ProtocolError.UnexpectedCertificate("not the claim or refund of channel " + id()
        + " at nonce " + nonce));
  }
}
