package io.quorumpay.hub.http;

/**
 * One client's allowance, as a pure value: {@code tokens} left at {@code atNanos}. A request takes
 * its cost in tokens ({@link RequestCost}); tokens come back at {@code perSecond} up to {@code
 * burst}. Time is passed in.
 */
public record TokenBucket(double tokens, long atNanos) {
  /** What a request gets: allowed, or refused with the seconds until enough tokens are back. */
  public record Decision(boolean allowed, long retryAfterSeconds, TokenBucket next) {}

  /** A full bucket at {@code nowNanos}. */
  public static TokenBucket full(int burst, long nowNanos) {
    return new TokenBucket(burst, nowNanos);
  }

  /**
   * The decision for one request of {@code cost} tokens at {@code nowNanos} (a clock going
   * backwards refills nothing). A cost above the burst is taken as the burst, so every request can
   * be served from a full bucket.
   */
  public Decision take(int cost, int burst, double perSecond, long nowNanos) {
    double needed = Math.min(cost, burst);
    double elapsed = Math.max(0, nowNanos - atNanos) / 1e9;
    double available = Math.min(burst, tokens + elapsed * perSecond);
    long at = Math.max(atNanos, nowNanos);
    if (available >= needed) {
      return new Decision(true, 0, new TokenBucket(available - needed, at));
    }
    long retryAfter = Math.max(1, (long) Math.ceil((needed - available) / perSecond));
    return new Decision(false, retryAfter, new TokenBucket(available, at));
  }
}
