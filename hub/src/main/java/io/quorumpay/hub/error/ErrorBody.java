package io.quorumpay.hub.error;

/**
 * The JSON body of every error response: a {@code code} from {@link ErrorCode}, a {@code message}
 * that says what to do, and for refusals by the committee the protocol's own {@code reason}
 * (docs/PROTOCOL.md, "Errors"), else null.
 */
public record ErrorBody(ErrorCode code, String message, String reason) {}
