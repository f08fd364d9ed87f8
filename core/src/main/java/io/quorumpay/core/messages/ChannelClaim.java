package io.quorumpay.core.messages;

import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.encoding.ByteReader;
import io.quorumpay.core.encoding.ByteWriter;
import io.quorumpay.core.encoding.DomainTag;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.SequenceNumber;
import java.util.Objects;

/**
 * The channel's recipient ({@code claimer}) claims at the channel's nonce {@code nonce}: it pays
 * itself {@code paid} (at most the {@code planned} amount that {@code authorizer} authorised with
 * {@code authorization}) and returns {@code returned} to the channel's sender. On the channel's
 * slot, so at most one claim or refund is ever certified per nonce. Every amount is explicit, so
 * balances follow from certificates alone. 280 bytes, see docs/PROTOCOL.md.
 */
public record ChannelClaim(
    NetworkId network,
    AccountId claimer,
    AccountId channelSender,
    ChannelId channel,
    SequenceNumber nonce,
    AssetId asset,
    Amount planned,
    PublicKey authorizer,
    Signature authorization,
    Amount paid,
    Amount returned) implements Order {

  public static final int SIZE = DomainTag.SIZE + NetworkId.SIZE + PublicKey.SIZE + PublicKey.SIZE + ChannelId.SIZE + 8
      + AssetId.SIZE + 8 + PublicKey.SIZE + Signature.SIZE + 8 + 8;

  public ChannelClaim {
    Objects.requireNonNull(network);
    Objects.requireNonNull(claimer);
    Objects.requireNonNull(channelSender);
    Objects.requireNonNull(channel);
    Objects.requireNonNull(nonce);
    Objects.requireNonNull(asset);
    Objects.requireNonNull(planned);
    Objects.requireNonNull(authorizer);
    Objects.requireNonNull(authorization);
    Objects.requireNonNull(paid);
    Objects.requireNonNull(returned);
  }

  /** The payment authorisation this claim carries (what {@code authorizer} signed). */
  public PaymentAuthorization paymentAuthorization() {
    return new PaymentAuthorization(network, channel, nonce, planned);
  }

  /** What the claim takes from the channel: paid plus returned (well-formed claims do not overflow). */
  public long taken() {
    return paid.units() + returned.units();
  }

  @Override
  public OrderKey key() {
    return new OrderKey(channel, nonce);
  }

  @Override
  public PublicKey signer() {
    return claimer.key();
  }

  @Override
  public AccountId home() {
    return channelSender;
  }

  @Override
  public int encodedSize() {
    return SIZE;
  }

  @Override
  public void writeTo(ByteWriter out) {
    out.bytes(DomainTag.CHANNEL_CLAIM.bytes())
        .bytes(network.bytes())
        .bytes(claimer.key().bytes())
        .bytes(channelSender.key().bytes())
        .bytes(channel.bytes())
        .u64(nonce.value())
        .bytes(asset.toBytes())
        .u64(planned.units())
        .bytes(authorizer.bytes())
        .bytes(authorization.bytes())
        .u64(paid.units())
        .u64(returned.units());
  }

  static ChannelClaim readFrom(ByteReader in) throws ProtocolException {
    DomainTag.CHANNEL_CLAIM.expect(in);
    NetworkId network = new NetworkId(in.bytes(NetworkId.SIZE, "network id"));
    AccountId claimer = new AccountId(new PublicKey(in.bytes(PublicKey.SIZE, "claimer")));
    AccountId sender = new AccountId(new PublicKey(in.bytes(PublicKey.SIZE, "channel sender")));
    ChannelId channel = new ChannelId(in.bytes(ChannelId.SIZE, "channel id"));
    SequenceNumber nonce = new SequenceNumber(in.u63("nonce"));
    AssetId asset = AssetId.fromBytes(in.bytes(AssetId.SIZE, "asset").toArray());
    Amount planned = new Amount(in.u63("planned amount"));
    PublicKey authorizer = new PublicKey(in.bytes(PublicKey.SIZE, "authorizer key"));
    Signature authorization = new Signature(in.bytes(Signature.SIZE, "authorization signature"));
    Amount paid = new Amount(in.u63("paid amount"));
    Amount returned = new Amount(in.u63("returned amount"));
    return new ChannelClaim(network, claimer, sender, channel, nonce, asset, planned, authorizer, authorization, paid,
        returned);
  }

  /**
   * The network; paid at most planned; something taken, without overflow; the claimer is not the
   * channel's sender. The authorisation's signature is checked by {@link #checkAuthorization()}.
   */
  @Override
  public void checkWellFormed(NetworkId expectedNetwork) throws ProtocolException {
    if (!network.equals(expectedNetwork)) {
      throw new ProtocolException(new ProtocolError.WrongNetwork(expectedNetwork, network));
    }
    if (paid.units() > planned.units()) {
      throw new ProtocolException(new ProtocolError.InvalidAuthorization(channel, "the claim pays " + paid
          + " but the authorization allows " + planned));
    }
    if (paid.isZero() && returned.isZero()) {
      throw new ProtocolException(new ProtocolError.ZeroAmount());
    }
    if (paid.units() > Long.MAX_VALUE - returned.units()) {
      throw new ProtocolException(new ProtocolError.OutOfRange("claim", "paid plus returned exceeds 2^63 - 1"));
    }
    if (claimer.equals(channelSender)) {
      throw new ProtocolException(new ProtocolError.SelfTransfer(claimer));
    }
  }

  /** Refuses ({@code INVALID_AUTHORIZATION}) unless {@code authorizer} signed the payment authorisation. */
  public void checkAuthorization() throws ProtocolException {
    if (!paymentAuthorization().isSignedBy(authorizer, authorization)) {
      throw new ProtocolException(new ProtocolError.InvalidAuthorization(channel, "the signature does not verify with key "
          + authorizer));
    }
  }
}
