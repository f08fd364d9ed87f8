package io.quorumpay.hub.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.quorumpay.hub.http.JsonBodies;
import io.quorumpay.hub.http.TrustedProxies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A live client for tests over a real WebSocket (the JDK's): sends text, and hands over what arrives, in order. */
final class LiveClient implements AutoCloseable {
  /** What arrived: a message, or the close with its code and reason. */
  record Arrival(JsonNode message, int closeCode, String closeReason) {}

  private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();
  private final WebSocket socket;

  LiveClient(URI hub) throws Exception {
    this(hub, null);
  }

  /** A client whose connection carries {@code X-Forwarded-For: forwardedFor} (unless null), as through a reverse proxy. */
  LiveClient(URI hub, String forwardedFor) throws Exception {
    URI uri = URI.create("ws://" + hub.getHost() + ":" + hub.getPort() + LiveRoutes.PATH);
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    if (forwardedFor != null) {
      builder.header(TrustedProxies.FORWARDED_FOR, forwardedFor);
    }
    socket = builder.buildAsync(uri, new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          try {
            arrivals.add(new Arrival(JsonBodies.MAPPER.readTree(partial.toString()), 0, null));
          } catch (Exception e) {
            arrivals.add(new Arrival(JsonBodies.MAPPER.getNodeFactory().textNode(partial.toString()), 0, null));
          }
          partial.setLength(0);
        }
        ws.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
        arrivals.add(new Arrival(null, code, reason));
        return null;
      }
    }).get(10, TimeUnit.SECONDS);
  }

  void send(String text) throws Exception {
    socket.sendText(text, true).get(10, TimeUnit.SECONDS);
  }

  /** The next message (at most 30 s: what the indexer has yet to read arrives a moment later). */
  JsonNode next() throws Exception {
    Arrival arrival = arrivals.poll(30, TimeUnit.SECONDS);
    if (arrival == null) {
      throw new AssertionError("no message in 30 s");
    }
    if (arrival.message() == null) {
      throw new AssertionError("closed instead: " + arrival.closeCode() + " " + arrival.closeReason());
    }
    return arrival.message();
  }

  /** The next arrival, message or close (at most 30 s). */
  Arrival arrival() throws Exception {
    Arrival arrival = arrivals.poll(30, TimeUnit.SECONDS);
    if (arrival == null) {
      throw new AssertionError("nothing arrived in 30 s");
    }
    return arrival;
  }

  /** Waits for the close (at most 30 s). */
  Arrival closed() throws Exception {
    while (true) {
      Arrival arrival = arrivals.poll(30, TimeUnit.SECONDS);
      if (arrival == null) {
        throw new AssertionError("not closed in 30 s");
      }
      if (arrival.message() == null) {
        return arrival;
      }
    }
  }

  @Override
  public void close() {
    CompletableFuture<WebSocket> done = socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    try {
      done.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      socket.abort();
    }
  }
}
