package io.quorumpay.core.types;

import io.quorumpay.core.crypto.Ed25519;
import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.text.Bech32m;
import io.quorumpay.core.text.TextFormException;
import io.quorumpay.core.text.TextProblem;
import java.util.Objects;

/**
 * A QuorumPay account: its id is the Ed25519 public key that signs its transfer orders.
 *
 * <p>People see it in its checksummed text form, bech32m with prefix {@code qp} ({@link #text()},
 * also {@link #toString()}), so that a mistyped account id is refused instead of paying an account
 * nobody owns. Machine-written files keep the 64 hex digits ({@link #hex()}).
 */
public record AccountId(PublicKey key) implements SlotOwner, Comparable<AccountId> {
  /** The human-readable prefix of the text form. */
  public static final String PREFIX = "qp";

  public AccountId {
    Objects.requireNonNull(key);
  }

  /** Parses 64 hex digits (the machine form) and checks that they are a valid Ed25519 key (money sent to anything else is lost). */
  public static AccountId parse(String hex) throws ProtocolException {
    return new AccountId(PublicKey.parseValid(hex));
  }

  /**
   * Parses what a person typed: the checksummed form {@code qp1…}; 64 raw hex digits only when
   * {@code allowRawHex} (they have no checksum). Refuses a checksum that does not match, and a key
   * that is not a valid Ed25519 point.
   */
  public static AccountId parseText(String text, boolean allowRawHex) throws TextFormException {
    String what = "account id";
    String trimmed = text.strip();
    PublicKey key;
    if (trimmed.length() == PublicKey.SIZE * 2 && trimmed.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      if (!allowRawHex) {
        throw new TextFormException(new TextProblem.Unchecksummed(what, trimmed, "qp1…, as qp keygen, qp show and qp history"
            + " print it"));
      }
      try {
        key = PublicKey.fromHex(trimmed);
      } catch (ProtocolException e) {
        throw new TextFormException(new TextProblem.Malformed(what, trimmed, e.getMessage()));
      }
    } else {
      key = new PublicKey(Bech32m.decodeBytes(PREFIX, PublicKey.SIZE, trimmed, what));
    }
    if (!Ed25519.isValidPublicKey(key)) {
      throw new TextFormException(new TextProblem.Malformed(what, trimmed, "not a valid Ed25519 public key, so nobody could"
          + " ever spend what it receives"));
    }
    return new AccountId(key);
  }

  /** The checksummed text form: bech32m, prefix {@code qp}. */
  public String text() {
    return Bech32m.encodeBytes(PREFIX, key.bytes());
  }

  /** The 64 hex digits of the key (the form of machine-written files). */
  public String hex() {
    return key.toString();
  }

  @Override
  public int compareTo(AccountId other) {
    return key.compareTo(other.key);
  }

  /** The checksummed text form, {@link #text()}. */
  @Override
  public String toString() {
    return text();
  }
}
