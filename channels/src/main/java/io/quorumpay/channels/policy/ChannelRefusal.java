package io.quorumpay.channels.policy;

import io.quorumpay.core.types.ChannelId;

/**
 * Every reason a seller refuses a call or a control request, as one sealed family. Each has a
 * stable {@link Code}; {@link io.quorumpay.channels.RefusalStatus} maps the codes to gRPC and HTTP
 * statuses in one place.
 * A refusal never changes state: nothing is charged and nothing is written for it.
 */
public sealed interface ChannelRefusal {

  /** A sentence that says what was wrong and what to do; never contains a secret. */
  String message();

  /** The stable codes, listed in the order a paid call is checked (docs/CHANNELS.md). */
  enum Code {
    UNPRICED_METHOD,
    PAYMENT_MISSING,
    PAYMENT_MALFORMED,
    UNKNOWN_CHANNEL,
    WRONG_GROUP,
    INCORRECT_NONCE,
    INVALID_SIGNATURE,
    CHANNEL_EXPIRING,
    AMOUNT_ABOVE_VALUE,
    INSUFFICIENT_PAYMENT,
    TRIAL_INVALID,
    TRIAL_EXHAUSTED,
    CONTROL_UNAUTHENTICATED,
    CONTROL_STALE,
    CLAIM_REFUSED,
    UNAVAILABLE
  }

  /** This refusal's code. */
  default Code code() {
    return switch (this) {
      case UnpricedMethod r -> Code.UNPRICED_METHOD;
      case PaymentMissing r -> Code.PAYMENT_MISSING;
      case PaymentMalformed r -> Code.PAYMENT_MALFORMED;
      case UnknownChannel r -> Code.UNKNOWN_CHANNEL;
      case WrongGroup r -> Code.WRONG_GROUP;
      case IncorrectNonce r -> Code.INCORRECT_NONCE;
      case InvalidSignature r -> Code.INVALID_SIGNATURE;
      case ChannelExpiring r -> Code.CHANNEL_EXPIRING;
      case AmountAboveValue r -> Code.AMOUNT_ABOVE_VALUE;
      case InsufficientPayment r -> Code.INSUFFICIENT_PAYMENT;
      case TrialInvalid r -> Code.TRIAL_INVALID;
      case TrialExhausted r -> Code.TRIAL_EXHAUSTED;
      case ControlUnauthenticated r -> Code.CONTROL_UNAUTHENTICATED;
      case ControlStale r -> Code.CONTROL_STALE;
      case ClaimRefused r -> Code.CLAIM_REFUSED;
      case Unavailable r -> Code.UNAVAILABLE;
    };
  }

  /** The method has no price and the price file has no default: the seller does not sell it. */
  record UnpricedMethod(String method) implements ChannelRefusal {
    public String message() {
      return "method " + method + " is not for sale here (no price)";
    }
  }

  /** A priced call came without payment headers (and without a trial token). */
  record PaymentMissing() implements ChannelRefusal {
    public String message() {
      return "this call costs money: send qp-channel-id, qp-channel-nonce, qp-channel-amount and a signature";
    }
  }

  /** A payment header is missing or does not parse. */
  record PaymentMalformed(String header, String why) implements ChannelRefusal {
    public String message() {
      return "malformed payment header " + header + ": " + why;
    }
  }

  /** The seller knows no such channel (not opened, or not seen yet). */
  record UnknownChannel(ChannelId channel) implements ChannelRefusal {
    public String message() {
      return "unknown channel " + channel + ": open it, or wait until the seller has seen its certificate";
    }
  }

  /** The channel pays another service group or another recipient. */
  record WrongGroup(ChannelId channel) implements ChannelRefusal {
    public String message() {
      return "channel " + channel + " does not pay this service (another group or recipient)";
    }
  }

  /** The payment is for another nonce; {@code current} is the one to use (sent back as qp-channel-current-nonce). */
  record IncorrectNonce(long current, long sent) implements ChannelRefusal {
    public String message() {
      return "incorrect channel nonce " + sent + ": the current nonce is " + current
          + " (authorized amounts start again from 0 at a new nonce)";
    }
  }

  /** The signature is not the channel signer's or sender's over this exact authorization. */
  record InvalidSignature() implements ChannelRefusal {
    public String message() {
      return "the payment signature is not the channel signer's or sender's over (network, channel, nonce, amount)";
    }
  }

  /** The channel expires too soon for this seller to claim safely. */
  record ChannelExpiring(long height, long expiration, long threshold) implements ChannelRefusal {
    public String message() {
      return "channel expires at height " + expiration + ", within " + threshold
          + " blocks of the current height " + height + ": extend it";
    }
  }

  /** The authorized amount is more than the channel holds. */
  record AmountAboveValue(long amount, long value) implements ChannelRefusal {
    public String message() {
      return "amount " + amount + " is above the channel's value " + value + ": fund the channel";
    }
  }

  /** The authorizations seen do not cover the calls already served plus this one. */
  record InsufficientPayment(long price, long needed) implements ChannelRefusal {
    public String message() {
      return "not enough paid: this call costs " + price + ", so the cumulative amount at this nonce must be at least "
          + needed + " (a replayed or lower authorization pays nothing more)";
    }
  }

  /** The trial token is malformed, not the seller's, for another network or group, or expired. */
  record TrialInvalid(String why) implements ChannelRefusal {
    public String message() {
      return "invalid trial token: " + why;
    }
  }

  /** Every free call of the token was used. */
  record TrialExhausted(long calls) implements ChannelRefusal {
    public String message() {
      return "the trial token's " + calls + " free calls are used: pay through a channel";
    }
  }

  /** A control request not signed by the seller's key. */
  record ControlUnauthenticated(String why) implements ChannelRefusal {
    public String message() {
      return "control request refused: " + why;
    }
  }

  /** A control request whose height is too far from the current one (a replay or a wrong clock). */
  record ControlStale(long sent, long current, long window) implements ChannelRefusal {
    public String message() {
      return "control request for height " + sent + " is not within " + window + " of the current height " + current;
    }
  }

  /** A claim cannot start now. */
  record ClaimRefused(ChannelId channel, String why) implements ChannelRefusal {
    public String message() {
      return "cannot claim channel " + channel + ": " + why;
    }
  }

  /** The seller cannot decide now (storage unavailable or too busy); nothing was charged. */
  record Unavailable(String why) implements ChannelRefusal {
    public String message() {
      return "seller unavailable, retry later: " + why;
    }
  }
}
