package io.quorumpay.core.messages;

import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.encoding.ByteReader;
import io.quorumpay.core.encoding.ByteWriter;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import java.util.Objects;

/** A transfer order with its sender's signature over {@link TransferOrder#encode()}. Wire: order, then 64-byte signature. */
public record SignedTransferOrder(TransferOrder order, Signature signature) {
  public static final int SIZE = TransferOrder.SIZE + Signature.SIZE;

  public SignedTransferOrder {
    Objects.requireNonNull(order);
    Objects.requireNonNull(signature);
  }

  /** Signs {@code order} with the sender's key; fails if the key is not the sender's. */
  public static SignedTransferOrder sign(TransferOrder order, KeyPair senderKey) {
    if (!order.sender().key().equals(senderKey.publicKey())) {
      throw new IllegalArgumentException("this key does not belong to the order's sender");
    }
    return new SignedTransferOrder(order, senderKey.sign(order.encode()));
  }

  /** True when the signature is the sender's over this exact order. */
  public boolean hasValidSignature() {
    return order.sender().key().verifies(order.encode(), signature);
  }

  /** Refuses with {@link ProtocolError.InvalidSignature} unless {@link #hasValidSignature()}. */
  public void checkSignature() throws ProtocolException {
    if (!hasValidSignature()) {
      throw new ProtocolException(new ProtocolError.InvalidSignature("sender " + order.sender()));
    }
  }

  public byte[] encode() {
    ByteWriter out = new ByteWriter(SIZE);
    order.writeTo(out);
    out.bytes(signature.bytes());
    return out.toBytes();
  }

  public static SignedTransferOrder decode(byte[] bytes) throws ProtocolException {
    ByteReader in = new ByteReader(bytes, "signed transfer order");
    TransferOrder order = TransferOrder.readFrom(in);
    Signature signature = new Signature(in.bytes(Signature.SIZE, "signature"));
    in.end();
    return new SignedTransferOrder(order, signature);
  }
}
