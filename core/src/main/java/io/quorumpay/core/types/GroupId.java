package io.quorumpay.core.types;

import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolException;
import java.util.Objects;

/** Names the seller's service group a channel pays for: 32 bytes, opaque to authorities. */
public record GroupId(Bytes bytes) {
  public static final int SIZE = 32;

  public GroupId {
    Objects.requireNonNull(bytes);
    if (bytes.length() != SIZE) {
      throw new IllegalArgumentException("a group id has 32 bytes, not " + bytes.length());
    }
  }

  /** Parses 64 hex digits. */
  public static GroupId fromHex(String hex) throws ProtocolException {
    return new GroupId(Bytes.fromHex(hex, SIZE, "group id"));
  }

  @Override
  public String toString() {
    return bytes.toHex();
  }
}
