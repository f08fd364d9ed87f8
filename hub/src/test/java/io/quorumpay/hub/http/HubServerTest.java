package io.quorumpay.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server alone over real HTTP on loopback: health, the error catalogue on unknown routes, the OpenAPI document. */
class HubServerTest {
  static HubServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = HubServer.start(HubServer.Settings.local(0), List.of());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthAnswersOk() throws Exception {
    HttpResponse<String> response = get("/v1/health");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JsonBodies.MAPPER.readTree(response.body()).path("status").asText()).isEqualTo("ok");
  }

  @Test
  void unknownRouteIsATypedNotFound() throws Exception {
    HttpResponse<String> response = get("/v1/nothing-here");
    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode body = JsonBodies.MAPPER.readTree(response.body());
    assertThat(body.path("code").asText()).isEqualTo("NOT_FOUND");
    assertThat(body.path("message").asText()).contains("/v1/nothing-here");
  }

  @Test
  void openApiDocumentListsHealth() throws Exception {
    HttpResponse<String> response = get(HubServer.OPENAPI_PATH);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JsonBodies.MAPPER.readTree(response.body()).path("paths").has("/v1/health")).isTrue();
    assertThat(server.routes()).contains(new HubServer.Route("GET", "/v1/health"));
  }

  @Test
  void tooManyRequestsFromOneClientAreRefusedWithRetryAfter() throws Exception {
    long[] now = {0};
    try (HubServer limited = HubServer.start(HubServer.Settings.local(0).withRateLimits(new RateLimiter.Limits(2, 1, 10))
        .withNanoClock(() -> now[0]), List.of())) {
      URI health = URI.create("http://127.0.0.1:" + limited.port() + "/v1/health");
      HttpRequest request = HttpRequest.newBuilder(health).build();
      assertThat(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      assertThat(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      HttpResponse<String> refused = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(JsonBodies.MAPPER.readTree(refused.body()).path("code").asText()).isEqualTo("RATE_LIMITED");
      assertThat(refused.headers().firstValue("Retry-After")).contains("1");
      now[0] += 1_000_000_000L;
      assertThat(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void behindATrustedProxyEachForwardedClientHasItsOwnAllowance() throws Exception {
    long[] now = {0};
    HubServer.Settings settings = HubServer.Settings.local(0).withRateLimits(new RateLimiter.Limits(1, 1, 10)).withNanoClock(() -> now[0]);
    URI health;
    try (HubServer direct = HubServer.start(settings, List.of())) {
      health = URI.create("http://127.0.0.1:" + direct.port() + "/v1/health");
      // Not behind a trusted proxy: a forged header buys no fresh allowance.
      assertThat(status(health, "198.51.100.1")).isEqualTo(200);
      assertThat(status(health, "198.51.100.2")).isEqualTo(429);
    }
    try (HubServer proxied = HubServer.start(settings.withTrustedProxies(TrustedProxies.of(List.of("127.0.0.1"))), List.of())) {
      health = URI.create("http://127.0.0.1:" + proxied.port() + "/v1/health");
      assertThat(status(health, "198.51.100.1")).isEqualTo(200);
      assertThat(status(health, "198.51.100.2")).isEqualTo(200);
      assertThat(status(health, "198.51.100.1")).isEqualTo(429);
      // What a client writes left of its own address changes nothing.
      assertThat(status(health, "203.0.113.9, 198.51.100.2")).isEqualTo(429);
    }
  }

  private static int status(URI uri, String forwardedFor) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).header(TrustedProxies.FORWARDED_FOR, forwardedFor).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void corsAllowsOnlyTheConfiguredOrigin() throws Exception {
    try (HubServer cors = HubServer.start(HubServer.Settings.local(0).withCorsOrigins(List.of("https://wallet.example")), List.of())) {
      URI health = URI.create("http://127.0.0.1:" + cors.port() + "/v1/health");
      HttpResponse<String> allowed = HTTP.send(HttpRequest.newBuilder(health).header("Origin", "https://wallet.example").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("https://wallet.example");
      HttpResponse<String> other = HTTP.send(HttpRequest.newBuilder(health).header("Origin", "https://evil.example").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
  }
}
