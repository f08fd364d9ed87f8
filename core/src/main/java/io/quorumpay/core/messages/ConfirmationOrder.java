package io.quorumpay.core.messages;

import io.quorumpay.core.error.ProtocolException;
import java.util.Objects;

/** Asks an authority to apply a certificate: the order's effects, once (docs/PROTOCOL.md). */
public record ConfirmationOrder(Certificate certificate) {
  public ConfirmationOrder {
    Objects.requireNonNull(certificate);
  }

  /** Same bytes as the certificate. */
  public byte[] encode() {
    return certificate.encode();
  }

  public static ConfirmationOrder decode(byte[] bytes) throws ProtocolException {
    return new ConfirmationOrder(Certificate.decode(bytes));
  }
}
