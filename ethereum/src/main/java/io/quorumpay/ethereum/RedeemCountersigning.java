package io.quorumpay.ethereum;

import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import org.web3j.crypto.ECKeyPair;

/**
 * An authority's rule for countersigning a redeem (docs/PROTOCOL.md, "Ethereum primary"), pure:
 * it countersigns only an order that a certificate valid for the committee proves (the caller
 * passes a {@link VerifiedCertificate}, so rules 1–5 held) and that pays a primary address other
 * than zero, and only for the one deployment it serves (chain id and contract).
 *
 * @param key the authority's secp256k1 countersigning key
 * @param chainId the chain its contract lives on
 * @param contract the contract's address
 */
public record RedeemCountersigning(ECKeyPair key, long chainId, PrimaryAddress contract) {

  /** This authority's countersignature of {@code certificate}'s order, or the refusal (NOT_A_REDEEM, INVALID_PRIMARY_ADDRESS). */
  public RedeemCountersignature countersign(VerifiedCertificate certificate) throws ProtocolException {
    TransferOrder order = certificate.redeemOrder();
    Recipient.Primary primary = (Recipient.Primary) order.recipient();
    if (primary.address().isZero()) {
      throw new ProtocolException(new ProtocolError.InvalidPrimaryAddress(primary.address()));
    }
    return RedeemCountersignature.sign(key, chainId, contract, order);
  }

  /** The Ethereum address the contract knows this authority by. */
  public PrimaryAddress signer() {
    return RedeemCountersignature.address(key);
  }

  @Override
  public String toString() {
    // The key stays out of logs.
    return "RedeemCountersigning[" + signer() + " for chain " + chainId + ", contract " + contract + "]";
  }
}
