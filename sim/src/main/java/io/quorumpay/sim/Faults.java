package io.quorumpay.sim;

import java.util.SplittableRandom;

/**
 * The faults of one run, each with its own probability drawn from the seed (swarm testing: some
 * runs have much of one fault and none of another, which finds more bugs than a fixed mix).
 */
record Faults(
    double loss,
    double duplication,
    int maxDelayMillis,
    double authorityCrash,
    double clientCrash,
    boolean partitions,
    int slowAuthority,
    int byzantineAuthority,
    Byzantine byzantine,
    int equivocatingClient) {

  /** How a Byzantine authority misbehaves. */
  enum Byzantine {
    /** Votes for any order it receives, conflicting ones included, without checks. */
    EQUIVOCATE,
    /** Answers with random bytes. */
    GARBAGE,
    /** Offers forged received certificates and wrong stream positions. */
    LIAR,
    /** Never answers. */
    SILENT,
    /** Answers with old messages it sent before. */
    REPLAY
  }

  static Faults draw(SplittableRandom random, int authorities, int clients) {
    double[] levels = {0, 0, 0.01, 0.05, 0.15};
    boolean byzantine = authorities >= 4 && random.nextInt(3) > 0;
    return new Faults(
        levels[random.nextInt(levels.length)],
        levels[random.nextInt(levels.length)],
        1 + random.nextInt(random.nextBoolean() ? 5 : 60),
        random.nextInt(3) == 0 ? 0 : 0.0005 + random.nextDouble() * 0.003,
        random.nextInt(3) == 0 ? 0 : 0.001 + random.nextDouble() * 0.01,
        random.nextBoolean(),
        random.nextInt(3) == 0 ? random.nextInt(authorities) : -1,
        byzantine ? random.nextInt(authorities) : -1,
        Byzantine.values()[random.nextInt(Byzantine.values().length)],
        random.nextInt(4) == 0 ? random.nextInt(clients) : -1);
  }

  /** No faults at all: the liveness phase. Byzantine authorities and clients stay what they are. */
  Faults calm() {
    return new Faults(0, 0, Math.min(maxDelayMillis, 10), 0, 0, false, -1, byzantineAuthority, byzantine, equivocatingClient);
  }

  @Override
  public String toString() {
    return String.format("loss=%.2f dup=%.2f delay<=%dms crash=%.4f clientCrash=%.4f partitions=%s slow=%d byzantine=%s equivocator=%d",
        loss, duplication, maxDelayMillis, authorityCrash, clientCrash, partitions, slowAuthority,
        byzantineAuthority < 0 ? "none" : byzantineAuthority + ":" + byzantine, equivocatingClient);
  }
}
