package io.quorumpay.hub.http;

/**
 * One client's allowance, as a pure value: {@code tokens} left at {@code atNanos}. A request takes
 * one token; tokens come back at {@code perSecond} up to {@code burst}. Time is passed in.
 */
public record TokenBucket(double tokens, long atNanos) {
  /** What a request gets: allowed, or refused with the seconds until a token is back. */
  public record Decision(boolean allowed, long retryAfterSeconds, TokenBucket next) {}

  /** A full bucket at {@code nowNanos}. */
  public static TokenBucket full(int burst, long nowNanos) {
    return new TokenBucket(burst, nowNanos);
  }

  /** The decision for one request at {@code nowNanos} (a clock going backwards refills nothing). */
  public Decision take(int burst, double perSecond, long nowNanos) {
    double elapsed = Math.max(0, nowNanos - atNanos) / 1e9;
    double available = Math.min(burst, tokens + elapsed * perSecond);
    long at = Math.max(atNanos, nowNanos);
    if (available >= 1) {
      return new Decision(true, 0, new TokenBucket(available - 1, at));
    }
    long retryAfter = Math.max(1, (long) Math.ceil((1 - available) / perSecond));
    return new Decision(false, retryAfter, new TokenBucket(available, at));
  }
}
