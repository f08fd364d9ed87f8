package io.quorumpay.hub.live;

import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import io.quorumpay.hub.Hub;
import io.quorumpay.hub.http.HubRoutes;
import io.quorumpay.hub.http.TrustedProxies;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.WriteCallback;

/**
 * {@code /v1/live}: live notifications over WebSocket (docs/HUB.md, "Live notifications"). Each
 * connection is a {@link LiveSession}; at most {@code maxConnections} at once, and at most
 * {@code maxPerAddress} from one client address ({@link TrustedProxies}; so one client cannot take them all).
 */
public final class LiveRoutes implements HubRoutes {
  /** The WebSocket path. */
  public static final String PATH = "/v1/live";
  /** Connections one remote address may hold at once, unless told otherwise. */
  public static final int DEFAULT_MAX_PER_ADDRESS = 16;
  private final EventLog log;
  private final LiveSignal signal;
  private final int maxConnections;
  private final int maxPerAddress;
  private final TrustedProxies proxies;
  private final Map<String, Connection> sessions = new ConcurrentHashMap<>();
  /** Connections admitted and not yet closed, in total and per address: counted before a session exists, so the caps hold exactly. */
  private final AtomicInteger connections = new AtomicInteger();
  private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();

  private record Connection(LiveSession session, String address) {}

  public LiveRoutes(EventLog log, LiveSignal signal, int maxConnections, int maxPerAddress, TrustedProxies proxies) {
    this.log = log;
    this.proxies = proxies;
    this.signal = signal;
    this.maxConnections = maxConnections;
    this.maxPerAddress = maxPerAddress;
  }

  /** Live notifications for a {@link Hub}: over its database's history, woken by its indexer's commits. */
  public static Hub.Extension extension(int maxConnections) {
    return extension(maxConnections, DEFAULT_MAX_PER_ADDRESS);
  }

  /** As {@link #extension(int)}, with at most {@code maxPerAddress} connections from one remote address. */
  public static Hub.Extension extension(int maxConnections, int maxPerAddress) {
    return parts -> {
      LiveSignal signal = new LiveSignal();
      EventLog log = new HistoryEventLog(parts.database().dataSource());
      parts.feed().subscribe(entries -> signal.committed(newest(log)));
      return List.of(new LiveRoutes(log, signal, maxConnections, maxPerAddress, parts.trustedProxies()));
    };
  }

  /** The newest row id, read once per commit for all sessions; unknown (every session reads) if the read fails. */
  private static long newest(EventLog log) {
    try {
      return log.head();
    } catch (SQLException | RuntimeException e) {
      return LiveSignal.UNKNOWN;
    }
  }

  @Override
  public void addTo(Javalin app) {
    app.ws(PATH, ws -> {
      ws.onConnect(ctx -> {
        // Idle connections stay open through proxies; a dead peer is found by the pings (Javalin's: one a minute).
        ctx.enableAutomaticPings();
        String address = address(ctx);
        if (connections.incrementAndGet() > maxConnections) {
          connections.decrementAndGet();
          ctx.closeSession(LiveSession.CLOSE_FULL, "the hub serves " + maxConnections + " live connections already; retry later");
          return;
        }
        if (perAddress.merge(address, 1, Integer::sum) > maxPerAddress) {
          release(address);
          ctx.closeSession(LiveSession.CLOSE_FULL, "this address has " + maxPerAddress + " live connections already; use those");
          return;
        }
        LiveSession session = new LiveSession(log, signal, outbox(ctx), LiveSession.Limits.DEFAULT, System::nanoTime);
        sessions.put(ctx.sessionId(), new Connection(session, address));
        session.start(ctx.sessionId());
      });
      ws.onMessage(ctx -> {
        Connection connection = sessions.get(ctx.sessionId());
        if (connection != null) {
          connection.session().received(ctx.message());
        }
      });
      ws.onClose(ctx -> {
        Connection connection = sessions.remove(ctx.sessionId());
        if (connection != null) {
          release(connection.address());
          connection.session().closed();
        }
      });
    });
  }

  private void release(String address) {
    perAddress.computeIfPresent(address, (key, count) -> count > 1 ? count - 1 : null);
    connections.decrementAndGet();
  }

  /** The client's address, as for HTTP's rate limit: the remote address, or what the operator's proxies forward. */
  private String address(WsContext ctx) {
    String remote = ctx.session.getRemoteAddress() instanceof InetSocketAddress socket && socket.getAddress() != null
        ? socket.getAddress().getHostAddress()
        : String.valueOf(ctx.session.getRemoteAddress());
    return proxies.client(remote, ctx.session.getUpgradeRequest().getHeaders(TrustedProxies.FORWARDED_FOR));
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
