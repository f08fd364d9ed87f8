package io.quorumpay.core.messages;

import io.quorumpay.core.crypto.PublicKey;
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
 * The channel's sender takes {@code amount} of {@code asset} back from its channel, at the
 * channel's nonce {@code nonce}: on the channel's slot, so it excludes a claim at that nonce.
 * Authorities vote for it only once their view of the primary height has reached the channel's
 * expiration. 136 bytes, see docs/PROTOCOL.md.
 */
public record ChannelRefund(
    NetworkId network,
    AccountId sender,
    ChannelId channel,
    SequenceNumber nonce,
    AssetId asset,
    Amount amount) implements Order {

  public static final int SIZE = DomainTag.SIZE + NetworkId.SIZE + PublicKey.SIZE + ChannelId.SIZE + 8 + AssetId.SIZE + 8;

  public ChannelRefund {
    Objects.requireNonNull(network);
    Objects.requireNonNull(sender);
    Objects.requireNonNull(channel);
    Objects.requireNonNull(nonce);
    Objects.requireNonNull(asset);
    Objects.requireNonNull(amount);
  }

  @Override
  public OrderKey key() {
    return new OrderKey(channel, nonce);
  }

  @Override
  public PublicKey signer() {
    return sender.key();
  }

  @Override
  public AccountId home() {
    return sender;
  }

  @Override
  public int encodedSize() {
    return SIZE;
  }

  @Override
  public void writeTo(ByteWriter out) {
    out.bytes(DomainTag.CHANNEL_REFUND.bytes())
        .bytes(network.bytes())
        .bytes(sender.key().bytes())
        .bytes(channel.bytes())
        .u64(nonce.value())
        .bytes(asset.toBytes())
        .u64(amount.units());
  }

  static ChannelRefund readFrom(ByteReader in) throws ProtocolException {
    DomainTag.CHANNEL_REFUND.expect(in);
    NetworkId network = new NetworkId(in.bytes(NetworkId.SIZE, "network id"));
    AccountId sender = new AccountId(new PublicKey(in.bytes(PublicKey.SIZE, "sender")));
    ChannelId channel = new ChannelId(in.bytes(ChannelId.SIZE, "channel id"));
    SequenceNumber nonce = new SequenceNumber(in.u63("nonce"));
    AssetId asset = AssetId.fromBytes(in.bytes(AssetId.SIZE, "asset").toArray());
    Amount amount = new Amount(in.u63("amount"));
    return new ChannelRefund(network, sender, channel, nonce, asset, amount);
  }

  /** The network and a positive amount. */
  @Override
  public void checkWellFormed(NetworkId expectedNetwork) throws ProtocolException {
    if (!network.equals(expectedNetwork)) {
      throw new ProtocolException(new ProtocolError.WrongNetwork(expectedNetwork, network));
    }
    if (amount.isZero()) {
      throw new ProtocolException(new ProtocolError.ZeroAmount());
    }
  }
}
