package io.quorumpay.core.messages;

import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.error.ProtocolException;

/**
 * A signed transfer order that passed every check that needs no state: right network, positive
 * amount, not to itself, valid sender signature. Only {@link #check} makes one.
 */
public final class VerifiedOrder {
  private final SignedTransferOrder signed;

  private VerifiedOrder(SignedTransferOrder signed) {
    this.signed = signed;
  }

  public static VerifiedOrder check(SignedTransferOrder signed, NetworkId network) throws ProtocolException {
    signed.order().checkWellFormed(network);
    signed.checkSignature();
    return new VerifiedOrder(signed);
  }

  public SignedTransferOrder signed() {
    return signed;
  }

  public TransferOrder order() {
    return signed.order();
  }

  @Override
  public String toString() {
    return "VerifiedOrder[" + signed.order().key() + "]";
  }
}
