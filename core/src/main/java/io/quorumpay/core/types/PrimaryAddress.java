package io.quorumpay.core.types;

import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.text.Eip55;
import io.quorumpay.core.text.TextFormException;
import java.util.Objects;

/**
 * An address on the primary chain: 20 bytes (Ethereum-compatible), written {@code 0x} + 40 hex
 * digits cased by their EIP-55 checksum ({@link #toString()}).
 */
public record PrimaryAddress(Bytes bytes) {
  public static final int SIZE = 20;

  public PrimaryAddress {
    Objects.requireNonNull(bytes);
    if (bytes.length() != SIZE) {
      throw new IllegalArgumentException("a primary address has 20 bytes, not " + bytes.length());
    }
  }

  /**
   * Parses a machine-written address (files, the wire): {@code 0x} (optional) and 40 hex digits,
   * in any case; mixed case must match its EIP-55 checksum.
   */
  public static PrimaryAddress parse(String text) throws ProtocolException {
    try {
      return new PrimaryAddress(Eip55.decode(text, true, "primary address"));
    } catch (TextFormException e) {
      throw new ProtocolException(new ProtocolError.Malformed("primary address", e.getMessage()));
    }
  }

  /**
   * Parses what a person typed: the EIP-55 checksummed form; an all-lower or all-upper address
   * (no checksum) only when {@code allowUnchecksummed}.
   */
  public static PrimaryAddress parseText(String text, boolean allowUnchecksummed) throws TextFormException {
    return new PrimaryAddress(Eip55.decode(text.strip(), allowUnchecksummed, "primary address"));
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

  /** {@code 0x} and 40 hex digits in EIP-55 mixed case. */
  @Override
  public String toString() {
    return Eip55.encode(bytes);
  }
}
