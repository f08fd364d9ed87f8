package io.quorumpay.hub.http;

import io.javalin.http.Context;

/** Who a request comes from, for rate limits: the remote address of the connection (no proxy header is trusted). */
public final class ClientAddress {
  private ClientAddress() {}

  public static String of(Context ctx) {
    return ctx.req().getRemoteAddr();
  }
}
