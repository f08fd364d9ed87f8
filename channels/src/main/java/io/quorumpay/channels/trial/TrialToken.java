package io.quorumpay.channels.trial;

import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.encoding.ByteReader;
import io.quorumpay.core.encoding.ByteWriter;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.types.GroupId;
import io.quorumpay.core.types.NetworkId;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A seller's grant of {@code calls} free calls to {@code user} (an opaque 32-byte id the seller
 * chose, e.g. the user's key), valid below primary height {@code expiresAt}. Sent as the header
 * {@value #GRPC_HEADER} (binary) or {@value #HTTP_HEADER} (hex). Layout, 144 bytes signed then the
 * seller's 64-byte signature: tag {@code QP-CH-TRIAL-V1} (16) || network (32) || group (32) ||
 * token id (16) || user (32) || u63 calls || u63 expiresAt.
 */
public record TrialToken(NetworkId network, GroupId group, Bytes id, Bytes user, long calls, long expiresAt) {
  public static final String GRPC_HEADER = "qp-trial-token-bin";
  public static final String HTTP_HEADER = "qp-trial-token";
  public static final int ID_SIZE = 16;
  public static final int USER_SIZE = 32;
  public static final int SIGNED_SIZE = 16 + NetworkId.SIZE + GroupId.SIZE + ID_SIZE + USER_SIZE + 8 + 8;
  public static final int SIZE = SIGNED_SIZE + Signature.SIZE;
  /** Its own domain tag, so a token's signature can never be read as any other signed payload's. */
  private static final byte[] TAG = tag("QP-CH-TRIAL-V1");

  public TrialToken {
    Objects.requireNonNull(network);
    Objects.requireNonNull(group);
    if (id.length() != ID_SIZE || user.length() != USER_SIZE) {
      throw new IllegalArgumentException("a trial token id has 16 bytes and a user 32");
    }
    if (calls <= 0 || expiresAt < 0) {
      throw new IllegalArgumentException("a trial token grants at least one call and expires at a height >= 0");
    }
  }

  /**
   * A 16-byte domain tag (ASCII, zero-padded) that starts signed bytes; public because the claims
   * package's control requests tag theirs the same way.
   */
  public static byte[] tag(String text) {
    byte[] padded = new byte[16];
    byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(ascii, 0, padded, 0, ascii.length);
    return padded;
  }

  /** The bytes the seller signs. */
  public byte[] encode() {
    return new ByteWriter(SIGNED_SIZE).bytes(TAG).bytes(network.bytes()).bytes(group.bytes()).bytes(id).bytes(user)
        .u64(calls).u64(expiresAt).toBytes();
  }

  /** The token signed by the seller: what a user sends. */
  public byte[] sign(KeyPair seller) {
    byte[] signed = encode();
    return new ByteWriter(SIZE).bytes(signed).bytes(seller.sign(signed).bytes()).toBytes();
  }

  /** Decodes a signed token and checks its signature by {@code seller}. */
  public static TrialToken verify(byte[] bytes, PublicKey seller) throws ProtocolException {
    ByteReader in = new ByteReader(bytes, "trial token");
    if (!in.bytes(16, "tag").equals(Bytes.copyOf(TAG))) {
      throw in.malformed("not a trial token");
    }
    NetworkId network = new NetworkId(in.bytes(NetworkId.SIZE, "network"));
    GroupId group = new GroupId(in.bytes(GroupId.SIZE, "group"));
    Bytes id = in.bytes(ID_SIZE, "token id");
    Bytes user = in.bytes(USER_SIZE, "user");
    long calls = in.u63("calls");
    long expiresAt = in.u63("expires at");
    Signature signature = new Signature(in.bytes(Signature.SIZE, "signature"));
    in.end();
    if (calls == 0) {
      throw in.malformed("grants no call");
    }
    TrialToken token = new TrialToken(network, group, id, user, calls, expiresAt);
    if (!seller.verifies(token.encode(), signature)) {
      throw in.malformed("not signed by this seller");
    }
    return token;
  }
}
