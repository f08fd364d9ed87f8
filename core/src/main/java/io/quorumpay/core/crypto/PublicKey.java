package io.quorumpay.core.crypto;

import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import java.util.Objects;

/** An Ed25519 public key: 32 bytes as in RFC 8032. */
public record PublicKey(Bytes bytes) implements Comparable<PublicKey> {
  public static final int SIZE = 32;

  public PublicKey {
    Objects.requireNonNull(bytes);
    if (bytes.length() != SIZE) {
      throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + bytes.length());
    }
  }

  /** Parses 64 hex digits. Does not check that the key is a valid curve point; see {@link Ed25519#isValidPublicKey}. */
  public static PublicKey fromHex(String hex) throws ProtocolException {
    return new PublicKey(Bytes.fromHex(hex, SIZE, "public key"));
  }

  /** Like {@link #fromHex} but also refuses bytes that are not a valid Ed25519 point. */
  public static PublicKey parseValid(String hex) throws ProtocolException {
    PublicKey key = fromHex(hex);
    if (!Ed25519.isValidPublicKey(key)) {
      throw new ProtocolException(new ProtocolError.Malformed("public key", "not a valid Ed25519 point"));
    }
    return key;
  }

  /** Checks {@code signature} over {@code message} under this key. */
  public boolean verifies(byte[] message, Signature signature) {
    return Ed25519.verify(this, message, signature);
  }

  @Override
  public int compareTo(PublicKey other) {
    return bytes.compareTo(other.bytes);
  }

  @Override
  public String toString() {
    return bytes.toHex();
  }
}
