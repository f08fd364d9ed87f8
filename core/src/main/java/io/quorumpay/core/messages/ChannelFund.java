package io.quorumpay.core.messages;

import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.encoding.ByteReader;
import io.quorumpay.core.encoding.ByteWriter;
import io.quorumpay.core.encoding.DomainTag;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.SequenceNumber;
import java.util.Objects;

/**
 * The sender adds {@code added} to its channel (from its balance) and moves its expiration to
 * {@code expiration} (never earlier), as its order {@code sequenceNumber}. It only adds to the
 * channel, so it sits on the sender's slot and commutes with claims and refunds. 136 bytes, see
 * docs/PROTOCOL.md.
 */
public record ChannelFund(
    NetworkId network,
    AccountId sender,
    SequenceNumber sequenceNumber,
    ChannelId channel,
    Amount added,
    long expiration) implements SenderOrder {

  public static final int SIZE = DomainTag.SIZE + NetworkId.SIZE + PublicKey.SIZE + 8 + ChannelId.SIZE + 8 + 8;

  public ChannelFund {
    Objects.requireNonNull(network);
    Objects.requireNonNull(sender);
    Objects.requireNonNull(sequenceNumber);
    Objects.requireNonNull(channel);
    Objects.requireNonNull(added);
    if (expiration < 0) {
      throw new IllegalArgumentException("an expiration is a primary height, not " + expiration);
    }
  }

  @Override
  public int encodedSize() {
    return SIZE;
  }

  @Override
  public void writeTo(ByteWriter out) {
    out.bytes(DomainTag.CHANNEL_FUND.bytes())
        .bytes(network.bytes())
        .bytes(sender.key().bytes())
        .u64(sequenceNumber.value())
        .bytes(channel.bytes())
        .u64(added.units())
        .u64(expiration);
  }

  static ChannelFund readFrom(ByteReader in) throws ProtocolException {
    DomainTag.CHANNEL_FUND.expect(in);
    NetworkId network = new NetworkId(in.bytes(NetworkId.SIZE, "network id"));
    AccountId sender = new AccountId(new PublicKey(in.bytes(PublicKey.SIZE, "sender")));
    SequenceNumber sequence = new SequenceNumber(in.u63("sequence number"));
    ChannelId channel = new ChannelId(in.bytes(ChannelId.SIZE, "channel id"));
    Amount added = new Amount(in.u63("added value"));
    long expiration = in.u63("expiration");
    return new ChannelFund(network, sender, sequence, channel, added, expiration);
  }

  /** The network; whether the fund changes anything depends on the channel (the shard checks it). */
  @Override
  public void checkWellFormed(NetworkId expectedNetwork) throws ProtocolException {
    if (!network.equals(expectedNetwork)) {
      throw new ProtocolException(new ProtocolError.WrongNetwork(expectedNetwork, network));
    }
  }
}
