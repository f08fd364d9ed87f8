package io.quorumpay.core.encoding;

import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string with value equality, unsigned lexicographic order and hex text form.
 * The fixed-size values of the protocol (keys, signatures, ids) are built on it.
 */
public final class Bytes implements Comparable<Bytes> {
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A copy of {@code bytes}. */
  public static Bytes copyOf(byte[] bytes) {
    return new Bytes(bytes.clone());
  }

  /** Takes ownership of {@code bytes}; the caller must not change them afterwards. */
  static Bytes wrap(byte[] bytes) {
    return new Bytes(bytes);
  }

  /** Parses lower- or upper-case hex of exactly {@code length} bytes. */
  public static Bytes fromHex(String hex, int length, String what) throws ProtocolException {
    if (hex.length() != 2 * length) {
      throw new ProtocolException(new ProtocolError.Malformed(what,
          "expected " + (2 * length) + " hex digits, got " + hex.length()));
    }
    try {
      return new Bytes(HEX.parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(new ProtocolError.Malformed(what, "not hex"));
    }
  }

  public int length() {
    return bytes.length;
  }

  /** A fresh copy of the bytes. */
  public byte[] toArray() {
    return bytes.clone();
  }

  /** Copies the bytes into {@code target} at {@code offset}. */
  public void copyTo(byte[] target, int offset) {
    System.arraycopy(bytes, 0, target, offset, bytes.length);
  }

  /** The byte at {@code index}, as stored (signed). */
  public byte get(int index) {
    return bytes[index];
  }

  public String toHex() {
    return HEX.formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(Bytes other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
