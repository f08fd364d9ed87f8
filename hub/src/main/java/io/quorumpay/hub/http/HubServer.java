package io.quorumpay.hub.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.openapi.plugin.OpenApiPlugin;
import io.javalin.openapi.plugin.swagger.SwaggerPlugin;
import io.quorumpay.hub.error.ErrorBody;
import io.quorumpay.hub.error.HubError;
import io.quorumpay.hub.error.HubException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's HTTP server (Javalin on Jetty): strict JSON, the error catalogue, body size and rate
 * limits, CORS, the OpenAPI document at {@value #OPENAPI_PATH} and its interactive page at
 * {@value #DOCS_PATH}. Endpoints come from {@link HubRoutes} groups; the server itself holds no
 * state about money and no key.
 */
public final class HubServer implements AutoCloseable {
  public static final String OPENAPI_PATH = "/openapi.json";
  public static final String DOCS_PATH = "/docs";
  private static final Logger LOG = LoggerFactory.getLogger(HubServer.class);

  /**
   * Where and how to serve. {@code corsOrigins} lists the origins browsers may call from
   * ({@code *} for any, empty for none); {@code nanoClock} drives the rate limits.
   */
  public record Settings(String host, int port, long maxBodyBytes, List<String> corsOrigins, RateLimiter.Limits rateLimits,
      int relaysPerClient, TrustedProxies trustedProxies, LongSupplier nanoClock) {
    /**
     * Payments one client may have relayed at once unless told otherwise: far more than a wallet
     * needs, a sixteenth of the hub's relays.
     */
    public static final int RELAYS_PER_CLIENT = 16;

    public Settings {
      Objects.requireNonNull(host);
      corsOrigins = List.copyOf(corsOrigins);
      Objects.requireNonNull(rateLimits);
      Objects.requireNonNull(trustedProxies);
      Objects.requireNonNull(nanoClock);
      if (relaysPerClient < 1) {
        throw new IllegalArgumentException("relaysPerClient must be at least 1");
      }
      if (maxBodyBytes < 1024) {
        throw new IllegalArgumentException("maxBodyBytes must be at least 1024");
      }
    }

    /**
     * Loopback on {@code port}, 64 KiB bodies, no CORS, 50 tokens a second with bursts of 100 per
     * client ({@link RequestCost}), clients known by their remote address (no trusted proxy).
     */
    public static Settings local(int port) {
      return new Settings("127.0.0.1", port, 64 * 1024, List.of(), new RateLimiter.Limits(100, 50, 100_000), RELAYS_PER_CLIENT,
          TrustedProxies.NONE, System::nanoTime);
    }

    public Settings withRateLimits(RateLimiter.Limits limits) {
      return new Settings(host, port, maxBodyBytes, corsOrigins, limits, relaysPerClient, trustedProxies, nanoClock);
    }

    public Settings withNanoClock(LongSupplier clock) {
      return new Settings(host, port, maxBodyBytes, corsOrigins, rateLimits, relaysPerClient, trustedProxies, clock);
    }

    public Settings withHost(String listenHost, int listenPort) {
      return new Settings(listenHost, listenPort, maxBodyBytes, corsOrigins, rateLimits, relaysPerClient, trustedProxies, nanoClock);
    }

    public Settings withCorsOrigins(List<String> origins) {
      return new Settings(host, port, maxBodyBytes, origins, rateLimits, relaysPerClient, trustedProxies, nanoClock);
    }

    /** Clients behind {@code proxies} are known by the address the proxies forward (docs/HUB.md, "Limits"). */
    public Settings withTrustedProxies(TrustedProxies proxies) {
      return new Settings(host, port, maxBodyBytes, corsOrigins, rateLimits, relaysPerClient, proxies, nanoClock);
    }

    /** At most {@code relays} payments of one client's relayed at once (one more is refused {@code RATE_LIMITED}). */
    public Settings withRelaysPerClient(int relays) {
      return new Settings(host, port, maxBodyBytes, corsOrigins, rateLimits, relays, trustedProxies, nanoClock);
    }
  }

  /** One HTTP route as registered: its method and its path pattern (as in the OpenAPI document). */
  public record Route(String method, String path) {}

  /** The request attribute holding {@link #client}. */
  private static final String CLIENT = "qp.client";
  private final Javalin app;
  private final List<Route> routes;

  private HubServer(Javalin app, List<Route> routes) {
    this.app = app;
    this.routes = routes;
  }

  /** Starts serving {@code groups} (and {@link HealthRoutes}) with {@code settings}. */
  public static HubServer start(Settings settings, List<HubRoutes> groups) {
    List<Route> routes = java.util.Collections.synchronizedList(new ArrayList<>());
    RateLimiter limiter = new RateLimiter(settings.rateLimits());
    Javalin app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(JsonBodies.MAPPER, false));
      config.http.maxRequestSize = settings.maxBodyBytes();
      config.http.prefer405over404 = true;
      config.useVirtualThreads = true;
      config.events(events -> events.handlerAdded(info -> {
        if (info.getPath().startsWith("/v1/") && info.getHttpMethod().isHttpMethod() && info.getHttpMethod() != HandlerType.HEAD
            && info.getHttpMethod() != HandlerType.OPTIONS) {
          routes.add(new Route(info.getHttpMethod().name(), info.getPath()));
        }
      }));
      config.registerPlugin(new OpenApiPlugin(openapi -> openapi
          .withDocumentationPath(OPENAPI_PATH)
          .withDefinitionConfiguration((version, definition) -> definition.withInfo(info -> info
              .title("QuorumPay hub")
              .version("1")
              .description("An HTTP/JSON API over a QuorumPay committee. The hub holds no key and is never trusted:"
                  + " check every certificate it returns against the committee (docs/HUB.md)."))
              .withSecurity(security -> security.withBearerAuth("operator"))
              .withDefinitionProcessor(document -> {
                // The plugin writes an empty top-level security object where OpenAPI wants a list: no global requirement.
                if (document.has("security") && !document.get("security").isArray()) {
                  document.remove("security");
                }
                return document.toPrettyString();
              }))));
      config.registerPlugin(new SwaggerPlugin(swagger -> {
        swagger.setDocumentationPath(OPENAPI_PATH);
        swagger.setUiPath(DOCS_PATH);
        swagger.setTitle("QuorumPay hub API");
      }));
      if (!settings.corsOrigins().isEmpty()) {
        config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
          if (settings.corsOrigins().contains("*")) {
            rule.anyHost();
          } else {
            settings.corsOrigins().forEach(origin -> rule.allowHost(origin));
          }
        }));
      }
    });
    app.before(ctx -> {
      ctx.attribute(JsonBodies.MAX_BODY, settings.maxBodyBytes());
      long declared = ctx.req().getContentLengthLong();
      if (declared > settings.maxBodyBytes()) {
        ctx.header("Connection", "close");
        throw new HubException(new HubError.BodyTooLarge(settings.maxBodyBytes()));
      }
      if (ctx.path().startsWith("/v1/")) {
        String client = settings.trustedProxies().client(ctx.req().getRemoteAddr(),
            Collections.list(ctx.req().getHeaders(TrustedProxies.FORWARDED_FOR)));
        ctx.attribute(CLIENT, client);
        TokenBucket.Decision decision = limiter.take(client, RequestCost.of(ctx.method().name(), ctx.path()),
            settings.nanoClock().getAsLong());
        if (!decision.allowed()) {
          throw new HubException(new HubError.RateLimited(decision.retryAfterSeconds()));
        }
      }
    });
    app.exception(HubException.class, (e, ctx) -> respond(ctx, e.error()));
    app.exception(HttpResponseException.class, (e, ctx) -> respond(ctx, switch (e.getStatus()) {
      case 404 -> new HubError.NotFound(ctx.path());
      case 405 -> new HubError.MethodNotAllowed(ctx.method().name(), ctx.path());
      case 413 -> new HubError.BodyTooLarge(settings.maxBodyBytes());
      default -> {
        LOG.warn("unexpected HTTP {} on {} {}", e.getStatus(), ctx.method(), ctx.path());
        yield new HubError.Internal();
      }
    }));
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
      respond(ctx, new HubError.Internal());
    });
    new HealthRoutes().addTo(app);
    groups.forEach(group -> group.addTo(app));
    app.start(settings.host(), settings.port());
    return new HubServer(app, List.copyOf(routes));
  }

  /** Who an API request comes from, as the rate limit counts it ({@link TrustedProxies}). */
  public static String client(Context ctx) {
    String client = ctx.attribute(CLIENT);
    return client != null ? client : ctx.req().getRemoteAddr();
  }

  private static void respond(Context ctx, HubError error) {
    ErrorBody body = new HubException(error).body();
    if (error instanceof HubError.RateLimited limited) {
      ctx.header("Retry-After", Long.toString(limited.retryAfterSeconds()));
    }
    ctx.status(body.code().status()).json(body);
  }

  /** The port it listens on (the one the system chose if asked for port 0). */
  public int port() {
    return app.port();
  }

  /** Its base address, e.g. {@code http://127.0.0.1:8080}. */
  public URI address(String host) {
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
  }

  /** Every API route it serves (under /v1, not HEAD/OPTIONS), as registered; the OpenAPI document must list each. */
  public List<Route> routes() {
    return routes;
  }

  @Override
  public void close() {
    app.stop();
  }
}
