package io.quorumpay.channels;

import io.quorumpay.channels.directory.ChannelDirectory;
import io.quorumpay.channels.directory.PrimaryHeight;
import io.quorumpay.channels.ledger.ChannelLedger;
import io.quorumpay.channels.policy.ChannelRefusal;
import io.quorumpay.channels.policy.ChannelView;
import io.quorumpay.channels.policy.Payment;
import io.quorumpay.channels.policy.PaymentPolicy;
import io.quorumpay.channels.policy.SellerTerms;
import io.quorumpay.channels.trial.TrialToken;
import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.types.ChannelId;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decides whether to serve one call, the same way for the gRPC interceptor and both proxies: price,
 * then the payment (or trial token) in the documented order, then the durable record. Returns only
 * once an authorization paying for the call (and for every call admitted before it at that nonce)
 * is durable, so a call it admits can be served at once. A payment identical to the highest
 * authorization already held (a buyer paying ahead sends the same bytes for many calls) is not
 * verified again.
 */
public final class PaymentGate {
  private final SellerTerms terms;
  private final ChannelDirectory directory;
  private final PrimaryHeight height;
  private final ChannelLedger ledger;
  private final PriceLookup prices;
  private final Signatures signatures;
  private final TrialGate trials;

  /** Where prices come from ({@link PriceFile#price} or a fixed {@link Prices#price}). */
  @FunctionalInterface
  public interface PriceLookup {
    OptionalLong price(String method);
  }

  /** The decision for one call. */
  public sealed interface Admission {
    /** The method costs nothing. */
    record Free() implements Admission {}

    /** Paid through {@code channel}: {@code price} is counted against its authorizations. */
    record Paid(ChannelId channel, long price) implements Admission {}

    /** A free trial call, counted against its token. */
    record Trial(TrialToken token, long used) implements Admission {}

    /** Refused; nothing was charged. */
    record Refused(ChannelRefusal refusal) implements Admission {}
  }

  /** A gate without trial tokens. */
  public PaymentGate(SellerTerms terms, ChannelDirectory directory, PrimaryHeight height, ChannelLedger ledger, PriceLookup prices) {
    this(terms, directory, height, ledger, prices, null);
  }

  /** A gate that also takes trial tokens checked by {@code trials} (null for none). */
  public PaymentGate(
      SellerTerms terms, ChannelDirectory directory, PrimaryHeight height, ChannelLedger ledger, PriceLookup prices, TrialGate trials) {
    this.terms = terms;
    this.directory = directory;
    this.height = height;
    this.ledger = ledger;
    this.prices = prices;
    this.signatures = new Signatures(terms.network());
    this.trials = trials;
  }

  /** The seller's terms. */
  public SellerTerms terms() {
    return terms;
  }

  /**
   * Decides a call to {@code method} carrying {@code payment} (parsed headers) and, when present,
   * a trial token's bytes (null when absent). A trial token is used only when no payment is sent.
   */
  public Admission admit(String method, Payment.Parsed payment, byte[] trialToken) {
    return admit(method, payment, trialToken, new Payment.Sender.Unnamed());
  }

  /**
   * Like {@link #admit(String, Payment.Parsed, byte[])}, with the channel's sender as the call names
   * it: a channel the directory does not know yet is then looked up ({@link ChannelDirectory#discover})
   * and served only once certificates prove it.
   */
  public Admission admit(String method, Payment.Parsed payment, byte[] trialToken, Payment.Sender sender) {
    OptionalLong price = prices.price(method);
    if (price.isEmpty()) {
      return new Admission.Refused(new ChannelRefusal.UnpricedMethod(method));
    }
    if (price.getAsLong() == 0) {
      return new Admission.Free();
    }
    return switch (payment) {
      case Payment.Parsed.Malformed m -> new Admission.Refused(m.refusal());
      case Payment.Parsed.Absent a -> trialToken != null && trials != null
          ? trials.admit(trialToken)
          : new Admission.Refused(new ChannelRefusal.PaymentMissing());
      case Payment.Parsed.Present p -> switch (sender) {
        case Payment.Sender.Malformed m -> new Admission.Refused(m.refusal());
        case Payment.Sender.Unnamed u -> pay(p.payment(), price.getAsLong(), Optional.empty());
        case Payment.Sender.Named n -> pay(p.payment(), price.getAsLong(), Optional.of(n));
      };
    };
  }

  private boolean paysThisSeller(ChannelView view) {
    return view.group().equals(terms.group()) && view.recipient().equals(terms.recipient());
  }

  /**
   * Whether an announced channel is worth a place in the directory: it lives beyond the expiration
   * threshold, holds at least the price, and this very call's payment is signed by its authorizer.
   * Checked before watching, so junk-signed, dying or empty channels cannot fill the directory.
   */
  private boolean worthWatching(ChannelView proven, Payment payment, long price, long now) {
    return proven.expiration() - now > terms.expirationThreshold() && proven.value().units() >= price
        && signatures.authorizer(proven, payment).isPresent();
  }

  private Admission pay(Payment payment, long price, Optional<Payment.Sender.Named> sender) {
    Optional<ChannelView> view = directory.channel(payment.channel());
    long now = height.current();
    // An announcement that does not derive to the paid channel's id is junk: no lookup.
    if (view.isEmpty() && sender.isPresent() && sender.get().channel(terms.network()).equals(payment.channel())) {
      Optional<ChannelView> proven = directory.discover(payment.channel(), sender.get().account());
      if (proven.isPresent() && !paysThisSeller(proven.get())) {
        // Proven, but it pays someone else: not watched, and refused as such.
        return new Admission.Refused(new ChannelRefusal.WrongGroup(payment.channel()));
      }
      if (proven.isPresent() && worthWatching(proven.get(), payment, price, now)) {
        directory.adopt(proven.get());
      }
      view = directory.channel(payment.channel()); // empty when not adopted (bad payment, or no room)
    }
    if (view.isEmpty()) {
      // Checked before the ledger is touched, so unknown ids never make records.
      return new Admission.Refused(new ChannelRefusal.UnknownChannel(payment.channel()));
    }
    // At most one verification per call, however often the compare-and-set retries.
    PaymentPolicy.SignatureCheck once = new PaymentPolicy.SignatureCheck() {
      private final AtomicReference<Optional<PublicKey>> result = new AtomicReference<>();

      @Override
      public Optional<PublicKey> authorizer(ChannelView v, Payment p) {
        if (result.get() == null) {
          result.set(signatures.authorizer(v, p));
        }
        return result.get();
      }
    };
    try {
      return ledger.update(payment.channel(), current -> {
        // The directory is read again on every attempt: a newer certificate may have moved the channel.
        Optional<ChannelView> latest = directory.channel(payment.channel());
        return switch (PaymentPolicy.decide(terms, payment, latest, now, price, current, once)) {
          case PaymentPolicy.Decision.Accept accept ->
              new ChannelLedger.Update.Write<Admission>(accept.next(), new Admission.Paid(payment.channel(), price));
          case PaymentPolicy.Decision.Refuse refuse -> new ChannelLedger.Update.Keep<Admission>(new Admission.Refused(refuse.refusal()));
        };
      });
    } catch (ChannelLedger.LedgerException e) {
      return new Admission.Refused(new ChannelRefusal.Unavailable(e.getMessage()));
    }
  }
}
