package io.quorumpay.client;

import io.quorumpay.core.encoding.ByteWriter;
import io.quorumpay.core.encoding.DomainTag;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.NetworkId;

/**
 * The bytes a buyer signs to ask a seller for a channel's state (docs/CHANNELS.md, "Recovering a
 * channel"): tag {@code QP-CH-STATE-V1} (16, zero padded) || network id (32) || channel id (32) ||
 * u63 height (8). Signed by the channel's signer key or its sender's key; the height makes it fresh.
 * Its own tag, so such a signature is never valid as any order or payment.
 */
public final class ChannelStateRequest {
  /** Encoded size in bytes. */
  public static final int SIZE = DomainTag.SIZE + NetworkId.SIZE + ChannelId.SIZE + 8;

  private ChannelStateRequest() {}

  /** The signed bytes. */
  public static byte[] encode(NetworkId network, ChannelId channel, long height) {
    if (height < 0) {
      throw new IllegalArgumentException("a height is never negative");
    }
    return new ByteWriter(SIZE).bytes(DomainTag.CHANNEL_STATE_REQUEST.bytes()).bytes(network.bytes()).bytes(channel.bytes())
        .u64(height).toBytes();
  }
}
