package io.quorumpay.channels.policy;

import java.util.Objects;

/**
 * A claim the seller started at {@code nonce}: it carries the highest authorization there (the
 * planned amount the buyer signed) and takes {@code actual}, the total price of the calls served at
 * that nonce (at most the planned amount; the rest stays in the channel). It stays recorded until
 * the channel's nonce is seen past it.
 */
public record PendingClaim(long nonce, Authorization authorization, long actual) {
  public PendingClaim {
    Objects.requireNonNull(authorization);
    if (nonce < 0 || actual < 0) {
      throw new IllegalArgumentException("a nonce and a claimed amount are never negative");
    }
    if (actual > authorization.amount()) {
      throw new IllegalArgumentException("a claim takes " + actual + ", above the authorized " + authorization.amount());
    }
  }
}
