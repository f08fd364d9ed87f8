package io.quorumpay.channels.claims;

import io.quorumpay.channels.policy.ChannelRecord;
import io.quorumpay.channels.policy.ChannelView;
import io.quorumpay.channels.policy.PaymentPolicy;
import io.quorumpay.channels.policy.PendingClaim;
import java.util.Optional;

/**
 * When and how the seller claims, as pure functions. Starting a claim moves the seller's record to
 * the next nonce and keeps the highest authorization of the old one as the claim in flight, with
 * what the claim takes (the calls served there, at most that authorization: a buyer authorizing
 * ahead loses nothing it did not use), in one record (so one atomic write): there is no moment
 * where the nonce moved but the claimable signature is not stored, or the reverse.
 */
public final class ClaimPolicy {
  private ClaimPolicy() {}

  /** When the automatic policy claims: at this unclaimed amount, or this many blocks before expiration. */
  public record Thresholds(long amount, long blocksBeforeExpiration) {
    public Thresholds {
      if (amount <= 0 || blocksBeforeExpiration < 0) {
        throw new IllegalArgumentException("claim at an amount > 0 and a number of blocks >= 0 before expiration");
      }
    }
  }

  /** Outcome of starting a claim. */
  public sealed interface Start {
    /** Store {@code next}, then submit {@code claim}. */
    record Started(ChannelRecord next, PendingClaim claim) implements Start {}

    /** Nothing started; why. */
    record Refused(String why) implements Start {}
  }

  /** Starts a claim of everything served at the current nonce, carrying the highest authorization there. */
  public static Start start(ChannelView view, Optional<ChannelRecord> stored) {
    ChannelRecord record = PaymentPolicy.current(view, stored);
    if (record.claim().isPresent()) {
      return new Start.Refused("a claim at nonce " + record.claim().get().nonce() + " is in flight");
    }
    if (record.highest().isEmpty() || record.unclaimed() == 0) {
      return new Start.Refused("nothing served at nonce " + record.nonce());
    }
    PendingClaim claim = new PendingClaim(record.nonce(), record.highest().get(), record.unclaimed());
    ChannelRecord next = new ChannelRecord(record.nonce() + 1, Optional.empty(), 0, Optional.of(claim), record.version());
    return new Start.Started(next, claim);
  }

  /** True when the automatic policy should claim this channel now. */
  public static boolean due(ChannelView view, ChannelRecord record, long height, Thresholds thresholds) {
    if (record.claim().isPresent() || record.unclaimed() == 0) {
      return false;
    }
    return record.unclaimed() >= thresholds.amount() || height + thresholds.blocksBeforeExpiration() >= view.expiration();
  }
}
