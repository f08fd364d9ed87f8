package io.quorumpay.hub.committee;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The quorum's view of an account, from replies of authorities that are behind, ahead or lying. */
class QuorumViewTest {
  @Test
  void reportsWhatAQuorumReportsAtLeast() {
    List<QuorumView.Report> reports = List.of(
        new QuorumView.Report(1, Map.of("QPC", 100L), 3),
        new QuorumView.Report(1, Map.of("QPC", 100L), 3),
        new QuorumView.Report(1, Map.of("QPC", 70L), 2),          // behind
        new QuorumView.Report(1, Map.of("QPC", 1_000_000L, "XYZ", 5L), 99)); // lying
    QuorumView.View view = QuorumView.of(reports, 3);
    assertThat(view.balances()).containsExactly(Map.entry("QPC", 100L), Map.entry("XYZ", 0L));
    assertThat(view.nextSequenceNumber()).isEqualTo(3);
    assertThat(view.answeredWeight()).isEqualTo(4);
  }

  @Test
  void withoutAQuorumOfRepliesThereIsNoValue() {
    QuorumView.View view = QuorumView.of(List.of(new QuorumView.Report(1, Map.of("QPC", 5L), 1),
        new QuorumView.Report(1, Map.of("QPC", 5L), 1)), 3);
    assertThat(view.balances()).isEmpty();
    assertThat(view.nextSequenceNumber()).isZero();
  }
}
