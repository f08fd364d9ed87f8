package io.quorumpay.core.error;

import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.SlotOwner;

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

  /**
   * Every refusal code: one per kind of refusal, stable, and what travels on the wire (as the enum
   * {@code ErrorCode} of quorumpay.proto, docs/PROTOCOL.md "Errors").
   */
  enum Code {
    MALFORMED,
    OUT_OF_RANGE,
    WRONG_NETWORK,
    INVALID_SIGNATURE,
    WRONG_SHARD,
    ZERO_AMOUNT,
    SELF_TRANSFER,
    UNEXPECTED_SEQUENCE_NUMBER,
    INSUFFICIENT_BALANCE,
    CONFLICTING_ORDER,
    BALANCE_OVERFLOW,
    UNKNOWN_AUTHORITY,
    INSUFFICIENT_QUORUM,
    VOTE_FOR_OTHER_ORDER,
    MISSING_EARLIER_CONFIRMATIONS,
    CREDIT_OUT_OF_ORDER,
    CREDIT_MISROUTED,
    CREDIT_REPLAYED,
    NOT_A_SIBLING,
    DEPOSIT_ALREADY_APPLIED,
    DEPOSIT_OUT_OF_ORDER,
    NOT_A_REDEEM,
    REDEEM_REPLAY,
    INSUFFICIENT_FUNDS,
    INVALID_PRIMARY_ADDRESS,
    PENDING_ORDER_EXISTS,
    UNEXPECTED_CERTIFICATE,
    UNKNOWN_CHANNEL,
    NOT_CHANNEL_RECIPIENT,
    INVALID_AUTHORIZATION,
    INSUFFICIENT_CHANNEL_VALUE,
    CHANNEL_NOT_EXPIRED,
    CHANNEL_EXPIRATION_DECREASES,
    /** A code this build does not know, from a newer peer: treated as a plain refusal. */
    UNRECOGNIZED
  }

  /** This refusal's code, for decisions, metrics, logs and the wire. */
  default Code code() {
    return switch (this) {
      case Malformed e -> Code.MALFORMED;
      case OutOfRange e -> Code.OUT_OF_RANGE;
      case WrongNetwork e -> Code.WRONG_NETWORK;
      case InvalidSignature e -> Code.INVALID_SIGNATURE;
      case WrongShard e -> Code.WRONG_SHARD;
      case ZeroAmount e -> Code.ZERO_AMOUNT;
      case SelfTransfer e -> Code.SELF_TRANSFER;
      case UnexpectedSequenceNumber e -> Code.UNEXPECTED_SEQUENCE_NUMBER;
      case InsufficientBalance e -> Code.INSUFFICIENT_BALANCE;
      case ConflictingOrder e -> Code.CONFLICTING_ORDER;
      case BalanceOverflow e -> Code.BALANCE_OVERFLOW;
      case UnknownAuthority e -> Code.UNKNOWN_AUTHORITY;
      case InsufficientQuorum e -> Code.INSUFFICIENT_QUORUM;
      case VoteForOtherOrder e -> Code.VOTE_FOR_OTHER_ORDER;
      case MissingEarlierConfirmations e -> Code.MISSING_EARLIER_CONFIRMATIONS;
      case CreditOutOfOrder e -> Code.CREDIT_OUT_OF_ORDER;
      case CreditMisrouted e -> Code.CREDIT_MISROUTED;
      case CreditReplayed e -> Code.CREDIT_REPLAYED;
      case NotASibling e -> Code.NOT_A_SIBLING;
      case DepositAlreadyApplied e -> Code.DEPOSIT_ALREADY_APPLIED;
      case DepositOutOfOrder e -> Code.DEPOSIT_OUT_OF_ORDER;
      case NotARedeem e -> Code.NOT_A_REDEEM;
      case RedeemReplay e -> Code.REDEEM_REPLAY;
      case InsufficientFunds e -> Code.INSUFFICIENT_FUNDS;
      case InvalidPrimaryAddress e -> Code.INVALID_PRIMARY_ADDRESS;
      case PendingOrderExists e -> Code.PENDING_ORDER_EXISTS;
      case PendingElsewhere e -> Code.PENDING_ORDER_EXISTS;
      case AccountStateUnchecked e -> Code.UNEXPECTED_SEQUENCE_NUMBER;
      case UnexpectedCertificate e -> Code.UNEXPECTED_CERTIFICATE;
      case UnknownChannel e -> Code.UNKNOWN_CHANNEL;
      case NotChannelRecipient e -> Code.NOT_CHANNEL_RECIPIENT;
      case InvalidAuthorization e -> Code.INVALID_AUTHORIZATION;
      case InsufficientChannelValue e -> Code.INSUFFICIENT_CHANNEL_VALUE;
      case ChannelNotExpired e -> Code.CHANNEL_NOT_EXPIRED;
      case ChannelExpirationDecreases e -> Code.CHANNEL_EXPIRATION_DECREASES;
      case Refused e -> e.remoteCode();
    };
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
      return "an order must move a positive amount (or, for a channel fund, extend the expiration)";
    }
  }

  /** An account cannot pay itself: it would only waste a sequence number. */
  record SelfTransfer(AccountId account) implements ProtocolError {
    public String message() {
      return "account " + account + " cannot pay itself";
    }
  }

  /** The order's sequence number is not its slot owner's next one (an account's, or a channel's nonce). */
  record UnexpectedSequenceNumber(SlotOwner owner, long expected, long actual) implements ProtocolError {
    public String message() {
      return describe(owner) + " expects sequence number " + expected + ", got " + actual;
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
  record ConflictingOrder(SlotOwner owner, long sequenceNumber) implements ProtocolError {
    public String message() {
      return describe(owner) + " already has a different order voted at sequence number "
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
  record MissingEarlierConfirmations(SlotOwner owner, long next, long certificate) implements ProtocolError {
    public String message() {
      return describe(owner) + " is at sequence number " + next + " here; send the confirmations from "
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
  record CreditReplayed(SlotOwner owner, long sequenceNumber) implements ProtocolError {
    public String message() {
      return "the certificate " + owner + "#" + sequenceNumber + " was already credited here; a credit is applied once";
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
   * Its {@link #code()} is the remote code, so callers switch on it like on a local one.
   */
  record Refused(Code remoteCode, String detail) implements ProtocolError {
    public String message() {
      return detail;
    }
  }

  /** The client has a pending order and must finish it before signing another. */
  record PendingOrderExists(AccountId account, long sequenceNumber) implements ProtocolError {
    public String message() {
      return "account " + account + " has a pending order at sequence number " + sequenceNumber
          + "; finish it before making another";
    }
  }

  /**
   * Authorities report a vote at the client's next sequence number for an order the client does not
   * hold (a copy of the wallet, such as the original of a restored backup, signed it), and too few
   * of them to show it is the account's own: the client signs nothing else there.
   */
  record PendingElsewhere(AccountId account, long sequenceNumber, long weight, long validity) implements ProtocolError {
    public String message() {
      return "an order of account " + account + " is pending at sequence number " + sequenceNumber + " elsewhere: authorities"
          + " of weight " + weight + " voted for an order this wallet does not hold (another copy of this wallet signed it)."
          + " This wallet signs no other order there; finish that order with the copy that signed it, then sync this one";
    }
  }

  /**
   * The client has not yet heard, from authorities holding a quorum of weight, the account's next
   * sequence number and pending vote, so it cannot know that its next sequence number is free
   * (a restored backup may be behind what another copy signed).
   */
  record AccountStateUnchecked(AccountId account, long sequenceNumber, String why) implements ProtocolError {
    public String message() {
      return "account " + account + " cannot sign at sequence number " + sequenceNumber + " yet: " + why
          + "; sync again when authorities with a quorum of weight can be reached";
    }
  }

  /** A certificate that does not match what the client expected. */
  record UnexpectedCertificate(String why) implements ProtocolError {
    public String message() {
      return "unexpected certificate: " + why;
    }
  }

  // ---- payment channels -------------------------------------------------------------------

  /** No channel with this id and sender (and asset) lives on this shard, or its open certificate was not applied yet. */
  record UnknownChannel(ChannelId channel, String why) implements ProtocolError {
    public String message() {
      return "unknown channel " + channel + ": " + why;
    }
  }

  /** Only the channel's recipient may claim from it. */
  record NotChannelRecipient(ChannelId channel, AccountId claimer) implements ProtocolError {
    public String message() {
      return "account " + claimer + " is not the recipient of channel " + channel + " and cannot claim from it";
    }
  }

  /** A claim whose payment authorisation is not signed by the channel's signer or sender, or pays more than it allows. */
  record InvalidAuthorization(ChannelId channel, String why) implements ProtocolError {
    public String message() {
      return "invalid payment authorization for channel " + channel + ": " + why;
    }
  }

  /** A claim or refund that takes more than the channel holds here. */
  record InsufficientChannelValue(ChannelId channel, long value, long amount) implements ProtocolError {
    public String message() {
      return "channel " + channel + " holds " + value + ", cannot take " + amount;
    }
  }

  /** A refund before the channel's expiration, as far as this authority has seen the primary chain. */
  record ChannelNotExpired(ChannelId channel, long expiration, long height) implements ProtocolError {
    public String message() {
      return "channel " + channel + " expires at primary height " + expiration + "; this authority has seen height "
          + height + ", refund once it is reached";
    }
  }

  /** A fund order that would move a channel's expiration earlier: expirations only grow. */
  record ChannelExpirationDecreases(ChannelId channel, long expiration, long requested) implements ProtocolError {
    public String message() {
      return "channel " + channel + " expires at " + expiration + "; a fund cannot move it to " + requested;
    }
  }

  private static String describe(SlotOwner owner) {
    return switch (owner) {
      case AccountId account -> "account " + account;
      case ChannelId channel -> "channel " + channel;
    };
  }
}
