package io.quorumpay.hub.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiResponse;
import io.quorumpay.hub.error.ErrorBody;
import io.quorumpay.hub.error.HubError;
import io.quorumpay.hub.error.HubException;
import io.quorumpay.hub.http.HubRoutes;
import io.quorumpay.hub.store.HistoryQueries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** History of an account and analytics, from what the indexer stored (times are "indexed at"). */
public final class HistoryRoutes implements HubRoutes {
  private final HistoryQueries queries;

  public HistoryRoutes(HistoryQueries queries) {
    this.queries = queries;
  }

  @Override
  public void addTo(Javalin app) {
    app.get("/v1/accounts/{account}/history", this::history);
    app.get("/v1/analytics", this::analytics);
  }

  @OpenApi(path = "/v1/accounts/{account}/history", methods = HttpMethod.GET, operationId = "history", tags = "history",
      summary = "Payments sent and received, deposits, redeems and channel operations of an account, oldest first, paged by cursor",
      pathParams = @OpenApiParam(name = "account", required = true, description = "64 hex digits or qp1…"),
      queryParams = {
          @OpenApiParam(name = "cursor", type = Long.class, description = "nextCursor of the previous page; 0 or absent for the first"),
          @OpenApiParam(name = "limit", type = Integer.class, description = "1 to 200, default 50"),
          @OpenApiParam(name = "from", description = "indexed at or after this ISO-8601 time"),
          @OpenApiParam(name = "to", description = "indexed before this ISO-8601 time"),
          @OpenApiParam(name = "asset", description = "only this asset"),
          @OpenApiParam(name = "direction", description = "in or out"),
          @OpenApiParam(name = "kind", description = "transfer, redeem, redeem_paid, deposit, channel_open, channel_fund, channel_claim or channel_refund")},
      responses = {
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = HistoryQueries.Page.class)),
          @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class)),
          @OpenApiResponse(status = "503", content = @OpenApiContent(from = ErrorBody.class))})
  void history(Context ctx) {
    String account = Params.account("account", ctx.pathParam("account")).hex();
    long cursor = Params.longQuery(ctx, "cursor", 0, Long.MAX_VALUE).orElse(0L);
    int limit = Params.longQuery(ctx, "limit", 1, HistoryQueries.MAX_LIMIT).orElse(50L).intValue();
    Optional<String> asset = Optional.ofNullable(ctx.queryParam("asset"));
    if (asset.isPresent() && !asset.get().matches("[A-Z0-9]{1,8}")) {
      throw new HubException(new HubError.BadParameter("asset", "an asset code is 1 to 8 capital letters or digits"));
    }
    HistoryQueries.Filter filter = new HistoryQueries.Filter(cursor, limit, Params.instantQuery(ctx, "from"),
        Params.instantQuery(ctx, "to"), asset, Params.oneOfQuery(ctx, "direction", List.of("in", "out")),
        Params.oneOfQuery(ctx, "kind", List.of("transfer", "redeem", "redeem_paid", "deposit", "channel_open", "channel_fund", "channel_claim",
            "channel_refund")));
    ctx.json(Params.database(() -> queries.history(account, filter)));
  }

  /** The longest range one analytics request may cover. */
  static final Duration MAX_RANGE = Duration.ofDays(31);

  @OpenApi(path = "/v1/analytics", methods = HttpMethod.GET, operationId = "analytics", tags = "history",
      summary = "Payments per interval, volume per asset, active accounts, deposits and redeems over a time range (by time indexed)",
      queryParams = {
          @OpenApiParam(name = "from", description = "ISO-8601 start (default: 24 hours before 'to'; at most 31 days before it)"),
          @OpenApiParam(name = "to", description = "ISO-8601 end, exclusive (default: now)"),
          @OpenApiParam(name = "interval", description = "minute, hour (default) or day")},
      responses = {
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = HistoryQueries.Analytics.class)),
          @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class)),
          @OpenApiResponse(status = "503", content = @OpenApiContent(from = ErrorBody.class))})
  void analytics(Context ctx) {
    Instant to = Params.instantQuery(ctx, "to").orElse(Instant.now());
    Instant from = Params.instantQuery(ctx, "from").orElse(to.minus(Duration.ofDays(1)));
    String interval = Params.oneOfQuery(ctx, "interval", List.of("minute", "hour", "day")).orElse("hour");
    if (!from.isBefore(to)) {
      throw new HubException(new HubError.BadParameter("from", "must be before 'to'"));
    }
    if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
      // Bounds the rows each aggregate reads, not only the number of intervals in the answer.
      throw new HubException(new HubError.BadParameter("from", "a range of at most " + MAX_RANGE.toDays() + " days a request"));
    }
    long buckets = Duration.between(from, to).getSeconds() / switch (interval) {
      case "minute" -> 60;
      case "hour" -> 3600;
      default -> 86400;
    };
    if (buckets > 10_000) {
      throw new HubException(new HubError.BadParameter("interval", "at most 10000 intervals a request; use a larger interval"));
    }
    ctx.json(Params.database(() -> queries.analytics(from, to, interval)));
  }
}
