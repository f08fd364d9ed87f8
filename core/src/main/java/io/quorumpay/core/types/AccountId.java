package io.quorumpay.core.types;

import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.error.ProtocolException;
import java.util.Objects;

/** A QuorumPay account: its id is the Ed25519 public key that signs its transfer orders. */
public record AccountId(PublicKey key) implements SlotOwner, Comparable<AccountId> {
  public AccountId {
    Objects.requireNonNull(key);
  }

  /** Parses 64 hex digits and checks that they are a valid Ed25519 key (money sent to anything else is lost). */
  public static AccountId parse(String hex) throws ProtocolException {
    return new AccountId(PublicKey.parseValid(hex));
  }

  @Override
  public int compareTo(AccountId other) {
    return key.compareTo(other.key);
  }

  @Override
  public String toString() {
    return key.toString();
  }
}
