package io.quorumpay.core.authority;

import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.ByteWriter;
import io.quorumpay.core.encoding.DomainTag;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.types.NetworkId;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates cross-shard credits between the shards of one authority, whatever carries them.
 *
 * <p>A batch of credits travels with an HMAC-SHA-256 under a key that only this authority's shards
 * can derive: SHA-256 of the tag {@code QP-SIBKEY-V1} and the authority's secret seed. Another
 * authority, the primary, or any local process that reaches a shard's internal port cannot make
 * a seal that checks, so its credits are refused before any certificate is looked at. The MAC
 * covers the network, the authority's recovery epoch, the destination shard and every credit's
 * bytes (docs/PROTOCOL.md). A replayed genuine batch of the same epoch checks, and is harmless:
 * credits apply at most once. One from before a recovery (which numbers credits from 0 again)
 * does not check. Safe for concurrent use.
 */
public final class SiblingSeal {
  /** Bytes in a seal. */
  public static final int SIZE = 32;
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  /** The seal of the authority holding {@code authorityKey}. */
  public SiblingSeal(KeyPair authorityKey) {
    byte[] seed = authorityKey.secretSeed();
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(DomainTag.SIBLING_KEY.bytes().toArray());
      this.key = new SecretKeySpec(sha256.digest(seed), ALGORITHM);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    } finally {
      java.util.Arrays.fill(seed, (byte) 0);
    }
  }

  /**
   * The seal of {@code credits} (encoded cross-shard credits) sent to shard {@code destShard} of
   * {@code network} in recovery epoch {@code epoch}.
   */
  public byte[] seal(NetworkId network, long epoch, int destShard, List<byte[]> credits) {
    int size = DomainTag.SIZE + NetworkId.SIZE + 8 + 4 + 4;
    for (byte[] credit : credits) {
      size += 4 + credit.length;
    }
    ByteWriter message = new ByteWriter(size).bytes(DomainTag.SIBLING_CREDITS.bytes()).bytes(network.bytes())
        .u64(epoch).u32(destShard).u32(credits.size());
    for (byte[] credit : credits) {
      message.u32(credit.length).bytes(credit);
    }
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(message.toBytes());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 is part of every JDK", e);
    }
  }

  /** Refuses, with {@link ProtocolError.NotASibling}, credits whose seal is not this authority's. */
  public void check(NetworkId network, long epoch, int destShard, List<byte[]> credits, byte[] seal) throws ProtocolException {
    if (seal.length != SIZE) {
      throw new ProtocolException(new ProtocolError.NotASibling(seal.length == 0 ? "the credits carry no seal"
          : "the seal has " + seal.length + " bytes, not " + SIZE));
    }
    if (!MessageDigest.isEqual(seal(network, epoch, destShard, credits), seal)) {
      throw new ProtocolException(new ProtocolError.NotASibling("the seal is not this authority's in its epoch " + epoch));
    }
  }

  @Override
  public String toString() {
    return "SiblingSeal[<redacted>]";
  }
}
