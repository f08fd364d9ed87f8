package io.quorumpay.core.crypto;

import io.quorumpay.core.encoding.Bytes;

/**
 * Ed25519 (RFC 8032, pure) on BouncyCastle's low-level implementation, which is several times
 * faster than the JDK provider. Verification is BouncyCastle's: canonical S, cofactorless.
 */
public final class Ed25519 {
  private Ed25519() {}

  static byte[] publicKeyOf(byte[] seed) {
    byte[] publicKey = new byte[PublicKey.SIZE];
    org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    return publicKey;
  }

  static Signature sign(byte[] seed, byte[] publicKey, byte[] message) {
    byte[] signature = new byte[Signature.SIZE];
    org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
    return new Signature(Bytes.copyOf(signature));
  }

  /** True when {@code signature} is a valid signature of {@code message} by {@code key}. */
  public static boolean verify(PublicKey key, byte[] message, Signature signature) {
    return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
        signature.bytes().toArray(), 0, key.bytes().toArray(), 0, message, 0, message.length);
  }

  /**
   * A public key decoded once, for keys that verify many signatures (the committee's): decoding the
   * point is a good part of a verification's cost.
   */
  public static final class Verifier {
    private final org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint point;

    /** Decodes {@code key}; null if it is not a valid point (then nothing it signed verifies). */
    public static Verifier of(PublicKey key) {
      var point = org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyPartialExport(key.bytes().toArray(), 0);
      return point == null ? null : new Verifier(point);
    }

    private Verifier(org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint point) {
      this.point = point;
    }

    /** Same answer as {@link Ed25519#verify}, without decoding the key again. */
    public boolean verifies(byte[] message, Signature signature) {
      return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature.bytes().toArray(), 0, point, message, 0, message.length);
    }
  }

  /** True when the key decodes to a point of the curve's prime-order subgroup. */
  public static boolean isValidPublicKey(PublicKey key) {
    return org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyFull(key.bytes().toArray(), 0);
  }
}
