package io.quorumpay.core.crypto;

import io.quorumpay.core.encoding.Bytes;
import java.util.Objects;

/** An Ed25519 signature: 64 bytes as in RFC 8032. */
public record Signature(Bytes bytes) {
  public static final int SIZE = 64;

  public Signature {
    Objects.requireNonNull(bytes);
    if (bytes.length() != SIZE) {
      throw new IllegalArgumentException("an Ed25519 signature has 64 bytes, not " + bytes.length());
    }
  }

  @Override
  public String toString() {
    return bytes.toHex();
  }
}
