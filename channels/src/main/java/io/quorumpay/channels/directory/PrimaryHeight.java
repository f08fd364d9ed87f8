package io.quorumpay.channels.directory;

/**
 * The primary chain's current height as this seller last saw it: channel expirations are heights.
 * Read on every paid call, so it answers from memory.
 */
@FunctionalInterface
public interface PrimaryHeight {
  /** The latest height seen. */
  long current();
}
