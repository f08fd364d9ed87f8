package io.quorumpay.ethereum;

import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.VerifiedCertificate;
import java.io.IOException;
import java.util.List;

/**
 * Gets the committee's secp256k1 countersignatures of a redeem: enough of them that their
 * weights reach a quorum. In a network the authorities give them (each after checking the
 * certificate itself); {@link LocalCountersigner} signs with keys it holds.
 */
@FunctionalInterface
public interface Countersigner extends AutoCloseable {
  /**
   * Countersignatures of {@code certificate}'s order for the contract at {@code contract} on chain
   * {@code chainId}; refuses (ProtocolException) when the committee refuses.
   */
  List<RedeemCountersignature> countersign(VerifiedCertificate certificate, long chainId,
      io.quorumpay.core.types.PrimaryAddress contract) throws ProtocolException, IOException;

  /** Releases what the countersigner holds (connections); nothing by default. */
  @Override
  default void close() {}
}
