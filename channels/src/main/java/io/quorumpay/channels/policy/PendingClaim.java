package io.quorumpay.channels.policy;

import java.util.Objects;

/**
 * A claim the seller started: the highest authorization at {@code nonce}, which the committee will
 * certify as the claim at that nonce. It stays recorded until the channel's nonce is seen past it.
 */
public record PendingClaim(long nonce, Authorization authorization) {
  public PendingClaim {
    Objects.requireNonNull(authorization);
    if (nonce < 0) {
      throw new IllegalArgumentException("a nonce is never negative");
    }
  }
}
