package io.quorumpay.channels;

import io.quorumpay.core.encoding.Bytes;
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

  @Override
  public String toString() {
    return bytes.toHex();
  }
}
