package io.quorumpay.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InFlightLimitTest {
  @Test
  void eachClientHasItsOwnCountUpToTheCap() {
    InFlightLimit limit = new InFlightLimit(2);
    assertThat(limit.tryEnter("a")).isTrue();
    assertThat(limit.tryEnter("a")).isTrue();
    assertThat(limit.tryEnter("a")).isFalse();
    assertThat(limit.tryEnter("b")).isTrue();
    limit.leave("a");
    assertThat(limit.tryEnter("a")).isTrue();
    assertThat(limit.tryEnter("a")).isFalse();
  }

  @Test
  void aRefusalCountsNothing() {
    InFlightLimit limit = new InFlightLimit(1);
    assertThat(limit.tryEnter("a")).isTrue();
    assertThat(limit.tryEnter("a")).isFalse();
    limit.leave("a");
    assertThat(limit.tryEnter("a")).isTrue();
  }
}
