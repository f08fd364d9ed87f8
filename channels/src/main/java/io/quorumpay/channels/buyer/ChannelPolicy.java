package io.quorumpay.channels.buyer;

import io.quorumpay.core.types.Amount;
import java.util.Objects;

/**
 * How a buyer opens a channel when it needs one: {@code value} escrowed, refundable
 * {@code lifetime} primary blocks after the height at which it is opened. A channel in use is
 * extended to {@code lifetime} blocks from now once it expires within {@code margin} blocks (keep
 * the margin above the seller's expiration threshold, which refuses calls on channels about to
 * expire). With
 * {@code hotKey}, payments are signed by a new key kept in the wallet file (it never signs orders;
 * lost with the file, so such a channel cannot be recovered after a reinstall); without, by the
 * account's key, so a reinstalled wallet (same key) can recover the channel ({@link ChannelRecovery}).
 */
public record ChannelPolicy(Amount value, long lifetime, long margin, boolean hotKey) {
  public ChannelPolicy {
    Objects.requireNonNull(value);
    if (value.isZero() || lifetime <= 0 || margin < 0 || margin >= lifetime) {
      throw new IllegalArgumentException("a channel policy escrows a value above 0 for a lifetime above its margin (0 or more)");
    }
  }
}
