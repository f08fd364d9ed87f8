package io.quorumpay.core.messages;

import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.encoding.ByteReader;
import io.quorumpay.core.encoding.ByteWriter;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import java.util.Objects;

/**
 * An order with its signer's signature over {@link Order#encode()}. Wire: the order, then the
 * 64-byte signature. Typed by the order's kind, so a wallet holds a {@code SignedOrder<TransferOrder>}.
 */
public record SignedOrder<O extends Order>(O order, Signature signature) {

  public SignedOrder {
    Objects.requireNonNull(order);
    Objects.requireNonNull(signature);
  }

  /** Signs {@code order} with its signer's key; fails if the key is not the order's signer. */
  public static <O extends Order> SignedOrder<O> sign(O order, KeyPair signerKey) {
    if (!order.signer().equals(signerKey.publicKey())) {
      throw new IllegalArgumentException("this key is not the order's signer");
    }
    return new SignedOrder<>(order, signerKey.sign(order.encode()));
  }

  /** True when the signature is the signer's over this exact order. */
  public boolean hasValidSignature() {
    return order.signer().verifies(order.encode(), signature);
  }

  /** Refuses with {@link ProtocolError.InvalidSignature} unless {@link #hasValidSignature()}. */
  public void checkSignature() throws ProtocolException {
    if (!hasValidSignature()) {
      throw new ProtocolException(new ProtocolError.InvalidSignature("signer " + order.signer()));
    }
  }

  public int encodedSize() {
    return order.encodedSize() + Signature.SIZE;
  }

  public byte[] encode() {
    ByteWriter out = new ByteWriter(encodedSize());
    order.writeTo(out);
    out.bytes(signature.bytes());
    return out.toBytes();
  }

  /** Decodes a signed order of any kind. */
  public static SignedOrder<Order> decode(byte[] bytes) throws ProtocolException {
    ByteReader in = new ByteReader(bytes, "signed order");
    Order order = Order.readFrom(in);
    Signature signature = new Signature(in.bytes(Signature.SIZE, "signature"));
    in.end();
    return new SignedOrder<>(order, signature);
  }

  /** Decodes a signed transfer order; any other kind is {@code MALFORMED} here. */
  public static SignedOrder<TransferOrder> decodeTransfer(byte[] bytes) throws ProtocolException {
    SignedOrder<Order> signed = decode(bytes);
    if (!(signed.order() instanceof TransferOrder transfer)) {
      throw new ProtocolException(new ProtocolError.Malformed("signed transfer order", "holds another kind of order"));
    }
    return new SignedOrder<>(transfer, signed.signature());
  }
}
