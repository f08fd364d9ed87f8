package io.quorumpay.hub.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code perClient} requests of one kind in flight from one client at once. The rate limit
 * counts requests as they arrive; this counts what they still hold: a payment the committee cannot
 * certify at once (an account with no balance, a replayed order, a silent quorum) holds a relay for
 * its whole budget, and without a cap a few clients could hold them all. The map holds only clients
 * with requests in flight, so it is bounded by them.
 */
public final class InFlightLimit {
  private final int perClient;
  private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();

  public InFlightLimit(int perClient) {
    if (perClient < 1) {
      throw new IllegalArgumentException("a client needs at least one request in flight");
    }
    this.perClient = perClient;
  }

  /** Counts one more request of {@code client}'s, unless it has {@code perClient} in flight already. */
  public boolean tryEnter(String client) {
    boolean[] entered = {false};
    inFlight.compute(client, (key, count) -> {
      int now = count == null ? 0 : count;
      if (now >= perClient) {
        return count;
      }
      entered[0] = true;
      return now + 1;
    });
    return entered[0];
  }

  /** One request {@link #tryEnter} counted for {@code client} has ended. */
  public void leave(String client) {
    inFlight.computeIfPresent(client, (key, count) -> count > 1 ? count - 1 : null);
  }
}
