package io.quorumpay.core.encoding;

import io.quorumpay.core.error.ProtocolException;
import java.nio.charset.StandardCharsets;

/**
 * The 16-byte ASCII tag, zero-padded, that starts every signed payload. A distinct tag per kind
 * means a signature over one kind can never be read as a signature over another.
 */
public enum DomainTag {
  TRANSFER_ORDER("QP-TRANSFER-V1"),
  VOTE("QP-VOTE-V1"),
  CERTIFICATE("QP-CERT-V1"),
  PRIMARY_DEPOSIT("QP-DEPOSIT-V1"),
  CROSS_SHARD_CREDIT("QP-XSHARD-V1"),
  SIBLING_KEY("QP-SIBKEY-V1"),
  SIBLING_CREDITS("QP-SIBLING-V1"),
  CHANNEL_ID("QP-CHANNEL-V1"),
  PAYMENT_AUTHORIZATION("QP-CH-AUTH-V1"),
  CHANNEL_OPEN("QP-CH-OPEN-V1"),
  CHANNEL_FUND("QP-CH-FUND-V1"),
  CHANNEL_CLAIM("QP-CH-CLAIM-V1"),
  CHANNEL_REFUND("QP-CH-REFUND-V1"),
  /** A buyer's request for a channel's state from its seller (docs/CHANNELS.md); never an order. */
  CHANNEL_STATE_REQUEST("QP-CH-STATE-V1");

  /** Size of every tag on the wire. */
  public static final int SIZE = 16;

  private final Bytes bytes;

  DomainTag(String text) {
    byte[] padded = new byte[SIZE];
    byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(ascii, 0, padded, 0, ascii.length);
    this.bytes = Bytes.wrap(padded);
  }

  public Bytes bytes() {
    return bytes;
  }

  /** Reads a tag and fails unless it is this one. */
  public void expect(ByteReader reader) throws ProtocolException {
    if (!reader.bytes(SIZE, "domain tag").equals(bytes)) {
      throw reader.malformed("domain tag is not " + name());
    }
  }
}
