package io.quorumpay.ethereum;

import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.types.PrimaryAddress;
import java.util.List;
import org.web3j.crypto.ECKeyPair;

/** A {@link Countersigner} that holds the keys itself (tests, a single-operator development network). */
public final class LocalCountersigner implements Countersigner {
  private final List<ECKeyPair> keys;

  /** Signs with every key in {@code keys}. */
  public LocalCountersigner(List<ECKeyPair> keys) {
    this.keys = List.copyOf(keys);
  }

  @Override
  public List<RedeemCountersignature> countersign(VerifiedCertificate certificate, long chainId, PrimaryAddress contract)
      throws ProtocolException {
    TransferOrder order = certificate.redeemOrder();
    return keys.stream().map(k -> RedeemCountersignature.sign(k, chainId, contract, order)).toList();
  }

  @Override
  public String toString() {
    return "LocalCountersigner[" + keys.size() + " keys]";
  }
}
