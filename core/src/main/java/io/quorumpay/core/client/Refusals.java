package io.quorumpay.core.client;

import io.quorumpay.core.error.ProtocolError;

/**
 * What a client makes of an authority's refusal. Exhaustive switches over the codes, so that a
 * new code cannot reach a client unconsidered.
 */
public final class Refusals {
  private Refusals() {}

  /**
   * Whether an authority that refused a vote with {@code code} may only be behind (it misses
   * credits or earlier certificates of the sender, or a channel's open or fund certificates), so
   * that bringing it up to date can cure it.
   */
  public static boolean curedByCatchUp(ProtocolError.Code code) {
    return switch (code) {
      case INSUFFICIENT_BALANCE, UNEXPECTED_SEQUENCE_NUMBER, MISSING_EARLIER_CONFIRMATIONS, UNKNOWN_CHANNEL,
          INSUFFICIENT_CHANNEL_VALUE -> true;
      case MALFORMED, OUT_OF_RANGE, WRONG_NETWORK, INVALID_SIGNATURE, WRONG_SHARD, ZERO_AMOUNT,
          SELF_TRANSFER, CONFLICTING_ORDER, BALANCE_OVERFLOW, UNKNOWN_AUTHORITY, INSUFFICIENT_QUORUM,
          VOTE_FOR_OTHER_ORDER, CREDIT_OUT_OF_ORDER, CREDIT_MISROUTED, CREDIT_REPLAYED, NOT_A_SIBLING,
          DEPOSIT_ALREADY_APPLIED, DEPOSIT_OUT_OF_ORDER, NOT_A_REDEEM, REDEEM_REPLAY, INSUFFICIENT_FUNDS,
          INVALID_PRIMARY_ADDRESS, PENDING_ORDER_EXISTS, UNEXPECTED_CERTIFICATE, NOT_CHANNEL_RECIPIENT,
          INVALID_AUTHORIZATION, CHANNEL_NOT_EXPIRED, CHANNEL_EXPIRATION_DECREASES, UNRECOGNIZED -> false;
    };
  }
}
