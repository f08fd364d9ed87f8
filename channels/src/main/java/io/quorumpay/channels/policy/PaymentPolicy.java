package io.quorumpay.channels.policy;

import io.quorumpay.core.crypto.PublicKey;
import java.util.Optional;

/**
 * Whether to serve one paid call: a pure function of the channel's verified state, the seller's
 * record of it and the call's payment. No locks: the caller applies the returned record by
 * compare-and-set and decides again on conflict.
 *
 * <p>The rule that makes concurrent calls on one channel safe in any arrival order: a call is
 * accepted when the price of the calls already accepted plus its own fits within the highest
 * authorization seen at this nonce. Everything served is then covered by one signature the seller
 * holds, and a call whose authorization was signed after the others' is never refused.
 */
public final class PaymentPolicy {
  private PaymentPolicy() {}

  /** The outcome for one call. */
  public sealed interface Decision {
    /** Serve the call once {@code next} is stored in place of the record decided on. */
    record Accept(ChannelRecord next) implements Decision {}

    /** Refuse; nothing changes. */
    record Refuse(ChannelRefusal refusal) implements Decision {}
  }

  /** Tells which channel key signed a payment (signer first, then sender), or empty if neither did. */
  @FunctionalInterface
  public interface SignatureCheck {
    Optional<PublicKey> authorizer(ChannelView view, Payment payment);
  }

  /**
   * The seller's record brought up to date with the channel's verified state: a nonce the committee
   * moved past (a claim or a refund landed) starts afresh, and a claim whose nonce is passed is done.
   */
  public static ChannelRecord current(ChannelView view, Optional<ChannelRecord> stored) {
    long chainNonce = view.nonce().value();
    if (stored.isEmpty()) {
      return ChannelRecord.fresh(chainNonce);
    }
    ChannelRecord record = stored.get();
    if (record.nonce() < chainNonce) {
      return ChannelRecord.fresh(chainNonce).withVersion(record.version());
    }
    if (record.claim().isPresent() && record.claim().get().nonce() < chainNonce) {
      return new ChannelRecord(record.nonce(), record.highest(), record.accepted(), Optional.empty(), record.version());
    }
    return record;
  }

  /** What the channel holds at the record's nonce: its value less what a claim still in flight takes. */
  public static long value(ChannelView view, ChannelRecord current) {
    long inFlight = current.claim().map(PendingClaim::actual).orElse(0L);
    return Math.max(0, view.value().units() - inFlight);
  }

  /**
   * Decides one call, checking in the documented order: channel known, the seller's group and
   * account, nonce current, signature, expiration, value, enough paid.
   */
  public static Decision decide(
      SellerTerms terms,
      Payment payment,
      Optional<ChannelView> known,
      long height,
      long price,
      Optional<ChannelRecord> stored,
      SignatureCheck signatures) {
    if (known.isEmpty()) {
      return new Decision.Refuse(new ChannelRefusal.UnknownChannel(payment.channel()));
    }
    ChannelView view = known.get();
    if (!view.group().equals(terms.group()) || !view.recipient().equals(terms.recipient())) {
      return new Decision.Refuse(new ChannelRefusal.WrongGroup(payment.channel()));
    }
    ChannelRecord record = current(view, stored);
    if (payment.nonce() != record.nonce()) {
      return new Decision.Refuse(new ChannelRefusal.IncorrectNonce(record.nonce(), payment.nonce()));
    }
    Optional<PublicKey> authorizer = alreadyVerified(view, record, payment).or(() -> signatures.authorizer(view, payment));
    if (authorizer.isEmpty()) {
      return new Decision.Refuse(new ChannelRefusal.InvalidSignature());
    }
    if (Amounts.saturatingAdd(height, terms.expirationThreshold()) >= view.expiration()) {
      return new Decision.Refuse(new ChannelRefusal.ChannelExpiring(height, view.expiration(), terms.expirationThreshold()));
    }
    long value = value(view, record);
    if (payment.amount() > value) {
      return new Decision.Refuse(new ChannelRefusal.AmountAboveValue(payment.amount(), value));
    }
    Optional<Authorization> highest = payment.amount() > record.highestAmount()
        ? Optional.of(new Authorization(payment.amount(), authorizer.get(), payment.signature()))
        : record.highest();
    long needed = Amounts.saturatingAdd(record.accepted(), price);
    if (needed > highest.map(Authorization::amount).orElse(0L)) {
      return new Decision.Refuse(new ChannelRefusal.InsufficientPayment(price, needed));
    }
    return new Decision.Accept(new ChannelRecord(record.nonce(), highest, needed, record.claim(), record.version()));
  }

  /**
   * The authorizer of a payment identical (amount and signature bytes) to the highest authorization
   * the record holds at this nonce, verified when it was stored: a buyer paying ahead sends the same
   * bytes for many calls, and they need no second verification. Anything else is verified.
   */
  private static Optional<PublicKey> alreadyVerified(ChannelView view, ChannelRecord record, Payment payment) {
    return record.highest()
        .filter(h -> h.amount() == payment.amount() && h.signature().equals(payment.signature()))
        .map(Authorization::authorizer)
        .filter(key -> key.equals(view.signer()) || key.equals(view.sender().key()));
  }
}
