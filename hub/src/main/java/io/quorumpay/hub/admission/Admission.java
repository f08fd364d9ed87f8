package io.quorumpay.hub.admission;

import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.hub.error.HubError;
import io.quorumpay.hub.error.HubException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Admission at the edges: reads the store, asks {@link AdmissionRule}, checks terms signatures.
 * Orders are admitted on facts at most {@link #STALENESS} old (an {@link AdmissionCache}); every
 * write to the admission tables goes through here and counts from the next order on this hub.
 */
public final class Admission {
  /** How late another hub on the same database may see a bar, a lift, new terms or a registration made here. */
  public static final Duration STALENESS = AdmissionCache.STALENESS;
  private final AdmissionStore store;
  private final NetworkId network;
  private final Clock clock;
  private final LongSupplier nanoClock;
  private final AdmissionCache recent = new AdmissionCache();

  /** {@code clock} dates registrations and decides grace periods; {@code nanoClock} (monotonic) ages what was read. */
  public Admission(AdmissionStore store, NetworkId network, Clock clock, LongSupplier nanoClock) {
    this.store = store;
    this.network = network;
    this.clock = clock;
    this.nanoClock = nanoClock;
  }

  public AdmissionStore store() {
    return store;
  }

  public NetworkId network() {
    return network;
  }

  public Instant now() {
    return clock.instant();
  }

  /** Throws the typed error unless {@code account} may submit orders now (on facts at most {@link #STALENESS} old). */
  public void require(AccountId account) throws SQLException {
    long now = nanoClock.getAsLong();
    AdmissionStore.Standing standing = recent.standing(account.hex(), now, () -> store.standing(account.hex()));
    AdmissionRule.Decision decision = AdmissionRule.decide(standing.blacklisted(), recent.terms(now, store::currentTerms),
        standing.signedVersion(), clock.instant());
    switch (decision) {
      case AdmissionRule.Decision.Admitted a -> { }
      case AdmissionRule.Decision.Blacklisted b -> throw new HubException(new HubError.Blacklisted(account.hex()));
      case AdmissionRule.Decision.TermsNotAccepted t -> throw new HubException(new HubError.TermsNotAccepted(account.hex(),
          t.currentVersion()));
    }
  }

  /** Registers {@code account}'s signature of terms {@code version}: refused if barred, outdated or not verifying. */
  public Instant register(AccountId account, int version, byte[] signature) throws SQLException {
    if (store.blacklisted(account.hex())) {
      throw new HubException(new HubError.Blacklisted(account.hex()));
    }
    Optional<Terms> current = store.currentTerms();
    int currentVersion = current.map(Terms::version).orElse(0);
    if (current.isEmpty() || version != currentVersion) {
      throw new HubException(new HubError.OutdatedTerms(version, currentVersion));
    }
    if (signature.length != Signature.SIZE) {
      throw new HubException(new HubError.InvalidTermsSignature("an Ed25519 signature has 64 bytes, not " + signature.length));
    }
    if (!account.key().verifies(current.get().message(network), new Signature(Bytes.copyOf(signature)))) {
      throw new HubException(new HubError.InvalidTermsSignature("not the account's signature of terms version " + version));
    }
    Instant now = clock.instant();
    try {
      store.admit(account.hex(), version, HexFormat.of().formatHex(signature), now);
    } finally {
      recent.forget();
    }
    return now;
  }

  /** Publishes {@code text} as the next terms version (see {@link AdmissionStore#publish}). */
  public Terms publish(String text, Duration grace) throws SQLException {
    try {
      return store.publish(text, grace, clock.instant());
    } finally {
      recent.forget();
    }
  }

  /** Bars {@code account} from submitting orders. */
  public void bar(AccountId account, String reason) throws SQLException {
    try {
      store.bar(account.hex(), reason, clock.instant());
    } finally {
      recent.forget();
    }
  }

  /** Lifts a bar; false if the account was not barred. */
  public boolean lift(AccountId account) throws SQLException {
    try {
      return store.lift(account.hex());
    } finally {
      recent.forget();
    }
  }
}
