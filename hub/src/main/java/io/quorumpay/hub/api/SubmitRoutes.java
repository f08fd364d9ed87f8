package io.quorumpay.hub.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.primary.RedeemReceipt;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.hub.admission.Admission;
import io.quorumpay.hub.committee.CertificateFacts;
import io.quorumpay.hub.committee.CertificateJson;
import io.quorumpay.hub.committee.CommitteeGateway;
import io.quorumpay.hub.error.ErrorBody;
import io.quorumpay.hub.error.HubError;
import io.quorumpay.hub.error.HubException;
import io.quorumpay.hub.http.HubRoutes;
import io.quorumpay.hub.http.HubServer;
import io.quorumpay.hub.http.InFlightLimit;
import io.quorumpay.hub.http.JsonBodies;
import io.quorumpay.hub.http.ServerTiming;
import java.util.concurrent.CompletableFuture;

/**
 * Relaying what clients signed: an order (the hub gathers votes and returns the certificate), a
 * certificate to confirm, a redeem to pay out on the primary. The hub checks signatures and
 * certificates before it relays anything, so a forged one changes nothing anywhere.
 */
public final class SubmitRoutes implements HubRoutes {
  static final int MAX_ORDER_BYTES = 4096;
  static final int MAX_CERTIFICATE_BYTES = 24 * 1024;
  private final CommitteeGateway gateway;
  private final Admission admission;
  private final InFlightLimit relaysPerClient;

  /** Relays through {@code gateway}, with at most {@code relaysPerClient} payments of one client's relayed at once (one more is refused {@code RATE_LIMITED}). */
  public SubmitRoutes(CommitteeGateway gateway, Admission admission, int relaysPerClient) {
    this.gateway = gateway;
    this.admission = admission;
    this.relaysPerClient = new InFlightLimit(relaysPerClient);
  }

  /** A signed order: its exact bytes (docs/PROTOCOL.md, "Signed order"), hex. */
  public record OrderSubmission(String signedOrder) {}

  /** A certificate: its exact bytes (docs/PROTOCOL.md, "Certificate"), hex. */
  public record CertificateSubmission(String certificate) {}

  /** The committee's certificate for a submitted order. */
  public record Certified(CertificateJson certificate) {}

  /** How many authorities applied a confirmed certificate now, had it already, or did not take it. */
  public record Confirmed(String owner, long sequenceNumber, int applied, int alreadyApplied, int failed) {}

  /** What the primary paid out. */
  public record Redeemed(String owner, long sequenceNumber, String to, String asset, long amount) {}

  @Override
  public void addTo(Javalin app) {
    app.post("/v1/orders", this::submitOrder);
    app.post("/v1/certificates", this::submitCertificate);
    app.post("/v1/redeems", this::submitRedeem);
  }

  @OpenApi(path = "/v1/orders", methods = HttpMethod.POST, operationId = "submitOrder", tags = "submit",
      summary = "Submit an order signed by its sender; the hub gathers a quorum of votes, confirms and returns the certificate",
      requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = OrderSubmission.class)),
      responses = {
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = Certified.class), headers = @OpenApiParam(
              name = ServerTiming.HEADER, description = "where the hub's time on this request went (W3C Server Timing), in ms:"
              + " hub;dur= the hub's own, committee;dur= the committee's (docs/HUB.md)")),
          @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class)),
          @OpenApiResponse(status = "403", content = @OpenApiContent(from = ErrorBody.class)),
          @OpenApiResponse(status = "422", content = @OpenApiContent(from = ErrorBody.class)),
          @OpenApiResponse(status = "503", content = @OpenApiContent(from = ErrorBody.class))})
  void submitOrder(Context ctx) {
    OrderSubmission body = JsonBodies.read(ctx, OrderSubmission.class);
    SignedOrder<Order> order;
    try {
      order = SignedOrder.decode(Params.hex("signedOrder", body.signedOrder(), MAX_ORDER_BYTES));
    } catch (ProtocolException e) {
      throw new HubException(new HubError.MalformedOrder(e.getMessage()));
    }
    if (!order.hasValidSignature()) {
      throw new HubException(new HubError.InvalidSignature("the signature does not verify for key " + order.order().signer()));
    }
    try {
      order.order().checkWellFormed(gateway.committee().network());
    } catch (ProtocolException e) {
      throw new HubException(new HubError.OrderRefused(e.error().code().name(), e.getMessage()));
    }
    Params.database(() -> {
      admission.require(new AccountId(order.order().signer()));
      return null;
    });
    CompletableFuture<CommitteeGateway.Relayed> payment = relay(order, HubServer.client(ctx));
    // Answered on the thread the gateway completes on (never a relay thread): no request thread waits for the committee.
    ctx.future(() -> payment.thenAccept(relayed -> {
      ctx.json(new Certified(CertificateJson.ofChecked(relayed, gateway.committee())));
      ServerTiming.add(ctx, relayed.committeeNanos());
    }));
  }

  /** Relays {@code order}, counted against {@code client}'s payments in flight until it is answered. */
  private CompletableFuture<CommitteeGateway.Relayed> relay(SignedOrder<Order> order, String client) {
    if (!relaysPerClient.tryEnter(client)) {
      throw new HubException(new HubError.RateLimited(1));
    }
    try {
      return gateway.certify(order).whenComplete((done, failure) -> relaysPerClient.leave(client));
    } catch (RuntimeException e) {
      relaysPerClient.leave(client);
      throw e;
    }
  }

  @OpenApi(path = "/v1/certificates", methods = HttpMethod.POST, operationId = "submitCertificate", tags = "submit",
      summary = "Submit a certificate for confirmation by every authority (idempotent: a replay changes nothing)",
      requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = CertificateSubmission.class)),
      responses = {
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = Confirmed.class)),
          @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class)),
          @OpenApiResponse(status = "422", content = @OpenApiContent(from = ErrorBody.class)),
          @OpenApiResponse(status = "503", content = @OpenApiContent(from = ErrorBody.class))})
  void submitCertificate(Context ctx) {
    Certificate certificate = checked(JsonBodies.read(ctx, CertificateSubmission.class));
    CommitteeGateway.Confirmation confirmation = gateway.confirm(certificate);
    ctx.json(new Confirmed(CertificateFacts.of(certificate.order()).owner(), certificate.key().sequenceNumber().value(),
        confirmation.applied(), confirmation.alreadyApplied(), confirmation.failed()));
  }

  @OpenApi(path = "/v1/redeems", methods = HttpMethod.POST, operationId = "submitRedeem", tags = "submit",
      summary = "Submit a redeem certificate (a transfer to a primary address): confirmed, then paid out once on the primary",
      requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = CertificateSubmission.class)),
      responses = {
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = Redeemed.class)),
          @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class)),
          @OpenApiResponse(status = "422", content = @OpenApiContent(from = ErrorBody.class)),
          @OpenApiResponse(status = "503", content = @OpenApiContent(from = ErrorBody.class))})
  void submitRedeem(Context ctx) {
    Certificate certificate = checked(JsonBodies.read(ctx, CertificateSubmission.class));
    if (!(certificate.order() instanceof io.quorumpay.core.messages.TransferOrder transfer) || !transfer.isRedeem()) {
      throw new HubException(new HubError.NotARedeem("this certificate's order pays an account, not a primary address"));
    }
    RedeemReceipt receipt = gateway.redeem(certificate);
    ctx.json(new Redeemed(CertificateFacts.of(certificate.order()).owner(), certificate.key().sequenceNumber().value(),
        receipt.to().toString(), receipt.asset().code(), receipt.amount().units()));
  }

  private Certificate checked(CertificateSubmission body) {
    Certificate certificate;
    try {
      certificate = Certificate.decode(Params.hex("certificate", body.certificate(), MAX_CERTIFICATE_BYTES));
    } catch (ProtocolException e) {
      throw new HubException(new HubError.MalformedCertificate(e.getMessage()));
    }
    try {
      VerifiedCertificate.check(certificate, gateway.committee());
    } catch (ProtocolException e) {
      throw new HubException(e.error() instanceof ProtocolError.WrongNetwork
          ? new HubError.InvalidCertificate("it is for another network")
          : new HubError.InvalidCertificate(e.getMessage()));
    }
    return certificate;
  }
}
