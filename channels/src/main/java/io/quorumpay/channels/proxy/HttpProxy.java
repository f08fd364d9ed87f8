package io.quorumpay.channels.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quorumpay.channels.PaymentGate;
import io.quorumpay.channels.RefusalStatus;
import io.quorumpay.channels.policy.ChannelRefusal;
import io.quorumpay.channels.policy.Payment;
import io.quorumpay.channels.trial.TrialToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A paying reverse proxy for any HTTP service: each request's path is priced, its payment headers
 * checked by a {@link PaymentGate}, and an admitted request is passed to {@code upstream} (same
 * method, path, query, headers less the payment signature and trial token, body). A refusal is
 * answered here with the status of {@link RefusalStatus#http}, the header {@value RefusalStatus#CODE_HEADER}
 * and a small JSON body. Built on the JDK's HTTP server and client.
 */
public final class HttpProxy implements AutoCloseable {
  /** Largest request body passed through. */
  public static final int MAX_BODY = 16 << 20;
  private static final Set<String> NOT_FORWARDED = Set.of(
      "host", "connection", "content-length", "expect", "upgrade", "transfer-encoding", "keep-alive",
      "proxy-connection", "te", "trailer", "http2-settings",
      Payment.SIGNATURE_HEX_HEADER, TrialToken.HTTP_HEADER);

  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");

  private final HttpServer server;
  private final ExecutorService executor;

  private HttpProxy(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts the proxy on {@code listen}, forwarding to {@code upstream} (e.g. {@code http://127.0.0.1:8080}). */
  public static HttpProxy start(InetSocketAddress listen, URI upstream, PaymentGate gate) throws IOException {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    HttpServer server = HttpServer.create(listen, 1024);
    // Each request blocks until its payment is durable: a virtual thread each.
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      try (exchange) {
        handle(exchange, gate, client, upstream);
      } catch (IOException | RuntimeException e) {
        // The client went away or the upstream failed mid-answer; nothing more can be said to it.
      }
    });
    server.start();
    return new HttpProxy(server, executor);
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void handle(HttpExchange exchange, PaymentGate gate, HttpClient client, URI upstream) throws IOException {
    var in = exchange.getRequestHeaders();
    byte[] trial = null;
    String trialHex = in.getFirst(TrialToken.HTTP_HEADER);
    if (trialHex != null) {
      try {
        trial = HexFormat.of().parseHex(trialHex);
      } catch (IllegalArgumentException e) {
        refuse(exchange, new ChannelRefusal.TrialInvalid("the " + TrialToken.HTTP_HEADER + " header is not hex"));
        return;
      }
    }
    Payment.Parsed payment = Payment.parse(in.getFirst(Payment.CHANNEL_HEADER), in.getFirst(Payment.NONCE_HEADER),
        in.getFirst(Payment.AMOUNT_HEADER), null, in.getFirst(Payment.SIGNATURE_HEX_HEADER));
    String path = exchange.getRequestURI().getRawPath();
    String declaredLength = in.getFirst("content-length");
    if (declaredLength != null && declaredLength.length() > 9) {
      send(exchange, 413, "request body larger than " + MAX_BODY + " bytes");
      return;
    }
    if (declaredLength != null && !declaredLength.isEmpty() && declaredLength.chars().allMatch(Character::isDigit)
        && Long.parseLong(declaredLength) > MAX_BODY) {
      send(exchange, 413, "request body larger than " + MAX_BODY + " bytes");
      return;
    }
    if (gate.admit(path, payment, trial, Payment.sender(in.getFirst(Payment.SENDER_HEADER))) instanceof PaymentGate.Admission.Refused refused) {
      refuse(exchange, refused.refusal());
      return;
    }
    byte[] body;
    try (InputStream request = exchange.getRequestBody()) {
      body = request.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      // Only a chunked body gets here (a declared length was checked before the payment): it was counted.
      send(exchange, 413, "request body larger than " + MAX_BODY + " bytes");
      return;
    }
    String query = exchange.getRequestURI().getRawQuery();
    HttpRequest.Builder forward = HttpRequest.newBuilder(upstream.resolve(path + (query == null ? "" : "?" + query)))
        .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, List<String>> header : in.entrySet()) {
      if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        header.getValue().forEach(v -> forward.header(header.getKey(), v));
      }
    }
    HttpResponse<InputStream> response = null;
    // An idempotent request is sent again once if the upstream failed it (a pooled connection the
    // upstream had just closed, typically), as proxies do (RFC 9110, 9.2.2); others are not.
    int attempts = IDEMPOTENT.contains(exchange.getRequestMethod()) ? 2 : 1;
    for (int attempt = 1; response == null; attempt++) {
      try {
        response = client.send(forward.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        send(exchange, 502, "upstream interrupted");
        return;
      } catch (IOException e) {
        if (attempt >= attempts) {
          send(exchange, 502, "upstream unreachable: " + e.getMessage());
          return;
        }
      }
    }
    response.headers().map().forEach((name, values) -> {
      if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
        exchange.getResponseHeaders().put(name, values);
      }
    });
    // The JDK server's convention: -1 for no body, 0 for a body of unknown length (chunked).
    OptionalLong declared = response.headers().firstValueAsLong("content-length");
    boolean noBody = "HEAD".equals(exchange.getRequestMethod()) || response.statusCode() == 204 || response.statusCode() == 304
        || (declared.isPresent() && declared.getAsLong() == 0);
    try (InputStream upstreamBody = response.body(); OutputStream out = exchange.getResponseBody()) {
      exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : declared.orElse(0));
      if (!noBody) {
        upstreamBody.transferTo(out);
      }
    }
  }

  private static void refuse(HttpExchange exchange, ChannelRefusal refusal) throws IOException {
    exchange.getResponseHeaders().set(RefusalStatus.CODE_HEADER, refusal.code().name());
    RefusalStatus.details(refusal).forEach(exchange.getResponseHeaders()::set);
    exchange.getResponseHeaders().set("content-type", "application/json");
    String json = "{\"code\":\"" + refusal.code().name() + "\",\"message\":\"" + jsonEscape(refusal.message()) + "\"}";
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(RefusalStatus.http(refusal.code()), bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static void send(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static String jsonEscape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }
}
