package io.quorumpay.client;

import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.messages.PaymentAuthorization;
import java.util.Objects;

/**
 * A payment authorisation and the signature that goes with it: what a buyer attaches to a paid call
 * (docs/CHANNELS.md, Headers: channel id, nonce, cumulative amount, signature).
 *
 * @param signer the key that signed: the channel's hot key, or its sender's key
 */
public record SignedAuthorization(PaymentAuthorization authorization, PublicKey signer, Signature signature) {
  public SignedAuthorization {
    Objects.requireNonNull(authorization);
    Objects.requireNonNull(signer);
    Objects.requireNonNull(signature);
  }

  /** A key and its signature over some request (see {@link PayKit#signChannelStateRequest}). */
  public record Signer(PublicKey key, Signature signature) {
    public Signer {
      Objects.requireNonNull(key);
      Objects.requireNonNull(signature);
    }
  }
}
