package io.quorumpay.hub.error;

/** A request that fails with {@code error}; the server turns it into its status and {@link ErrorBody}. */
public final class HubException extends RuntimeException {
  private final transient HubError error;

  public HubException(HubError error) {
    super(error.toString(), null, false, false);
    this.error = error;
  }

  public HubError error() {
    return error;
  }

  public ErrorBody body() {
    return HubError.body(error);
  }
}
