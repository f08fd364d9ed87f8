package io.quorumpay.hub.admission;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether an account may submit orders through the hub (pure). Barred accounts never; with no
 * terms published, everyone; else accounts that signed the current version, and until the
 * current version's grace ends those that signed an earlier one.
 */
public final class AdmissionRule {
  private AdmissionRule() {}

  /** The decision. */
  public sealed interface Decision {
    record Admitted() implements Decision {}

    record Blacklisted() implements Decision {}

    record TermsNotAccepted(int currentVersion) implements Decision {}
  }

  public static Decision decide(boolean blacklisted, Optional<Terms> current, Optional<Integer> signedVersion, Instant now) {
    if (blacklisted) {
      return new Decision.Blacklisted();
    }
    if (current.isEmpty()) {
      return new Decision.Admitted();
    }
    Terms terms = current.get();
    if (signedVersion.isEmpty()) {
      return new Decision.TermsNotAccepted(terms.version());
    }
    if (signedVersion.get() >= terms.version() || now.isBefore(terms.graceUntil())) {
      return new Decision.Admitted();
    }
    return new Decision.TermsNotAccepted(terms.version());
  }
}
