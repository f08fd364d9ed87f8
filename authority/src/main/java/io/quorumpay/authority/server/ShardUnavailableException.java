package io.quorumpay.authority.server;

/** The shard cannot take the request now: it is overloaded, or stopped after a storage failure. */
public final class ShardUnavailableException extends RuntimeException {
  private final boolean overloaded;

  ShardUnavailableException(String message, boolean overloaded) {
    super(message, null, false, false);
    this.overloaded = overloaded;
  }

  /** True when a retry soon may succeed; false when the shard has stopped. */
  public boolean overloaded() {
    return overloaded;
  }
}
