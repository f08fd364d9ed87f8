package io.quorumpay.hub.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link TokenBucket} per client key (the remote address), in a map bounded to
 * {@code maxClients}: the least recently seen client is forgotten first (it comes back with a
 * full bucket, which only errs towards serving). Time is passed in.
 */
public final class RateLimiter {
  /** {@code perSecond} tokens a second with bursts of {@code burst} ({@link RequestCost}: most requests take one), remembering at most {@code maxClients} clients. */
  public record Limits(int burst, double perSecond, int maxClients) {
    public Limits {
      if (burst < 1 || !(perSecond > 0) || maxClients < 1) {
        throw new IllegalArgumentException("rate limits need burst >= 1, perSecond > 0, maxClients >= 1");
      }
    }
  }

  private final Limits limits;
  private final Map<String, TokenBucket> buckets;

  public RateLimiter(Limits limits) {
    this.limits = limits;
    this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
        return size() > limits.maxClients();
      }
    };
  }

  /** Takes {@code cost} tokens for {@code client} at {@code nowNanos}. */
  public synchronized TokenBucket.Decision take(String client, int cost, long nowNanos) {
    TokenBucket bucket = buckets.getOrDefault(client, TokenBucket.full(limits.burst(), nowNanos));
    TokenBucket.Decision decision = bucket.take(cost, limits.burst(), limits.perSecond(), nowNanos);
    buckets.put(client, decision.next());
    return decision;
  }
}
