package io.quorumpay.channels;

import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolException;
import java.util.Objects;

/** Names a seller's service group: 32 opaque bytes in every channel, so a channel pays one group only. */
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
