package io.quorumpay.channels.claims;

import io.quorumpay.channels.policy.ChannelRefusal;
import io.quorumpay.channels.policy.ChannelView;
import io.quorumpay.channels.trial.TrialToken;
import io.quorumpay.client.ChannelStateRequest;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.encoding.ByteWriter;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.NetworkId;
import java.util.Optional;

/**
 * The bytes a seller signs to use its control API: tag {@code QP-CH-CONTROL-V1} (16) || network
 * (32) || u8 kind || u63 height || channel id (32, zeros when none). The height makes a request
 * fresh: it is refused unless within {@link #WINDOW} blocks of the seller's view of the primary.
 */
public final class ControlRequests {
  /** How far (in primary blocks, either way) a request's height may be from the current one. */
  public static final long WINDOW = 5;
  private static final byte[] TAG = TrialToken.tag("QP-CH-CONTROL-V1");

  /** What a request asks. */
  public enum Kind {
    LIST_UNCLAIMED(1),
    LIST_IN_PROGRESS(2),
    START_CLAIM(3);

    final int wire;

    Kind(int wire) {
      this.wire = wire;
    }
  }

  private ControlRequests() {}

  /** The signed bytes. */
  public static byte[] encode(NetworkId network, Kind kind, long height, ChannelId channel) {
    return new ByteWriter(16 + NetworkId.SIZE + 1 + 8 + ChannelId.SIZE)
        .bytes(TAG).bytes(network.bytes()).u8(kind.wire).u64(height)
        .bytes(channel == null ? new byte[ChannelId.SIZE] : channel.bytes().toArray())
        .toBytes();
  }

  /** The seller's signature over a request. */
  public static Signature sign(KeyPair seller, NetworkId network, Kind kind, long height, ChannelId channel) {
    return seller.sign(encode(network, kind, height, channel));
  }

  /**
   * Checks a buyer's state request ({@code ChannelStateRequest}): {@code key} is the channel's signer
   * or sender key, the height is fresh, and the key signed exactly (network, channel, height); empty
   * when it may proceed.
   */
  public static Optional<ChannelRefusal> checkState(
      ChannelView channel, PublicKey key, NetworkId network, long height, Signature signature, long current) {
    if (!key.equals(channel.signer()) && !key.equals(channel.sender().key())) {
      return Optional.of(new ChannelRefusal.ControlUnauthenticated("the key is neither the channel's signer nor its sender"));
    }
    Optional<ChannelRefusal> stale = fresh(height, current);
    if (stale.isPresent()) {
      return stale; // before encoding: a negative height has no encoding
    }
    if (!key.verifies(ChannelStateRequest.encode(network, channel.id(), height), signature)) {
      return Optional.of(new ChannelRefusal.ControlUnauthenticated("not signed by that key over (network, channel, height)"));
    }
    return Optional.empty();
  }

  private static Optional<ChannelRefusal> fresh(long height, long current) {
    if (height < 0 || Math.abs(height - current) > WINDOW) {
      return Optional.of(new ChannelRefusal.ControlStale(height, current, WINDOW));
    }
    return Optional.empty();
  }

  /** Checks a request: signed by {@code seller} and fresh; empty when it may proceed. */
  public static Optional<ChannelRefusal> check(
      PublicKey seller, NetworkId network, Kind kind, long height, ChannelId channel, byte[] signature, long current) {
    if (signature.length != Signature.SIZE
        || !seller.verifies(encode(network, kind, height, channel), new Signature(Bytes.copyOf(signature)))) {
      return Optional.of(new ChannelRefusal.ControlUnauthenticated("not signed by the seller's key"));
    }
    return fresh(height, current);
  }
}
