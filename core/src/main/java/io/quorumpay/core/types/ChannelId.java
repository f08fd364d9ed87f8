package io.quorumpay.core.types;

import io.quorumpay.core.encoding.ByteWriter;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.encoding.DomainTag;
import io.quorumpay.core.error.ProtocolException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * Names a payment channel: SHA-256 of the channel tag, the network, the sender and the sequence
 * number of the order that opened it. Anyone holding the open order can compute it, and no two
 * open orders share one.
 */
public record ChannelId(Bytes bytes) implements SlotOwner, Comparable<ChannelId> {
  public static final int SIZE = 32;

  public ChannelId {
    Objects.requireNonNull(bytes);
    if (bytes.length() != SIZE) {
      throw new IllegalArgumentException("a channel id has 32 bytes, not " + bytes.length());
    }
  }

  /** The id of the channel that {@code sender} opens with its order {@code openSequenceNumber}. */
  public static ChannelId of(NetworkId network, AccountId sender, SequenceNumber openSequenceNumber) {
    byte[] input = new ByteWriter(DomainTag.SIZE + NetworkId.SIZE + 32 + 8)
        .bytes(DomainTag.CHANNEL_ID.bytes())
        .bytes(network.bytes())
        .bytes(sender.key().bytes())
        .u64(openSequenceNumber.value())
        .toBytes();
    try {
      return new ChannelId(Bytes.copyOf(MessageDigest.getInstance("SHA-256").digest(input)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Parses 64 hex digits. */
  public static ChannelId fromHex(String hex) throws ProtocolException {
    return new ChannelId(Bytes.fromHex(hex, SIZE, "channel id"));
  }

  @Override
  public int compareTo(ChannelId other) {
    return bytes.compareTo(other.bytes);
  }

  @Override
  public String toString() {
    return bytes.toHex();
  }
}
