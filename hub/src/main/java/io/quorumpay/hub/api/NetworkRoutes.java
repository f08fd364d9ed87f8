package io.quorumpay.hub.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiResponse;
import io.quorumpay.hub.committee.CommitteeGateway;
import io.quorumpay.hub.error.ErrorBody;
import io.quorumpay.hub.http.HubRoutes;

/** {@code GET /v1/network}: the committee, its authorities and shards with health, the primary, totals per asset. */
public final class NetworkRoutes implements HubRoutes {
  private final CommitteeGateway gateway;
  private final java.util.function.BooleanSupplier indexing;

  /** {@code indexing}: whether this hub's indexer holds the database's indexer lock. */
  public NetworkRoutes(CommitteeGateway gateway, java.util.function.BooleanSupplier indexing) {
    this.gateway = gateway;
    this.indexing = indexing;
  }

  @Override
  public void addTo(Javalin app) {
    app.get("/v1/network", this::status);
  }

  @OpenApi(path = "/v1/network", methods = HttpMethod.GET, operationId = "networkStatus", tags = "network",
      summary = "The committee, every authority's shards with their health, the primary's height and totals per asset",
      responses = {
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = CommitteeGateway.NetworkStatus.class)),
          @OpenApiResponse(status = "429", content = @OpenApiContent(from = ErrorBody.class))})
  void status(Context ctx) {
    ctx.json(gateway.status(indexing.getAsBoolean() ? "indexing"
        : "reads only: another hub on this database indexes (holds the indexer lock)"));
  }
}
