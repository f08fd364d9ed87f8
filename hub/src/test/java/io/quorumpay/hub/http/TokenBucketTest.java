package io.quorumpay.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rate limit's decisions, with time passed in. */
class TokenBucketTest {
  @Test
  void burstThenRefillAtTheRate() {
    RateLimiter limiter = new RateLimiter(new RateLimiter.Limits(3, 2, 100));
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.take("a", 1, 0).allowed()).isTrue();
    }
    TokenBucket.Decision refused = limiter.take("a", 1, 0);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    assertThat(limiter.take("b", 1, 0).allowed()).as("another client has its own bucket").isTrue();
    assertThat(limiter.take("a", 1, 500_000_000L).allowed()).as("half a second at 2/s gives a token").isTrue();
    assertThat(limiter.take("a", 1, 500_000_000L).allowed()).isFalse();
    assertThat(limiter.take("a", 1, 400_000_000L).allowed()).as("a clock going back refills nothing").isFalse();
  }

  @Test
  void forgetsTheLeastRecentClientBeyondTheBound() {
    RateLimiter limiter = new RateLimiter(new RateLimiter.Limits(1, 1, 2));
    assertThat(limiter.take("a", 1, 0).allowed()).isTrue();
    assertThat(limiter.take("b", 1, 0).allowed()).isTrue();
    assertThat(limiter.take("c", 1, 0).allowed()).isTrue();
    assertThat(limiter.take("a", 1, 0).allowed()).as("a was forgotten: a full bucket again").isTrue();
    assertThat(limiter.take("c", 1, 0).allowed()).isFalse();
  }

  @Test
  void expensiveRequestsTakeMoreTokens() {
    RateLimiter limiter = new RateLimiter(new RateLimiter.Limits(10, 1, 100));
    int cost = RequestCost.of("POST", "/v1/orders");
    assertThat(cost).isEqualTo(RequestCost.RELAY);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.take("a", cost, 0).allowed()).isTrue();
    }
    TokenBucket.Decision refused = limiter.take("a", cost, 0);
    assertThat(refused.allowed()).as("10 tokens pay for three relayed orders").isFalse();
    assertThat(refused.retryAfterSeconds()).as("2 more tokens at 1/s").isEqualTo(2);
    assertThat(limiter.take("b", RequestCost.of("GET", "/v1/analytics"), 0).allowed()).isTrue();
    assertThat(limiter.take("b", 1, 0).allowed()).as("analytics took the whole burst").isFalse();
    assertThat(limiter.take("c", 1_000, 0).allowed()).as("a cost above the burst is served from a full bucket").isTrue();
  }

  @Test
  void costsFollowWhatTheRouteMakesTheHubDo() {
    assertThat(RequestCost.of("POST", "/v1/redeems")).isEqualTo(RequestCost.RELAY);
    assertThat(RequestCost.of("GET", "/v1/accounts/" + "ab".repeat(32) + "/history")).isEqualTo(RequestCost.LOOKUP);
    assertThat(RequestCost.of("GET", "/v1/certificates/" + "ab".repeat(32) + "/0")).isEqualTo(RequestCost.LOOKUP);
    assertThat(RequestCost.of("GET", "/v1/health")).isEqualTo(1);
    assertThat(RequestCost.of("GET", "/v1/network")).isEqualTo(1);
  }
}
