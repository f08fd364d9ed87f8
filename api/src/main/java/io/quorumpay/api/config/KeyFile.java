package io.quorumpay.api.config;

import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.error.ProtocolException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * A secret key on disk: 32 bytes in hex, one line, in a file only its owner can read or write:
 * an authority's Ed25519 seed, or its secp256k1 countersigning secret for an Ethereum primary.
 * Files are created owner-only from the start (never chmod-ed after); a key file that others can
 * read is refused. Neither the secret nor the file's content ever appears in a message.
 */
public final class KeyFile {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  /** The order n of secp256k1's group: a secret key is 1 to n - 1. */
  private static final BigInteger SECP256K1_N =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

  private KeyFile() {}

  /** Writes a new key file; refuses to overwrite an existing one. */
  public static void write(Path file, KeyPair key) throws IOException {
    writeSecret(file, key.secretSeed());
  }

  /** Writes a new secp256k1 key file (the 32-byte secret, big-endian); refuses to overwrite an existing one. */
  public static void writeSecp256k1(Path file, byte[] secret) throws IOException {
    if (secret.length != 32 || !validSecp256k1(secret)) {
      throw new IllegalArgumentException("not a secp256k1 secret key");
    }
    writeSecret(file, secret);
  }

  private static void writeSecret(Path file, byte[] secret) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (FileAlreadyExistsException e) {
      throw new IOException("key file " + file + " already exists; refusing to overwrite a key", e);
    }
    Files.writeString(file, HexFormat.of().formatHex(secret) + "\n", StandardCharsets.US_ASCII);
  }

  /** Reads a key file, refusing one that group or others can access. */
  public static KeyPair read(Path file) throws ConfigException {
    String text = readOwnerOnly(file);
    try {
      return KeyPair.fromSeedHex(text);
    } catch (ProtocolException e) {
      // Never echo the file's content: it is a secret.
      throw new ConfigException("key file " + file + " does not hold a 64-hex-digit Ed25519 seed");
    }
  }

  /**
   * Reads a secp256k1 key file (an authority's countersigning key, an Ethereum account): its
   * 32-byte secret, checked to be a valid key; refuses a file that group or others can access.
   */
  public static byte[] readSecp256k1(Path file) throws ConfigException {
    String text = readOwnerOnly(file);
    byte[] secret;
    try {
      secret = HexFormat.of().parseHex(text.startsWith("0x") ? text.substring(2) : text);
    } catch (IllegalArgumentException e) {
      secret = new byte[0];
    }
    if (secret.length != 32 || !validSecp256k1(secret)) {
      // Never echo the file's content: it is a secret.
      throw new ConfigException("key file " + file + " does not hold a secp256k1 secret key (64 hex digits, 1 to n - 1)");
    }
    return secret;
  }

  private static boolean validSecp256k1(byte[] secret) {
    BigInteger value = new BigInteger(1, secret);
    return value.signum() > 0 && value.compareTo(SECP256K1_N) < 0;
  }

  /**
   * Reads the first line of a file holding a text secret (a password, an API credential), named
   * {@code what} in messages; refuses a file that group or others can access, and never echoes its
   * content.
   */
  public static String readSecretLine(Path file, String what) throws ConfigException {
    return readOwnerOnly(file, what, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
  }

  private static String readOwnerOnly(Path file) throws ConfigException {
    return readOwnerOnly(file, "key file", StandardCharsets.US_ASCII).strip();
  }

  private static String readOwnerOnly(Path file, String what, java.nio.charset.Charset charset) throws ConfigException {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY.containsAll(permissions)) {
        throw new ConfigException(what + " " + file + " is accessible to others (" + PosixFilePermissions.toString(permissions)
            + "); run: chmod 600 " + file);
      }
      return Files.readString(file, charset);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
    }
  }
}
