package io.quorumpay.core.error;

/**
 * Thrown when QuorumPay refuses an input; carries the typed {@link ProtocolError}.
 *
 * <p>Checked on purpose: every caller decides what a refusal means for it. No stack trace is
 * filled in, since refusals are expected outcomes on hot paths, not bugs.
 */
public final class ProtocolException extends Exception {
  private final ProtocolError error;

  public ProtocolException(ProtocolError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  /** The typed reason. */
  public ProtocolError error() {
    return error;
  }
}
