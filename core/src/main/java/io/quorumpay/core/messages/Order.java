package io.quorumpay.core.messages;

import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.encoding.ByteReader;
import io.quorumpay.core.encoding.ByteWriter;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.encoding.DomainTag;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.NetworkId;

/**
 * What one key signs and a quorum of authorities certifies: a transfer, or an operation on a
 * payment channel. Every order occupies one slot ({@link #key()}), and each honest authority votes
 * for at most one order per slot. Its first 16 bytes are its domain tag, which tells its layout
 * (docs/PROTOCOL.md), so votes and certificates carry any kind with the same framing.
 */
public sealed interface Order permits SenderOrder, ChannelClaim, ChannelRefund {

  /** The network this order is for. */
  NetworkId network();

  /** The slot this order takes: at most one certificate may ever exist for it. */
  OrderKey key();

  /** The key whose signature a signed order carries. */
  PublicKey signer();

  /** The account whose shard holds this order's slot (the sender, or the channel's sender). */
  AccountId home();

  /** The size of {@link #encode()}. */
  int encodedSize();

  /** Writes exactly the bytes of {@link #encode()}. */
  void writeTo(ByteWriter out);

  /** The exact bytes the signer signs. */
  default byte[] encode() {
    ByteWriter out = new ByteWriter(encodedSize());
    writeTo(out);
    return out.toBytes();
  }

  /**
   * The checks that need no state and cost no signature verification; authorities apply them to
   * orders and certificates alike.
   */
  void checkWellFormed(NetworkId expectedNetwork) throws ProtocolException;

  /** Decodes exactly one order of any kind. */
  static Order decode(byte[] bytes) throws ProtocolException {
    ByteReader in = new ByteReader(bytes, "order");
    Order order = readFrom(in);
    in.end();
    return order;
  }

  /** Reads one order, choosing its layout by its domain tag. */
  static Order readFrom(ByteReader in) throws ProtocolException {
    Bytes tag = in.peek(DomainTag.SIZE, "order tag");
    if (tag.equals(DomainTag.TRANSFER_ORDER.bytes())) {
      return TransferOrder.readFrom(in);
    }
    if (tag.equals(DomainTag.CHANNEL_OPEN.bytes())) {
      return ChannelOpen.readFrom(in);
    }
    if (tag.equals(DomainTag.CHANNEL_FUND.bytes())) {
      return ChannelFund.readFrom(in);
    }
    if (tag.equals(DomainTag.CHANNEL_CLAIM.bytes())) {
      return ChannelClaim.readFrom(in);
    }
    if (tag.equals(DomainTag.CHANNEL_REFUND.bytes())) {
      return ChannelRefund.readFrom(in);
    }
    throw in.malformed("not the tag of any order kind: " + tag.toHex());
  }
}
