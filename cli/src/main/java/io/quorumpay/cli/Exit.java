package io.quorumpay.cli;

/** What {@code qp}'s exit codes mean (also in {@code qp --help} and docs/CLIENT.md). */
final class Exit {
  /** Done. */
  static final int OK = 0;
  /** Could not complete now (authorities or the primary unreachable, no quorum): safe to retry. */
  static final int UNAVAILABLE = 1;
  /** Bad input or missing setup: nothing was done. */
  static final int USAGE = 2;
  /** Refused by the protocol (for example insufficient balance): nothing was done. */
  static final int REFUSED = 3;
  /** The wallet file could not be read or written. */
  static final int STORAGE = 4;

  private Exit() {}
}
