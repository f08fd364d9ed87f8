package io.quorumpay.hub.api;

import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.hub.store.HistoryQueries;
import java.util.Optional;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiResponse;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.hub.committee.CertificateJson;
import io.quorumpay.hub.committee.CommitteeGateway;
import io.quorumpay.hub.error.ErrorBody;
import io.quorumpay.hub.error.HubError;
import io.quorumpay.hub.error.HubException;
import io.quorumpay.hub.http.HubRoutes;

/** Accounts as a quorum reports them, and certificates by slot. */
public final class AccountRoutes implements HubRoutes {
  private final CommitteeGateway gateway;
  private final HistoryQueries history;

  /** {@code history}: where the indexer keeps the certificates it checked, asked before the committee. */
  public AccountRoutes(CommitteeGateway gateway, HistoryQueries history) {
    this.gateway = gateway;
    this.history = history;
  }

  /** The next sequence number an account's next order must carry. */
  public record NextSequence(String account, long nextSequenceNumber, CommitteeGateway.AsOf asOf) {}

  @Override
  public void addTo(Javalin app) {
    app.get("/v1/accounts/{account}", this::account);
    app.get("/v1/accounts/{account}/next-sequence-number", this::nextSequence);
    app.get("/v1/certificates/{account}/{sequenceNumber}", this::certificate);
  }

  @OpenApi(path = "/v1/accounts/{account}", methods = HttpMethod.GET, operationId = "account", tags = "accounts",
      summary = "Balance per asset and next sequence number as a quorum of authorities reports them, with what that is as of",
      pathParams = @OpenApiParam(name = "account", required = true, description = "64 hex digits or qp1…"),
      responses = {
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = CommitteeGateway.AccountView.class)),
          @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class)),
          @OpenApiResponse(status = "404", content = @OpenApiContent(from = ErrorBody.class)),
          @OpenApiResponse(status = "503", content = @OpenApiContent(from = ErrorBody.class))})
  void account(Context ctx) {
    ctx.json(gateway.account(Params.account("account", ctx.pathParam("account"))));
  }

  @OpenApi(path = "/v1/accounts/{account}/next-sequence-number", methods = HttpMethod.GET, operationId = "nextSequenceNumber",
      tags = "accounts", summary = "The sequence number the account's next order must carry",
      pathParams = @OpenApiParam(name = "account", required = true, description = "64 hex digits or qp1…"),
      responses = {
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = NextSequence.class)),
          @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class)),
          @OpenApiResponse(status = "404", content = @OpenApiContent(from = ErrorBody.class))})
  void nextSequence(Context ctx) {
    CommitteeGateway.AccountView view = gateway.account(Params.account("account", ctx.pathParam("account")));
    ctx.json(new NextSequence(view.account(), view.nextSequenceNumber(), view.asOf()));
  }

  @OpenApi(path = "/v1/certificates/{account}/{sequenceNumber}", methods = HttpMethod.GET, operationId = "certificate",
      tags = "certificates", summary = "The certificate of an account's order at a sequence number: decoded, its bytes, and the hub's check",
      pathParams = {
          @OpenApiParam(name = "account", required = true, description = "the sender: 64 hex digits or qp1…"),
          @OpenApiParam(name = "sequenceNumber", type = Long.class, required = true)},
      responses = {
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = CertificateJson.class)),
          @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class)),
          @OpenApiResponse(status = "404", content = @OpenApiContent(from = ErrorBody.class))})
  void certificate(Context ctx) {
    AccountId account = Params.account("account", ctx.pathParam("account"));
    long sequence = Params.longPath(ctx, "sequenceNumber", 0, Long.MAX_VALUE - 1);
    ctx.json(CertificateJson.of(indexed(account, sequence).or(() -> gateway.certificate(account, sequence))
        .orElseThrow(() -> new HubException(new HubError.CertificateNotFound(account.hex(), sequence))), gateway.committee()));
  }

  /** The certificate the indexer stored for the slot, checked again here, so a lookup of an indexed slot asks no authority. */
  private Optional<Certificate> indexed(AccountId account, long sequence) {
    Optional<byte[]> stored = Params.database(() -> history.certificate(account.hex(), sequence));
    try {
      if (stored.isPresent()) {
        Certificate certificate = Certificate.decode(stored.get());
        VerifiedCertificate.check(certificate, gateway.committee());
        if (certificate.key().owner().equals(account) && certificate.key().sequenceNumber().value() == sequence) {
          return Optional.of(certificate);
        }
      }
    } catch (ProtocolException e) {
      // Not expected (the indexer checked it); the committee is asked instead.
    }
    return Optional.empty();
  }
}
