package io.quorumpay.channels;

import io.quorumpay.channels.policy.ChannelView;
import io.quorumpay.channels.policy.Payment;
import io.quorumpay.channels.policy.PaymentPolicy;
import io.quorumpay.core.crypto.Ed25519;
import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.messages.PaymentAuthorization;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.SequenceNumber;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks payment signatures against a channel's signer key, then its sender's, keeping decoded keys
 * (decoding a key is a good part of a verification's cost). The cache is bounded.
 */
final class Signatures implements PaymentPolicy.SignatureCheck {
  private static final int MAX_KEYS = 100_000;

  private final NetworkId network;
  private final ConcurrentHashMap<PublicKey, Optional<Ed25519.Verifier>> verifiers = new ConcurrentHashMap<>();

  Signatures(NetworkId network) {
    this.network = network;
  }

  @Override
  public Optional<PublicKey> authorizer(ChannelView view, Payment payment) {
    byte[] signed = new PaymentAuthorization(
        network, payment.channel(), new SequenceNumber(payment.nonce()), new Amount(payment.amount())).encode();
    if (verifies(view.signer(), signed, payment)) {
      return Optional.of(view.signer());
    }
    if (verifies(view.sender().key(), signed, payment)) {
      return Optional.of(view.sender().key());
    }
    return Optional.empty();
  }

  private boolean verifies(PublicKey key, byte[] signed, Payment payment) {
    if (verifiers.size() > MAX_KEYS) {
      verifiers.clear();
    }
    Optional<Ed25519.Verifier> verifier = verifiers.computeIfAbsent(key, k -> Optional.ofNullable(Ed25519.Verifier.of(k)));
    return verifier.isPresent() && verifier.get().verifies(signed, payment.signature());
  }
}
