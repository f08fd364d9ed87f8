package io.quorumpay.hub.live;

import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import io.quorumpay.hub.Hub;
import io.quorumpay.hub.http.HubRoutes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.websocket.api.WriteCallback;

/**
 * {@code /v1/live}: live notifications over WebSocket (docs/HUB.md, "Live notifications"). Each
 * connection is a {@link LiveSession}; at most {@code maxConnections} at once.
 */
public final class LiveRoutes implements HubRoutes {
  /** The WebSocket path. */
  public static final String PATH = "/v1/live";
  private final EventLog log;
  private final LiveSignal signal;
  private final int maxConnections;
  private final Map<String, LiveSession> sessions = new ConcurrentHashMap<>();

  public LiveRoutes(EventLog log, LiveSignal signal, int maxConnections) {
    this.log = log;
    this.signal = signal;
    this.maxConnections = maxConnections;
  }

  /** Live notifications for a {@link Hub}: over its database's history, woken by its indexer's commits. */
  public static Hub.Extension extension(int maxConnections) {
    return parts -> {
      LiveSignal signal = new LiveSignal();
      parts.feed().subscribe(entries -> signal.committed());
      return List.of(new LiveRoutes(new HistoryEventLog(parts.database().dataSource()), signal, maxConnections));
    };
  }

  @Override
  public void addTo(Javalin app) {
    app.ws(PATH, ws -> {
      ws.onConnect(ctx -> {
        // Idle connections stay open through proxies; a dead peer is found by the pings (Javalin's: one a minute).
        ctx.enableAutomaticPings();
        if (sessions.size() >= maxConnections) {
          ctx.closeSession(LiveSession.CLOSE_FULL, "the hub serves " + maxConnections + " live connections already; retry later");
          return;
        }
        LiveSession session = new LiveSession(log, signal, outbox(ctx), LiveSession.Limits.DEFAULT);
        sessions.put(ctx.sessionId(), session);
        session.start(ctx.sessionId());
      });
      ws.onMessage(ctx -> {
        LiveSession session = sessions.get(ctx.sessionId());
        if (session != null) {
          session.received(ctx.message());
        }
      });
      ws.onClose(ctx -> {
        LiveSession session = sessions.remove(ctx.sessionId());
        if (session != null) {
          session.closed();
        }
      });
    });
  }

  private static LiveSession.Outbox outbox(WsContext ctx) {
    return new LiveSession.Outbox() {
      @Override
      public void send(String text, Runnable done) {
        ctx.session.getRemote().sendString(text, new WriteCallback() {
          @Override
          public void writeFailed(Throwable x) {
            done.run();
          }

          @Override
          public void writeSuccess() {
            done.run();
          }
        });
      }

      @Override
      public void close(int code, String reason) {
        ctx.closeSession(code, reason);
      }
    };
  }
}
