package io.quorumpay.core.committee;

import static io.quorumpay.core.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quorumpay.core.ProtocolErrors;
import io.quorumpay.core.error.ProtocolError;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CommitteeTest {
  static Committee ofSize(int n) {
    return Committee.equalWeights(NETWORK, IntStream.range(0, n).mapToObj(i -> new AuthorityName(key(50 + i).publicKey())).toList());
  }

  @Test
  void quorumIsMoreThanTwoThirdsAndValidityAtLeastOneThird() {
    assertThat(List.of(ofSize(1).quorumThreshold(), ofSize(1).validityThreshold())).containsExactly(1L, 1L);
    assertThat(List.of(ofSize(3).quorumThreshold(), ofSize(3).validityThreshold())).containsExactly(3L, 1L);
    assertThat(List.of(ofSize(4).quorumThreshold(), ofSize(4).validityThreshold())).containsExactly(3L, 2L);
    assertThat(List.of(ofSize(7).quorumThreshold(), ofSize(7).validityThreshold())).containsExactly(5L, 3L);
    assertThat(List.of(ofSize(10).quorumThreshold(), ofSize(10).validityThreshold())).containsExactly(7L, 4L);
  }

  @Test
  void anyTwoQuorumsOverlapInMoreThanAThird() {
    for (int n = 1; n <= 40; n++) {
      Committee committee = ofSize(n);
      long overlap = 2 * committee.quorumThreshold() - committee.totalWeight();
      assertThat(3 * overlap).as("n=%d", n).isGreaterThan(committee.totalWeight());
      assertThat(3 * committee.validityThreshold()).isGreaterThanOrEqualTo(committee.totalWeight());
    }
  }

  @Test
  void rejectsEmptyCommitteesAndNonPositiveWeights() {
    assertThatThrownBy(() -> new Committee(NETWORK, new TreeMap<>())).isInstanceOf(IllegalArgumentException.class);
    TreeMap<AuthorityName, Long> weights = new TreeMap<>();
    weights.put(new AuthorityName(key(1).publicKey()), 0L);
    assertThatThrownBy(() -> new Committee(NETWORK, weights)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theWeightOfAStrangerIsATypedRefusal() {
    ProtocolErrors.refused(ProtocolError.UnknownAuthority.class, () -> COMMITTEE.weight(new AuthorityName(key(9).publicKey())));
  }
}
