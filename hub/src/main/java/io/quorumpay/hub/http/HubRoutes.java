package io.quorumpay.hub.http;

import io.javalin.Javalin;

/**
 * A group of endpoints, in its own package, added to the server before it starts. Every HTTP
 * handler added is listed by {@link HubServer#routes()} and must be documented with an
 * {@code @OpenApi} annotation (a test checks the generated document against that list).
 */
@FunctionalInterface
public interface HubRoutes {
  /** Adds this group's HTTP (or WebSocket) handlers to {@code app}. */
  void addTo(Javalin app);
}
