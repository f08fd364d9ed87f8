package io.quorumpay.api.config;

import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.error.ProtocolException;
import java.io.IOException;
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
 * A secret key on disk: the 32-byte Ed25519 seed in hex, one line, in a file only its owner can
 * read or write. Files are created owner-only from the start (never chmod-ed after); a key file
 * that others can read is refused.
 */
public final class KeyFile {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private KeyFile() {}

  /** Writes a new key file; refuses to overwrite an existing one. */
  public static void write(Path file, KeyPair key) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (FileAlreadyExistsException e) {
      throw new IOException("key file " + file + " already exists; refusing to overwrite a key", e);
    }
    Files.writeString(file, HexFormat.of().formatHex(key.secretSeed()) + "\n", StandardCharsets.US_ASCII);
  }

  /** Reads a key file, refusing one that group or others can access. */
  public static KeyPair read(Path file) throws ConfigException {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY.containsAll(permissions)) {
        throw new ConfigException("key file " + file + " is accessible to others (" + PosixFilePermissions.toString(permissions)
            + "); run: chmod 600 " + file);
      }
      return KeyPair.fromSeedHex(Files.readString(file, StandardCharsets.US_ASCII).strip());
    } catch (IOException e) {
      throw new ConfigException("cannot read key file " + file + ": " + e.getMessage(), e);
    } catch (ProtocolException e) {
      // Never echo the file's content: it is a secret.
      throw new ConfigException("key file " + file + " does not hold a 64-hex-digit Ed25519 seed");
    }
  }
}
