package io.quorumpay.hub.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who may submit orders, with time passed in. */
class AdmissionRuleTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Terms V2 = new Terms(2, "terms", T0, T0.plusSeconds(3600));

  @Test
  void decisions() {
    assertThat(AdmissionRule.decide(false, Optional.empty(), Optional.empty(), T0)).isInstanceOf(AdmissionRule.Decision.Admitted.class);
    assertThat(AdmissionRule.decide(true, Optional.empty(), Optional.of(2), T0)).isInstanceOf(AdmissionRule.Decision.Blacklisted.class);
    assertThat(AdmissionRule.decide(false, Optional.of(V2), Optional.empty(), T0))
        .isEqualTo(new AdmissionRule.Decision.TermsNotAccepted(2));
    assertThat(AdmissionRule.decide(false, Optional.of(V2), Optional.of(2), T0.plusSeconds(99_999)))
        .isInstanceOf(AdmissionRule.Decision.Admitted.class);
    assertThat(AdmissionRule.decide(false, Optional.of(V2), Optional.of(1), T0.plusSeconds(3599)))
        .as("an earlier version within the grace").isInstanceOf(AdmissionRule.Decision.Admitted.class);
    assertThat(AdmissionRule.decide(false, Optional.of(V2), Optional.of(1), T0.plusSeconds(3600)))
        .as("after the grace").isEqualTo(new AdmissionRule.Decision.TermsNotAccepted(2));
  }
}
