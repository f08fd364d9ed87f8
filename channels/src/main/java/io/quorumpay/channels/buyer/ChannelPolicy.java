package io.quorumpay.channels.buyer;

import io.quorumpay.core.types.Amount;
import java.util.Objects;

/**
 * How a buyer pays through a channel. Each payment authorizes up to {@code window} beyond what the
 * buyer has spent at the channel's nonce ({@link io.quorumpay.channels.policy.AuthorizationWindow}),
 * so most calls reuse an authorization the seller has already made durable. The window is what the
 * buyer trusts the seller with: a seller that crashes may claim up to one window it did not serve
 * per crash, and a dishonest one up to one window per claim, after which the payer pays it exactly
 * per call (docs/CHANNELS.md, "Authorizing ahead"). 0 signs every call exactly: for sellers the
 * buyer does not trust. By default the value divided by {@link #DEFAULT_WINDOW_SHARE}.
 *
 * <p>It opens a channel when it needs one: {@code value} escrowed, refundable
 * {@code lifetime} primary blocks after the height at which it is opened. A channel in use is
 * extended to {@code lifetime} blocks from now once it expires within {@code margin} blocks (keep
 * the margin above the seller's expiration threshold, which refuses calls on channels about to
 * expire). With
 * {@code hotKey}, payments are signed by a new key kept in the wallet file (it never signs orders;
 * lost with the file, so such a channel cannot be recovered after a reinstall); without, by the
 * account's key, so a reinstalled wallet (same key) can recover the channel ({@link ChannelRecovery}).
 */
public record ChannelPolicy(Amount value, long lifetime, long margin, boolean hotKey, Amount window) {
  /** The default window is the value divided by this. */
  public static final long DEFAULT_WINDOW_SHARE = 64;

  public ChannelPolicy {
    Objects.requireNonNull(value);
    Objects.requireNonNull(window);
    if (value.isZero() || lifetime <= 0 || margin < 0 || margin >= lifetime) {
      throw new IllegalArgumentException("a channel policy escrows a value above 0 for a lifetime above its margin (0 or more)");
    }
    if (window.units() > value.units()) {
      throw new IllegalArgumentException("a channel policy's window is at most its value");
    }
  }

  /** A policy with the default window: the value divided by {@link #DEFAULT_WINDOW_SHARE}. */
  public ChannelPolicy(Amount value, long lifetime, long margin, boolean hotKey) {
    this(value, lifetime, margin, hotKey, new Amount(value.units() / DEFAULT_WINDOW_SHARE));
  }
}
