package io.quorumpay.channels.policy;

import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.crypto.Signature;
import java.util.Objects;

/**
 * A buyer's signed payment authorization as the seller keeps it: the cumulative amount, the key
 * that signed it (the channel's signer or sender, which a claim names) and the signature.
 */
public record Authorization(long amount, PublicKey authorizer, Signature signature) {
  public Authorization {
    Objects.requireNonNull(authorizer);
    Objects.requireNonNull(signature);
    if (amount < 0) {
      throw new IllegalArgumentException("an authorized amount is never negative");
    }
  }
}
