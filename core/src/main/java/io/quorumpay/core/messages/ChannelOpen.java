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
import io.quorumpay.core.types.GroupId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.SequenceNumber;
import java.util.Objects;

/**
 * The sender opens a payment channel to {@code recipient}, moving {@code value} of {@code asset}
 * from its balance into the channel, as its order {@code sequenceNumber}. Payment authorisations
 * for the channel are signed by {@code authorizer} (a hot key, or the sender's own) or by the
 * sender's key; from primary-chain height {@code expiration} on, the sender may refund what is
 * left. The channel's id is derived from the order ({@link #channel()}). 208 bytes, see docs/PROTOCOL.md.
 */
public record ChannelOpen(
    NetworkId network,
    AccountId sender,
    SequenceNumber sequenceNumber,
    PublicKey authorizer,
    AccountId recipient,
    AssetId asset,
    Amount value,
    long expiration,
    GroupId group) implements SenderOrder {

  public static final int SIZE = DomainTag.SIZE + NetworkId.SIZE + PublicKey.SIZE + 8 + PublicKey.SIZE + PublicKey.SIZE
      + AssetId.SIZE + 8 + 8 + GroupId.SIZE;

  public ChannelOpen {
    Objects.requireNonNull(network);
    Objects.requireNonNull(sender);
    Objects.requireNonNull(sequenceNumber);
    Objects.requireNonNull(authorizer);
    Objects.requireNonNull(recipient);
    Objects.requireNonNull(asset);
    Objects.requireNonNull(value);
    Objects.requireNonNull(group);
    if (expiration < 0) {
      throw new IllegalArgumentException("an expiration is a primary height, not " + expiration);
    }
  }

  /** The id of the channel this order opens. */
  public ChannelId channel() {
    return ChannelId.of(network, sender, sequenceNumber);
  }

  @Override
  public int encodedSize() {
    return SIZE;
  }

  @Override
  public void writeTo(ByteWriter out) {
    out.bytes(DomainTag.CHANNEL_OPEN.bytes())
        .bytes(network.bytes())
        .bytes(sender.key().bytes())
        .u64(sequenceNumber.value())
        .bytes(authorizer.bytes())
        .bytes(recipient.key().bytes())
        .bytes(asset.toBytes())
        .u64(value.units())
        .u64(expiration)
        .bytes(group.bytes());
  }

  static ChannelOpen readFrom(ByteReader in) throws ProtocolException {
    DomainTag.CHANNEL_OPEN.expect(in);
    NetworkId network = new NetworkId(in.bytes(NetworkId.SIZE, "network id"));
    AccountId sender = new AccountId(new PublicKey(in.bytes(PublicKey.SIZE, "sender")));
    SequenceNumber sequence = new SequenceNumber(in.u63("sequence number"));
    PublicKey authorizer = new PublicKey(in.bytes(PublicKey.SIZE, "authorizer key"));
    AccountId recipient = new AccountId(new PublicKey(in.bytes(PublicKey.SIZE, "recipient")));
    AssetId asset = AssetId.fromBytes(in.bytes(AssetId.SIZE, "asset").toArray());
    Amount value = new Amount(in.u63("value"));
    long expiration = in.u63("expiration");
    GroupId group = new GroupId(in.bytes(GroupId.SIZE, "group id"));
    return new ChannelOpen(network, sender, sequence, authorizer, recipient, asset, value, expiration, group);
  }

  /** The network, a positive value, and a recipient other than the sender. */
  @Override
  public void checkWellFormed(NetworkId expectedNetwork) throws ProtocolException {
    if (!network.equals(expectedNetwork)) {
      throw new ProtocolException(new ProtocolError.WrongNetwork(expectedNetwork, network));
    }
    if (value.isZero()) {
      throw new ProtocolException(new ProtocolError.ZeroAmount());
    }
    if (recipient.equals(sender)) {
      throw new ProtocolException(new ProtocolError.SelfTransfer(sender));
    }
  }
}
