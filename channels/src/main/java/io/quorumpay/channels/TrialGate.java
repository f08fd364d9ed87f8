package io.quorumpay.channels;

import io.quorumpay.channels.directory.PrimaryHeight;
import io.quorumpay.channels.ledger.ChannelLedger;
import io.quorumpay.channels.policy.ChannelRefusal;
import io.quorumpay.channels.policy.SellerTerms;
import io.quorumpay.channels.trial.TrialCounter;
import io.quorumpay.channels.trial.TrialToken;
import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.error.ProtocolException;

/** Admits trial calls: a token the seller signed, for this network and group, not expired, not used up. */
public final class TrialGate {
  private final SellerTerms terms;
  private final PublicKey seller;
  private final PrimaryHeight height;
  private final TrialCounter counter;

  /** Tokens signed by {@code seller}, counted in {@code counter}. */
  public TrialGate(SellerTerms terms, PublicKey seller, PrimaryHeight height, TrialCounter counter) {
    this.terms = terms;
    this.seller = seller;
    this.height = height;
    this.counter = counter;
  }

  /** Decides a call that carries {@code token} (the raw header bytes). */
  public PaymentGate.Admission admit(byte[] token) {
    TrialToken trial;
    try {
      trial = TrialToken.verify(token, seller);
    } catch (ProtocolException e) {
      return new PaymentGate.Admission.Refused(new ChannelRefusal.TrialInvalid(e.getMessage()));
    }
    if (!trial.network().equals(terms.network()) || !trial.group().equals(terms.group())) {
      return new PaymentGate.Admission.Refused(new ChannelRefusal.TrialInvalid("for another network or service group"));
    }
    if (height.current() >= trial.expiresAt()) {
      return new PaymentGate.Admission.Refused(new ChannelRefusal.TrialInvalid("expired at height " + trial.expiresAt()));
    }
    try {
      long used = counter.use(trial.id(), trial.calls());
      return used < 0
          ? new PaymentGate.Admission.Refused(new ChannelRefusal.TrialExhausted(trial.calls()))
          : new PaymentGate.Admission.Trial(trial, used);
    } catch (ChannelLedger.LedgerException e) {
      return new PaymentGate.Admission.Refused(new ChannelRefusal.Unavailable(e.getMessage()));
    }
  }
}
