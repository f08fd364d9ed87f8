package io.quorumpay.hub.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiResponse;

/** {@code GET /v1/health}: for load balancers, 200 while the hub serves requests. */
public final class HealthRoutes implements HubRoutes {
  /** The health answer. */
  public record Health(String status) {}

  @Override
  public void addTo(Javalin app) {
    app.get("/v1/health", HealthRoutes::health);
  }

  @OpenApi(path = "/v1/health", methods = HttpMethod.GET, operationId = "health", tags = "network",
      summary = "Whether the hub serves requests (for load balancers)",
      responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = Health.class)))
  static void health(Context ctx) {
    ctx.json(new Health("ok"));
  }
}
