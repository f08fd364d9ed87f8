package io.quorumpay.core.types;

import io.quorumpay.core.encoding.Bytes;
import java.util.Objects;

/** 32 bytes the sender attaches to a transfer (an invoice id, a memo hash); the protocol does not read them. */
public record UserData(Bytes bytes) {
  public static final int SIZE = 32;
  public static final UserData EMPTY = new UserData(Bytes.copyOf(new byte[SIZE]));

  public UserData {
    Objects.requireNonNull(bytes);
    if (bytes.length() != SIZE) {
      throw new IllegalArgumentException("user data has 32 bytes, not " + bytes.length());
    }
  }

  @Override
  public String toString() {
    return bytes.toHex();
  }
}
