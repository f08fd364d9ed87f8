package io.quorumpay.channels.policy;

/** Arithmetic on amounts and heights (0 to 2^63 − 1) shared by the channel rules. */
final class Amounts {
  private Amounts() {}

  /** {@code a + b}, or {@link Long#MAX_VALUE} when that overflows: nothing above it can be signed, held or reached. */
  static long saturatingAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
