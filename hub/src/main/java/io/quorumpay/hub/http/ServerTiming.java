package io.quorumpay.hub.http;

import io.javalin.http.Context;
import java.util.Locale;
import org.eclipse.jetty.server.Request;

/**
 * The {@code Server-Timing} response header (W3C Server Timing) of a relayed payment, in
 * milliseconds: {@code committee} is the time the committee took (the kit's machinery driving
 * the payment), {@code hub} everything else the hub spent on the request, from when Jetty began
 * reading it to the response about to be written (JSON, checks, admission, the hand-offs to the
 * relay thread and back). A client subtracts both from its own time to see the network's share.
 */
public final class ServerTiming {
  public static final String HEADER = "Server-Timing";

  private ServerTiming() {}

  /** Adds the header to {@code ctx}'s response; {@code committeeNanos} of the request's time went to the committee. */
  public static void add(Context ctx, long committeeNanos) {
    Request jetty = Request.getBaseRequest(ctx.req());
    String committee = "committee;dur=" + millis(committeeNanos);
    // Javalin always runs on Jetty; without its request there is no start to count the hub's time from.
    ctx.header(HEADER, jetty == null ? committee
        : "hub;dur=" + millis(Math.max(0, System.nanoTime() - jetty.getBeginNanoTime() - committeeNanos)) + ", " + committee);
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }
}
