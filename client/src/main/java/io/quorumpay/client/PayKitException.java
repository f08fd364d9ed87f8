package io.quorumpay.client;

import io.quorumpay.core.error.ProtocolError;
import java.util.Optional;

/**
 * Why a paykit operation did not complete. {@link #kind()} says what to do about it; a refusal
 * carries the typed {@link ProtocolError}. Messages never contain secrets.
 */
public final class PayKitException extends Exception {

  /** What kind of failure, and what it means for the caller. */
  public enum Kind {
    /** The request is wrong and will stay wrong (a refusal by the protocol); fix it. */
    REFUSED,
    /** Not enough authorities answered or agreed in time; retrying later is safe. */
    NO_QUORUM,
    /** The primary chain or a service could not be reached; retrying later is safe. */
    UNREACHABLE,
    /** The wallet file could not be written or read; nothing was sent after a failed write. */
    STORAGE,
    /** The wallet belongs to another network (another committee); nothing was done. */
    WRONG_NETWORK,
    /** The wallet is open in another process; nothing was done, retry once it is done. */
    IN_USE
  }

  private final Kind kind;
  private final transient ProtocolError error;

  public PayKitException(Kind kind, String message, ProtocolError error, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.error = error;
  }

  static PayKitException refused(ProtocolError error) {
    return new PayKitException(Kind.REFUSED, error.message(), error, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The protocol's refusal, for {@link Kind#REFUSED}. */
  public Optional<ProtocolError> error() {
    return Optional.ofNullable(error);
  }
}
