package io.quorumpay.hub.admission;

import io.quorumpay.api.config.ConfigException;
import io.quorumpay.api.config.KeyFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The operator's credential for operator-only endpoints, sent as {@code Authorization: Bearer …}.
 * Only its SHA-256 is kept; a presented one is compared digest to digest in constant time. It is
 * never logged, and {@link #toString()} does not show it.
 */
public final class OperatorCredential {
  /** The environment variable that may hold the credential. */
  public static final String ENV = "QP_HUB_OPERATOR_TOKEN";
  private final byte[] digest;

  private OperatorCredential(byte[] digest) {
    this.digest = digest;
  }

  public static OperatorCredential of(String secret) {
    if (secret == null || secret.strip().length() < 16) {
      throw new IllegalArgumentException("the operator credential must have at least 16 characters");
    }
    return new OperatorCredential(sha256(secret.strip()));
  }

  /**
   * From {@code file} (its first line; the file must be readable by its owner only), else from
   * {@value #ENV}; empty if neither is set.
   */
  public static Optional<OperatorCredential> load(Optional<Path> file) throws ConfigException {
    if (file.isPresent()) {
      return Optional.of(of(KeyFile.readSecretLine(file.get(), "operator credential file")));
    }
    String env = System.getenv(ENV);
    return env == null || env.isBlank() ? Optional.empty() : Optional.of(of(env));
  }

  /** Whether the {@code Authorization} header value carries this credential. */
  public boolean accepts(String authorizationHeader) {
    if (authorizationHeader == null || !authorizationHeader.startsWith("Bearer ")) {
      return false;
    }
    return MessageDigest.isEqual(digest, sha256(authorizationHeader.substring("Bearer ".length()).strip()));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "OperatorCredential[<redacted>]";
  }
}
