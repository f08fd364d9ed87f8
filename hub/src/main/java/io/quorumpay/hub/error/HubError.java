package io.quorumpay.hub.error;

/**
 * Everything that can go wrong with a request to the hub, one record per kind. {@link #body}
 * is the one place that turns them into codes and messages; handlers throw {@link HubException}.
 */
public sealed interface HubError {
  /** The request body is not JSON at all. */
  record MalformedJson(String detail) implements HubError {}

  /** The body has a field the endpoint does not know. */
  record UnknownField(String field) implements HubError {}

  /** A field has the wrong JSON type. */
  record WrongType(String field, String expected) implements HubError {}

  /** A required field is absent or null. */
  record MissingField(String field) implements HubError {}

  /** A field or path parameter that must be hex is not, or has the wrong length. */
  record BadHex(String field, String detail) implements HubError {}

  /** A query or path parameter out of its documented form or range. */
  record BadParameter(String parameter, String detail) implements HubError {}

  /** A signed order's bytes do not decode. */
  record MalformedOrder(String detail) implements HubError {}

  /** A certificate's bytes do not decode. */
  record MalformedCertificate(String detail) implements HubError {}

  /** An operator-only endpoint without the operator's credential. */
  record Unauthorized() implements HubError {}

  /** The account has not signed the operator's terms of service (or only an outdated version, past its grace). */
  record TermsNotAccepted(String account, int currentVersion) implements HubError {}

  /** The operator barred this account. */
  record Blacklisted(String account) implements HubError {}

  /** No such route. */
  record NotFound(String path) implements HubError {}

  /** No authority of a quorum knows this account. */
  record UnknownAccount(String account) implements HubError {}

  /** No certificate at (owner, sequence number). */
  record CertificateNotFound(String owner, long sequenceNumber) implements HubError {}

  /** The route exists, not with this method. */
  record MethodNotAllowed(String method, String path) implements HubError {}

  /** A live message whose {@code type} is none of the documented ones. */
  record UnknownMessageType(String type) implements HubError {}

  /** An unsubscribe from a live subscription that is not on. */
  record NotSubscribed(String subscription) implements HubError {}

  /** A subscribe to a live subscription that is already on. */
  record AlreadySubscribed(String subscription) implements HubError {}

  /** A live connection has all the subscriptions it may have. */
  record TooManySubscriptions(int limit) implements HubError {}

  /** The body is larger than the hub accepts. */
  record BodyTooLarge(long limit) implements HubError {}

  /** A body that is not declared as JSON. */
  record UnsupportedMediaType(String contentType) implements HubError {}

  /** The order's signature is not the sender's. */
  record InvalidSignature(String detail) implements HubError {}

  /** The certificate does not check against the committee. */
  record InvalidCertificate(String detail) implements HubError {}

  /** The terms signature does not verify for this account and version. */
  record InvalidTermsSignature(String detail) implements HubError {}

  /** A redeem must be a transfer to a primary address. */
  record NotARedeem(String detail) implements HubError {}

  /** The committee refused the order or certificate; {@code reason} is the protocol's code. */
  record OrderRefused(String reason, String detail) implements HubError {}

  /** A terms signature for another version than the current one. */
  record OutdatedTerms(int signedVersion, int currentVersion) implements HubError {}

  /** This client sent too many requests; retry after the given seconds. */
  record RateLimited(long retryAfterSeconds) implements HubError {}

  /** A bug or an unexpected failure inside the hub; the log has the details. */
  record Internal() implements HubError {}

  /** Not enough authorities answered in time. */
  record CommitteeUnavailable(String detail) implements HubError {}

  /** The hub's database (history, analytics, admission) is not reachable. */
  record DatabaseUnavailable(String detail) implements HubError {}

  /** The code, the message saying what to do, and the protocol reason if any. */
  static ErrorBody body(HubError error) {
    return switch (error) {
      case MalformedJson e -> new ErrorBody(ErrorCode.MALFORMED_JSON,
          "the body is not valid JSON (" + e.detail() + "); send one JSON object as documented in /openapi.json", null);
      case UnknownField e -> new ErrorBody(ErrorCode.UNKNOWN_FIELD,
          "unknown field '" + e.field() + "'; remove it (see /openapi.json for the fields of this endpoint)", null);
      case WrongType e -> new ErrorBody(ErrorCode.WRONG_TYPE,
          "field '" + e.field() + "' must be " + e.expected(), null);
      case MissingField e -> new ErrorBody(ErrorCode.MISSING_FIELD, "field '" + e.field() + "' is required", null);
      case BadHex e -> new ErrorBody(ErrorCode.BAD_HEX, "'" + e.field() + "' must be hex: " + e.detail(), null);
      case BadParameter e -> new ErrorBody(ErrorCode.BAD_PARAMETER, "parameter '" + e.parameter() + "': " + e.detail(), null);
      case MalformedOrder e -> new ErrorBody(ErrorCode.MALFORMED_ORDER,
          "the signed order does not decode (" + e.detail() + "); encode it as in docs/PROTOCOL.md", null);
      case MalformedCertificate e -> new ErrorBody(ErrorCode.MALFORMED_CERTIFICATE,
          "the certificate does not decode (" + e.detail() + "); encode it as in docs/PROTOCOL.md", null);
      case Unauthorized e -> new ErrorBody(ErrorCode.UNAUTHORIZED,
          "this endpoint is for the hub's operator: send the operator credential as 'Authorization: Bearer <credential>'", null);
      case TermsNotAccepted e -> new ErrorBody(ErrorCode.TERMS_NOT_ACCEPTED, "account " + e.account()
          + " has not signed the current terms of service (version " + e.currentVersion()
          + "); read GET /v1/terms and register with POST /v1/admission", null);
      case Blacklisted e -> new ErrorBody(ErrorCode.BLACKLISTED,
          "account " + e.account() + " is barred by this hub's operator; contact the operator", null);
      case NotFound e -> new ErrorBody(ErrorCode.NOT_FOUND, "no endpoint " + e.path() + "; see /openapi.json", null);
      case UnknownAccount e -> new ErrorBody(ErrorCode.UNKNOWN_ACCOUNT,
          "no authority knows account " + e.account() + "; it exists once it received a deposit or a payment", null);
      case CertificateNotFound e -> new ErrorBody(ErrorCode.CERTIFICATE_NOT_FOUND,
          "no certificate of " + e.owner() + " at sequence number " + e.sequenceNumber()
              + " is known to the committee; it may not be confirmed yet", null);
      case MethodNotAllowed e -> new ErrorBody(ErrorCode.METHOD_NOT_ALLOWED,
          e.method() + " is not allowed on " + e.path() + "; see /openapi.json", null);
      case UnknownMessageType e -> new ErrorBody(ErrorCode.UNKNOWN_MESSAGE_TYPE,
          "unknown message type '" + e.type() + "'; send subscribe, unsubscribe or ping (docs/HUB.md, \"Live notifications\")", null);
      case NotSubscribed e -> new ErrorBody(ErrorCode.NOT_SUBSCRIBED, "no subscription to " + e.subscription() + " on this connection", null);
      case AlreadySubscribed e -> new ErrorBody(ErrorCode.ALREADY_SUBSCRIBED,
          "already subscribed to " + e.subscription() + " on this connection; unsubscribe first to start from another cursor", null);
      case TooManySubscriptions e -> new ErrorBody(ErrorCode.TOO_MANY_SUBSCRIPTIONS,
          "a connection may hold " + e.limit() + " subscriptions; unsubscribe one or open another connection", null);
      case BodyTooLarge e -> new ErrorBody(ErrorCode.BODY_TOO_LARGE,
          "the body is larger than " + e.limit() + " bytes; no request of this API needs more", null);
      case UnsupportedMediaType e -> new ErrorBody(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "send the body as Content-Type: application/json, not " + e.contentType(), null);
      case InvalidSignature e -> new ErrorBody(ErrorCode.INVALID_SIGNATURE,
          "the order's signature is not its signer's (" + e.detail() + "); sign the order's exact bytes with the sender's key", null);
      case InvalidCertificate e -> new ErrorBody(ErrorCode.INVALID_CERTIFICATE,
          "the certificate does not check against the committee: " + e.detail(), null);
      case InvalidTermsSignature e -> new ErrorBody(ErrorCode.INVALID_TERMS_SIGNATURE,
          "the terms signature does not verify (" + e.detail() + "); sign the bytes GET /v1/terms gives, with the account's key", null);
      case NotARedeem e -> new ErrorBody(ErrorCode.NOT_A_REDEEM,
          "a redeem is a transfer to a primary address: " + e.detail(), null);
      case OrderRefused e -> new ErrorBody(ErrorCode.ORDER_REFUSED, "the committee refused: " + e.detail(), e.reason());
      case OutdatedTerms e -> new ErrorBody(ErrorCode.OUTDATED_TERMS, "the signature is for terms version " + e.signedVersion()
          + ", the current version is " + e.currentVersion() + "; sign the current terms from GET /v1/terms", null);
      case RateLimited e -> new ErrorBody(ErrorCode.RATE_LIMITED,
          "too many requests from this client; retry after " + e.retryAfterSeconds() + " s", null);
      case Internal e -> new ErrorBody(ErrorCode.INTERNAL, "the hub failed unexpectedly; retry, and tell its operator if it persists", null);
      case CommitteeUnavailable e -> new ErrorBody(ErrorCode.COMMITTEE_UNAVAILABLE,
          "not enough authorities answered (" + e.detail() + "); retry later", null);
      case DatabaseUnavailable e -> new ErrorBody(ErrorCode.DATABASE_UNAVAILABLE,
          "the hub's database is unavailable (" + e.detail() + "); retry later", null);
    };
  }
}
