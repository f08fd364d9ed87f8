package io.quorumpay.hub.error;

/**
 * The hub's error catalogue: every error body carries one of these codes, and each code always
 * goes with the same HTTP status (docs/HUB.md, "Errors").
 */
public enum ErrorCode {
  MALFORMED_JSON(400),
  UNKNOWN_FIELD(400),
  WRONG_TYPE(400),
  MISSING_FIELD(400),
  BAD_HEX(400),
  BAD_PARAMETER(400),
  MALFORMED_ORDER(400),
  MALFORMED_CERTIFICATE(400),
  UNAUTHORIZED(401),
  TERMS_NOT_ACCEPTED(403),
  BLACKLISTED(403),
  NOT_FOUND(404),
  UNKNOWN_ACCOUNT(404),
  CERTIFICATE_NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  UNKNOWN_MESSAGE_TYPE(400),
  NOT_SUBSCRIBED(409),
  ALREADY_SUBSCRIBED(409),
  TOO_MANY_SUBSCRIPTIONS(429),
  BODY_TOO_LARGE(413),
  UNSUPPORTED_MEDIA_TYPE(415),
  INVALID_SIGNATURE(422),
  INVALID_CERTIFICATE(422),
  INVALID_TERMS_SIGNATURE(422),
  NOT_A_REDEEM(422),
  ORDER_REFUSED(422),
  OUTDATED_TERMS(409),
  RATE_LIMITED(429),
  INTERNAL(500),
  COMMITTEE_UNAVAILABLE(503),
  DATABASE_UNAVAILABLE(503);

  private final int status;

  ErrorCode(int status) {
    this.status = status;
  }

  /** The HTTP status every response with this code has. */
  public int status() {
    return status;
  }
}
