package io.quorumpay.core.crypto;

import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolException;
import java.util.random.RandomGenerator;

/**
 * An Ed25519 key pair. The secret is the 32-byte seed of RFC 8032; it never appears in
 * {@link #toString()}, and only {@link #secretSeed()} reveals it (for key files).
 */
public final class KeyPair {
  public static final int SEED_SIZE = 32;

  private final byte[] seed;
  private final byte[] publicKeyBytes;
  private final PublicKey publicKey;

  private KeyPair(byte[] seed) {
    this.seed = seed;
    this.publicKeyBytes = Ed25519.publicKeyOf(seed);
    this.publicKey = new PublicKey(Bytes.copyOf(publicKeyBytes));
  }

  /** A new key pair from {@code random}, which the caller supplies (a SecureRandom in production). */
  public static KeyPair generate(RandomGenerator random) {
    byte[] seed = new byte[SEED_SIZE];
    random.nextBytes(seed);
    return new KeyPair(seed);
  }

  /** The key pair of a 32-byte secret seed. */
  public static KeyPair fromSeed(byte[] seed) {
    if (seed.length != SEED_SIZE) {
      throw new IllegalArgumentException("an Ed25519 seed has 32 bytes");
    }
    return new KeyPair(seed.clone());
  }

  /** The key pair of a secret seed in hex (64 digits). */
  public static KeyPair fromSeedHex(String hex) throws ProtocolException {
    return new KeyPair(Bytes.fromHex(hex, SEED_SIZE, "secret key").toArray());
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** Signs {@code message}. Ed25519 signing is deterministic: same key and message, same signature. */
  public Signature sign(byte[] message) {
    return Ed25519.sign(seed, publicKeyBytes, message);
  }

  /** The secret seed. Handle with care: write it only to owner-only key files. */
  public byte[] secretSeed() {
    return seed.clone();
  }

  @Override
  public String toString() {
    return "KeyPair[public=" + publicKey + ", secret=<redacted>]";
  }
}
