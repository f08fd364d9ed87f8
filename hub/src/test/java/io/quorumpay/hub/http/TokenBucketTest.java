package io.quorumpay.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rate limit's decisions, with time passed in. */
class TokenBucketTest {
  @Test
  void burstThenRefillAtTheRate() {
    RateLimiter limiter = new RateLimiter(new RateLimiter.Limits(3, 2, 100));
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.take("a", 0).allowed()).isTrue();
    }
    TokenBucket.Decision refused = limiter.take("a", 0);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    assertThat(limiter.take("b", 0).allowed()).as("another client has its own bucket").isTrue();
    assertThat(limiter.take("a", 500_000_000L).allowed()).as("half a second at 2/s gives a token").isTrue();
    assertThat(limiter.take("a", 500_000_000L).allowed()).isFalse();
    assertThat(limiter.take("a", 400_000_000L).allowed()).as("a clock going back refills nothing").isFalse();
  }

  @Test
  void forgetsTheLeastRecentClientBeyondTheBound() {
    RateLimiter limiter = new RateLimiter(new RateLimiter.Limits(1, 1, 2));
    assertThat(limiter.take("a", 0).allowed()).isTrue();
    assertThat(limiter.take("b", 0).allowed()).isTrue();
    assertThat(limiter.take("c", 0).allowed()).isTrue();
    assertThat(limiter.take("a", 0).allowed()).as("a was forgotten: a full bucket again").isTrue();
    assertThat(limiter.take("c", 0).allowed()).isFalse();
  }
}
