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
