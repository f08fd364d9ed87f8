package io.quorumpay.api.config;

/** A configuration file that is missing, unreadable or wrong; the message says which and what to fix. */
public final class ConfigException extends Exception {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
