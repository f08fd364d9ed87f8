package io.quorumpay.hub.admission;

import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.hub.error.HubError;
import io.quorumpay.hub.error.HubException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/** Admission at the edges: reads the store, asks {@link AdmissionRule}, checks terms signatures. */
public final class Admission {
  private final AdmissionStore store;
  private final NetworkId network;
  private final Clock clock;

  public Admission(AdmissionStore store, NetworkId network, Clock clock) {
    this.store = store;
    this.network = network;
    this.clock = clock;
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

  /** Throws the typed error unless {@code account} may submit orders now. */
  public void require(AccountId account) throws SQLException {
    AdmissionRule.Decision decision = AdmissionRule.decide(store.blacklisted(account.hex()), store.currentTerms(),
        store.signedVersion(account.hex()), clock.instant());
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
    store.admit(account.hex(), version, HexFormat.of().formatHex(signature), now);
    return now;
  }
}
