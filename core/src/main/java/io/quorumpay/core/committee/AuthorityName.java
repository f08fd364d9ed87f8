package io.quorumpay.core.committee;

import io.quorumpay.core.crypto.PublicKey;
import java.util.Objects;

/** An authority of the committee, named by the Ed25519 public key that signs its votes. */
public record AuthorityName(PublicKey key) implements Comparable<AuthorityName> {
  public AuthorityName {
    Objects.requireNonNull(key);
  }

  @Override
  public int compareTo(AuthorityName other) {
    return key.compareTo(other.key);
  }

  /** A short form for logs and messages: the first 8 hex digits of the key. */
  public String shortName() {
    return key.toString().substring(0, 8);
  }

  @Override
  public String toString() {
    return key.toString();
  }
}
