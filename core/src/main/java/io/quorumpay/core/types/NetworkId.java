package io.quorumpay.core.types;

import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * Identifies one QuorumPay network: 32 bytes inside every signed payload, so that nothing signed
 * for one network is valid on another.
 */
public record NetworkId(Bytes bytes) {
  public static final int SIZE = 32;

  public NetworkId {
    Objects.requireNonNull(bytes);
    if (bytes.length() != SIZE) {
      throw new IllegalArgumentException("a network id has 32 bytes, not " + bytes.length());
    }
  }

  /** The id of a network named {@code name}: SHA-256 of {@code "QuorumPay network " + name} in UTF-8. */
  public static NetworkId named(String name) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(("QuorumPay network " + name).getBytes(StandardCharsets.UTF_8));
      return new NetworkId(Bytes.copyOf(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  public static NetworkId fromHex(String hex) throws ProtocolException {
    return new NetworkId(Bytes.fromHex(hex, SIZE, "network id"));
  }

  @Override
  public String toString() {
    return bytes.toHex();
  }
}
