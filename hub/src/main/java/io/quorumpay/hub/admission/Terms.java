package io.quorumpay.hub.admission;

import io.quorumpay.core.types.NetworkId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One version of the operator's terms of service. An account accepts them by signing
 * {@link #message} with its key: the ASCII tag {@value #TAG}, the network id (32 bytes), the
 * version (4 bytes, big-endian) and the SHA-256 of the text (32 bytes). Signatures of an earlier
 * version still count until {@code graceUntil}.
 */
public record Terms(int version, String text, Instant publishedAt, Instant graceUntil) {
  public static final String TAG = "QuorumPay hub terms of service";

  public String sha256() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The exact bytes an account signs to accept this version on {@code network}. */
  public byte[] message(NetworkId network) {
    byte[] tag = TAG.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(tag.length + 32 + 4 + 32).put(tag).put(network.bytes().toArray()).putInt(version)
        .put(HexFormat.of().parseHex(sha256())).array();
  }
}
