package io.quorumpay.hub.http;

/**
 * How many rate-limit tokens a request takes, by what it makes the hub do: most requests take one;
 * those that ask every authority or run heavy queries take more, so one client cannot turn its
 * allowance into a flood of committee fan-outs or table scans. See docs/HUB.md, "Limits".
 */
public final class RequestCost {
  /** Aggregates over a time range: several queries over the history table. */
  public static final int ANALYTICS = 10;
  /** An order, certificate or redeem relayed: votes gathered from, and certificates sent to, every authority. */
  public static final int RELAY = 3;
  /**
   * An account's balance, next sequence number or history page, or a certificate by slot: every
   * authority asked, a page read, or a certificate read from the database (else asked of the
   * authorities). Kept low enough that the explorer can check a busy feed's certificates.
   */
  public static final int LOOKUP = 2;

  private RequestCost() {}

  /** The tokens a request for {@code path} with HTTP {@code method} takes (1 for anything not listed). */
  public static int of(String method, String path) {
    boolean get = method.equals("GET");
    if (get && path.equals("/v1/analytics")) {
      return ANALYTICS;
    }
    if (method.equals("POST") && (path.equals("/v1/orders") || path.equals("/v1/certificates") || path.equals("/v1/redeems"))) {
      return RELAY;
    }
    if (get && (path.startsWith("/v1/accounts/") || path.startsWith("/v1/certificates/"))) {
      return LOOKUP;
    }
    return 1;
  }
}
