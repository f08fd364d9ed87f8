package io.quorumpay.core.types;

import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolException;
import java.util.Objects;

/** An address on the primary chain: 20 bytes (Ethereum-compatible), written {@code 0x} + 40 hex digits. */
public record PrimaryAddress(Bytes bytes) {
  public static final int SIZE = 20;

  public PrimaryAddress {
    Objects.requireNonNull(bytes);
    if (bytes.length() != SIZE) {
      throw new IllegalArgumentException("a primary address has 20 bytes, not " + bytes.length());
    }
  }

  /** Parses {@code 0x} followed by 40 hex digits (the prefix is optional). */
  public static PrimaryAddress parse(String text) throws ProtocolException {
    String hex = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    return new PrimaryAddress(Bytes.fromHex(hex, SIZE, "primary address"));
  }

  /** True for the all-zero address, which nobody controls. */
  public boolean isZero() {
    for (int i = 0; i < SIZE; i++) {
      if (bytes.get(i) != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "0x" + bytes.toHex();
  }
}
