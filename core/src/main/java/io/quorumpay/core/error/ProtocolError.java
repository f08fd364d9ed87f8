package io.quorumpay.core.error;

import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.PrimaryAddress;

/**
 * Every reason QuorumPay refuses something, as one sealed family.
 *
 * <p>Each refusal says what was wrong in {@link #message()}, in words that tell the caller what to do.
 * A refusal never changes state: whoever returns one has checked it before writing anything.
 * Messages never contain secrets.
 */
public sealed interface ProtocolError {

  /** A clear, human-readable explanation of the refusal. */
  String message();

  /** A short stable name for metrics, logs and wire status (e.g. {@code WRONG_SHARD}). */
  default String code() {
    return codeOf(getClass());
  }

  /** The code of an error kind: its name in upper snake case ({@code NotARedeem} is {@code NOT_A_REDEEM}). */
  static String codeOf(Class<? extends ProtocolError> kind) {
    return kind.getSimpleName()
        .replaceAll("(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_")
        .toUpperCase(java.util.Locale.ROOT);
  }

  // ---- bytes and values -------------------------------------------------------------------

  /** Bytes that do not decode to the expected layout. */
  record Malformed(String what, String why) implements ProtocolError {
    public String message() {
      return "malformed " + what + ": " + why;
    }
  }

  /** A number outside the range the protocol allows (amounts, sequence numbers, indices). */
  record OutOfRange(String what, String why) implements ProtocolError {
    public String message() {
      return what + " out of range: " + why;
    }
  }

  /** Something signed for another QuorumPay network. */
  record WrongNetwork(NetworkId expected, NetworkId actual) implements ProtocolError {
    public String message() {
      return "signed for network " + actual + " but this is network " + expected;
    }
  }

  /** A signature that does not verify under the key it claims. */
  record InvalidSignature(String whose) implements ProtocolError {
    public String message() {
      return "invalid signature by " + whose;
    }
  }

  // ---- transfer orders --------------------------------------------------------------------

  /** The account is handled by another shard of this authority. */
  record WrongShard(AccountId account, int rightShard, int thisShard) implements ProtocolError {
    public String message() {
      return "account " + account + " belongs to shard " + rightShard + ", not shard " + thisShard;
    }
  }

  /** Transfers move a positive amount. */
  record ZeroAmount() implements ProtocolError {
    public String message() {
      return "a transfer must move a positive amount";
    }
  }

  /** An account cannot pay itself: it would only waste a sequence number. */
  record SelfTransfer(AccountId account) implements ProtocolError {
    public String message() {
      return "account " + account + " cannot pay itself";
    }
  }

  /** The order's sequence number is not the account's next one. */
  record UnexpectedSequenceNumber(AccountId account, long expected, long actual) implements ProtocolError {
    public String message() {
      return "account " + account + " expects sequence number " + expected + ", got " + actual;
    }
  }

  /** The sender cannot cover the amount. */
  record InsufficientBalance(AccountId account, AssetId asset, long balance, long amount) implements ProtocolError {
    public String message() {
      return "account " + account + " has " + balance + " " + asset + ", cannot pay " + amount;
    }
  }

  /**
   * This authority already voted for a different order at this (sender, sequence number) and
   * will never vote for another: the sender must finish the order it already signed.
   */
  record ConflictingOrder(AccountId account, long sequenceNumber) implements ProtocolError {
    public String message() {
      return "account " + account + " already has a different order voted at sequence number "
          + sequenceNumber + "; finish that order first";
    }
  }

  /** Arithmetic that would overflow a balance or a total. */
  record BalanceOverflow(String what) implements ProtocolError {
    public String message() {
      return "overflow: " + what;
    }
  }

  // ---- votes and certificates -------------------------------------------------------------

  /** A vote or certificate signer that is not in the committee. */
  record UnknownAuthority(String name) implements ProtocolError {
    public String message() {
      return "authority " + name + " is not a member of the committee";
    }
  }

  /** The votes do not add up to a quorum. */
  record InsufficientQuorum(long weight, long needed) implements ProtocolError {
    public String message() {
      return "votes carry weight " + weight + ", a quorum needs " + needed;
    }
  }

  /** A vote for a different order than the one being collected. */
  record VoteForOtherOrder(String name) implements ProtocolError {
    public String message() {
      return "authority " + name + " voted for a different order";
    }
  }

  /**
   * The certificate is ahead of the account: this authority missed earlier confirmations,
   * which must be sent first (in sequence order).
   */
  record MissingEarlierConfirmations(AccountId account, long next, long certificate) implements ProtocolError {
    public String message() {
      return "account " + account + " is at sequence number " + next + " here; send the confirmations from "
          + next + " before the one at " + certificate;
    }
  }

  // ---- cross-shard credits -----------------------------------------------------------------

  /** A cross-shard credit that skips earlier ones from the same source shard. */
  record CreditOutOfOrder(int sourceShard, long expected, long actual) implements ProtocolError {
    public String message() {
      return "credit " + actual + " from shard " + sourceShard + " arrived before credit " + expected;
    }
  }

  /** A cross-shard credit sent to a shard that does not hold its recipient. */
  record CreditMisrouted(String why) implements ProtocolError {
    public String message() {
      return "misrouted cross-shard credit: " + why;
    }
  }

  /**
   * A cross-shard credit, under a new index, for a certificate already credited here: each
   * certificate credits its recipient at most once, whatever index or source it arrives with.
   */
  record CreditReplayed(AccountId sender, long sequenceNumber) implements ProtocolError {
    public String message() {
      return "the certificate " + sender + "#" + sequenceNumber + " was already credited here; a credit is applied once";
    }
  }

  /** Cross-shard credits that do not come from a shard of this same authority. */
  record NotASibling(String why) implements ProtocolError {
    public String message() {
      return "cross-shard credits are accepted only from this authority's own shards: " + why;
    }
  }

  // ---- primary chain ----------------------------------------------------------------------

  /** A deposit already credited here. */
  record DepositAlreadyApplied(long index, long next) implements ProtocolError {
    public String message() {
      return "deposit " + index + " was already applied; the next expected is " + next;
    }
  }

  /** A deposit that skips earlier ones: deposits apply in index order. */
  record DepositOutOfOrder(long expected, long actual) implements ProtocolError {
    public String message() {
      return "deposit " + actual + " arrived before deposit " + expected + "; deposits apply in index order";
    }
  }

  /** A certificate submitted to the primary that does not pay a primary address. */
  record NotARedeem(AccountId sender, long sequenceNumber) implements ProtocolError {
    public String message() {
      return "certificate " + sender + "#" + sequenceNumber + " pays a QuorumPay account, not a primary address";
    }
  }

  /** A redeem already paid, or older than the last one paid for its sender. */
  record RedeemReplay(AccountId sender, long sequenceNumber, long lastRedeemed) implements ProtocolError {
    public String message() {
      return "redeem " + sender + "#" + sequenceNumber + " refused: this account already redeemed at sequence number "
          + lastRedeemed;
    }
  }

  /** The primary contract holds less of the asset than the redeem asks (never happens while money is conserved). */
  record InsufficientFunds(AssetId asset, long held, long amount) implements ProtocolError {
    public String message() {
      return "the primary contract holds " + held + " " + asset + ", cannot pay out " + amount;
    }
  }

  /** A primary address that may not deposit or receive (the zero address). */
  record InvalidPrimaryAddress(PrimaryAddress address) implements ProtocolError {
    public String message() {
      return "primary address " + address + " cannot be used";
    }
  }

  // ---- client -----------------------------------------------------------------------------

  /**
   * A refusal that arrived over the network: the remote party's error code and message, as sent.
   * Its {@link #code()} is the remote code, so callers can switch on it like a local one.
   */
  record Refused(String remoteCode, String detail) implements ProtocolError {
    public String message() {
      return detail;
    }

    @Override
    public String code() {
      return remoteCode;
    }
  }

  /** The client has a pending order and must finish it before signing another. */
  record PendingOrderExists(AccountId account, long sequenceNumber) implements ProtocolError {
    public String message() {
      return "account " + account + " has a pending order at sequence number " + sequenceNumber
          + "; finish it before making another";
    }
  }

  /** A certificate that does not match what the client expected. */
  record UnexpectedCertificate(String why) implements ProtocolError {
    public String message() {
      return "unexpected certificate: " + why;
    }
  }
}
