package io.quorumpay.hub.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import io.javalin.openapi.OpenApiSecurity;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.hub.admission.Admission;
import io.quorumpay.hub.admission.AdmissionRule;
import io.quorumpay.hub.admission.AdmissionStore;
import io.quorumpay.hub.admission.OperatorCredential;
import io.quorumpay.hub.admission.Terms;
import io.quorumpay.hub.error.ErrorBody;
import io.quorumpay.hub.error.HubError;
import io.quorumpay.hub.error.HubException;
import io.quorumpay.hub.http.HubRoutes;
import io.quorumpay.hub.http.JsonBodies;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Admission: the operator's terms of service, registration with a signature over them, and the
 * operator-only endpoints (new terms, blacklist) behind the operator's credential.
 */
public final class AdmissionRoutes implements HubRoutes {
  static final int MAX_TERMS_CHARS = 32 * 1024;
  private final Admission admission;
  private final Optional<OperatorCredential> operator;

  /** Without a credential the operator endpoints refuse every request. */
  public AdmissionRoutes(Admission admission, Optional<OperatorCredential> operator) {
    this.admission = admission;
    this.operator = operator;
  }

  /** The current terms and the exact bytes to sign (hex); version 0 and no message when none are published. */
  public record TermsJson(int version, String text, String sha256, String message, String publishedAt, String graceUntil) {}

  /** A registration: the account, the terms version it signed and the Ed25519 signature (hex) of that version's message. */
  public record Registration(String account, Integer termsVersion, String signature) {}

  /** Whether an account may submit orders now, and which terms version it signed. */
  public record AdmissionStatus(String account, boolean admitted, Integer signedVersion, int currentVersion, String refusal) {}

  /** New terms from the operator, and how long signatures of the earlier version still count. */
  public record NewTerms(String text, Long graceSeconds) {}

  /** Why the operator bars an account. */
  public record Bar(String reason) {}

  @Override
  public void addTo(Javalin app) {
    app.get("/v1/terms", this::terms);
    app.post("/v1/admission", this::register);
    app.get("/v1/admission/{account}", this::status);
    app.put("/v1/operator/terms", this::publish);
    app.get("/v1/operator/blacklist", this::blacklist);
    app.put("/v1/operator/blacklist/{account}", this::bar);
    app.delete("/v1/operator/blacklist/{account}", this::lift);
  }

  @OpenApi(path = "/v1/terms", methods = HttpMethod.GET, operationId = "terms", tags = "admission",
      summary = "The operator's current terms of service and the exact bytes an account signs to accept them",
      responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = TermsJson.class)))
  void terms(Context ctx) {
    Optional<Terms> terms = Params.database(() -> admission.store().currentTerms());
    ctx.json(terms.map(this::json).orElse(new TermsJson(0, "", null, null, null, null)));
  }

  private TermsJson json(Terms terms) {
    return new TermsJson(terms.version(), terms.text(), terms.sha256(), HexFormat.of().formatHex(terms.message(admission.network())),
        terms.publishedAt().toString(), terms.graceUntil().toString());
  }

  @OpenApi(path = "/v1/admission", methods = HttpMethod.POST, operationId = "register", tags = "admission",
      summary = "Register an account with its signature of the current terms of service",
      requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = Registration.class)),
      responses = {
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = AdmissionStatus.class)),
          @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class)),
          @OpenApiResponse(status = "403", content = @OpenApiContent(from = ErrorBody.class)),
          @OpenApiResponse(status = "409", content = @OpenApiContent(from = ErrorBody.class)),
          @OpenApiResponse(status = "422", content = @OpenApiContent(from = ErrorBody.class))})
  void register(Context ctx) {
    Registration body = JsonBodies.read(ctx, Registration.class);
    AccountId account = Params.account("account", body.account());
    if (body.termsVersion() == null) {
      throw new HubException(new HubError.MissingField("termsVersion"));
    }
    byte[] signature = Params.hex("signature", body.signature(), 64);
    Params.database(() -> admission.register(account, body.termsVersion(), signature));
    ctx.json(status(account));
  }

  @OpenApi(path = "/v1/admission/{account}", methods = HttpMethod.GET, operationId = "admissionStatus", tags = "admission",
      summary = "Whether an account may submit orders now",
      pathParams = @OpenApiParam(name = "account", required = true, description = "64 hex digits or qp1…"),
      responses = {
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = AdmissionStatus.class)),
          @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class))})
  void status(Context ctx) {
    ctx.json(status(Params.account("account", ctx.pathParam("account"))));
  }

  private AdmissionStatus status(AccountId account) {
    return Params.database(() -> {
      AdmissionStore store = admission.store();
      Optional<Terms> current = store.currentTerms();
      Optional<Integer> signed = store.signedVersion(account.hex());
      AdmissionRule.Decision decision = AdmissionRule.decide(store.blacklisted(account.hex()), current, signed, admission.now());
      String refusal = switch (decision) {
        case AdmissionRule.Decision.Admitted a -> null;
        case AdmissionRule.Decision.Blacklisted b -> "BLACKLISTED";
        case AdmissionRule.Decision.TermsNotAccepted t -> "TERMS_NOT_ACCEPTED";
      };
      return new AdmissionStatus(account.hex(), refusal == null, signed.orElse(null), current.map(Terms::version).orElse(0), refusal);
    });
  }

  private void requireOperator(Context ctx) {
    // The header's value is never logged or echoed.
    if (operator.isEmpty() || !operator.get().accepts(ctx.header("Authorization"))) {
      throw new HubException(new HubError.Unauthorized());
    }
  }

  @OpenApi(path = "/v1/operator/terms", methods = HttpMethod.PUT, operationId = "publishTerms", tags = "operator",
      summary = "Publish new terms of service (operator only); earlier signatures count for graceSeconds more",
      security = @OpenApiSecurity(name = "operator"),
      requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = NewTerms.class)),
      responses = {
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = TermsJson.class)),
          @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class)),
          @OpenApiResponse(status = "401", content = @OpenApiContent(from = ErrorBody.class))})
  void publish(Context ctx) {
    requireOperator(ctx);
    NewTerms body = JsonBodies.read(ctx, NewTerms.class);
    if (body.text() == null || body.text().isBlank()) {
      throw new HubException(new HubError.MissingField("text"));
    }
    if (body.text().length() > MAX_TERMS_CHARS) {
      throw new HubException(new HubError.BadParameter("text", "at most " + MAX_TERMS_CHARS + " characters"));
    }
    long grace = body.graceSeconds() == null ? 7 * 24 * 3600 : body.graceSeconds();
    if (grace < 0 || grace > 365L * 24 * 3600) {
      throw new HubException(new HubError.BadParameter("graceSeconds", "must be from 0 to one year"));
    }
    ctx.json(json(Params.database(() -> admission.publish(body.text(), Duration.ofSeconds(grace)))));
  }

  @OpenApi(path = "/v1/operator/blacklist", methods = HttpMethod.GET, operationId = "blacklist", tags = "operator",
      summary = "Barred accounts (operator only; at most 1000)", security = @OpenApiSecurity(name = "operator"),
      responses = {
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = AdmissionStore.Barred[].class)),
          @OpenApiResponse(status = "401", content = @OpenApiContent(from = ErrorBody.class))})
  void blacklist(Context ctx) {
    requireOperator(ctx);
    ctx.json(Params.database(() -> admission.store().barred(1000)));
  }

  @OpenApi(path = "/v1/operator/blacklist/{account}", methods = HttpMethod.PUT, operationId = "bar", tags = "operator",
      summary = "Bar an account from admission and from submitting orders (operator only)",
      security = @OpenApiSecurity(name = "operator"),
      pathParams = @OpenApiParam(name = "account", required = true, description = "64 hex digits or qp1…"),
      requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = Bar.class)),
      responses = {
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = AdmissionStatus.class)),
          @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class)),
          @OpenApiResponse(status = "401", content = @OpenApiContent(from = ErrorBody.class))})
  void bar(Context ctx) {
    requireOperator(ctx);
    AccountId account = Params.account("account", ctx.pathParam("account"));
    Bar body = JsonBodies.read(ctx, Bar.class);
    String reason = body.reason() == null ? "" : body.reason();
    if (reason.length() > 1000) {
      throw new HubException(new HubError.BadParameter("reason", "at most 1000 characters"));
    }
    Params.database(() -> {
      admission.bar(account, reason);
      return null;
    });
    ctx.json(status(account));
  }

  @OpenApi(path = "/v1/operator/blacklist/{account}", methods = HttpMethod.DELETE, operationId = "lift", tags = "operator",
      summary = "Lift an account's bar (operator only)", security = @OpenApiSecurity(name = "operator"),
      pathParams = @OpenApiParam(name = "account", required = true, description = "64 hex digits or qp1…"),
      responses = {
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = AdmissionStatus.class)),
          @OpenApiResponse(status = "401", content = @OpenApiContent(from = ErrorBody.class))})
  void lift(Context ctx) {
    requireOperator(ctx);
    AccountId account = Params.account("account", ctx.pathParam("account"));
    Params.database(() -> admission.lift(account));
    ctx.json(status(account));
  }

}
