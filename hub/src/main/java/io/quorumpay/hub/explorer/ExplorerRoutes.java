package io.quorumpay.hub.explorer;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiResponse;
import io.quorumpay.hub.error.HubError;
import io.quorumpay.hub.error.HubException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The explorer (docs/HUB.md, "Explorer"): a page at {@code /} and its script and style under
 * {@code /explorer/}, plain files from the classpath folder {@code explorer/}. The page reads the
 * API like any client and checks every certificate's votes itself, in the browser.
 */
public final class ExplorerRoutes implements io.quorumpay.hub.http.HubRoutes {
  /** The files served, by name, with their content types: nothing else is. */
  private static final Map<String, String> FILES = Map.of(
      "index.html", "text/html; charset=utf-8",
      "explorer.js", "text/javascript; charset=utf-8",
      "explorer.css", "text/css; charset=utf-8");
  /** Scripts and styles from this hub only, and nothing from the hub's answers ever runs as code. */
  private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
      + " img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  private final Map<String, byte[]> contents;

  public ExplorerRoutes() {
    this.contents = Map.of("index.html", load("index.html"), "explorer.js", load("explorer.js"), "explorer.css", load("explorer.css"));
  }

  /** The explorer for a {@link io.quorumpay.hub.Hub}. */
  public static io.quorumpay.hub.Hub.Extension extension() {
    return parts -> java.util.List.of(new ExplorerRoutes());
  }

  @Override
  public void addTo(Javalin app) {
    app.get("/", this::page);
    app.get("/explorer/{file}", this::file);
    // Every answer (the API's JSON included) is to be read as the type it says, never sniffed.
    app.after(ctx -> ctx.header("X-Content-Type-Options", "nosniff"));
    app.after(io.quorumpay.hub.http.HubServer.DOCS_PATH, ExplorerRoutes::docsPolicy);
  }

  /**
   * A policy for the API's documentation page (Swagger UI, from the hub's own webjar): scripts and
   * styles from this hub, plus the page's own inline script and style, allowed by their hashes.
   */
  static void docsPolicy(Context ctx) {
    String html = ctx.result();
    if (html == null) {
      return;
    }
    StringBuilder scripts = new StringBuilder();
    StringBuilder styles = new StringBuilder();
    Matcher inline = INLINE.matcher(html);
    while (inline.find()) {
      (inline.group(1).equals("script") ? scripts : styles).append(" 'sha256-").append(sha256(inline.group(2))).append('\'');
    }
    ctx.header("Content-Security-Policy", "default-src 'none'; script-src 'self'" + scripts + "; style-src 'self'" + styles
        + "; connect-src 'self'; img-src 'self' data:; font-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  }

  /** An inline script or style element (no attributes) and its text. */
  private static final Pattern INLINE = Pattern.compile("<(script|style)>(.*?)</\\1>", Pattern.DOTALL);

  private static String sha256(String text) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  @OpenApi(path = "/", methods = HttpMethod.GET, operationId = "explorer", tags = "explorer",
      summary = "The explorer: network status, a live feed of payments, accounts and certificates, checked in the browser",
      responses = @OpenApiResponse(status = "200", content = @OpenApiContent(type = "text/html")))
  void page(Context ctx) {
    serve(ctx, "index.html");
  }

  @OpenApi(path = "/explorer/{file}", methods = HttpMethod.GET, operationId = "explorerFile", tags = "explorer",
      summary = "The explorer's script and style",
      pathParams = @OpenApiParam(name = "file", required = true, description = "explorer.js or explorer.css"),
      responses = {
          @OpenApiResponse(status = "200", content = {@OpenApiContent(type = "text/javascript"), @OpenApiContent(type = "text/css")}),
          @OpenApiResponse(status = "404", content = @OpenApiContent(from = io.quorumpay.hub.error.ErrorBody.class))})
  void file(Context ctx) {
    String name = ctx.pathParam("file");
    if (name.equals("index.html") || !contents.containsKey(name)) {
      throw new HubException(new HubError.NotFound(ctx.path()));
    }
    serve(ctx, name);
  }

  private void serve(Context ctx, String name) {
    ctx.header("Content-Security-Policy", POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(FILES.get(name)).result(contents.get(name));
  }

  private static byte[] load(String name) {
    try (InputStream in = ExplorerRoutes.class.getResourceAsStream("/explorer/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the explorer's " + name + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
