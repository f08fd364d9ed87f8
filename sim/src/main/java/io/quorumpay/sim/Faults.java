package io.quorumpay.sim;

import java.util.SplittableRandom;

/**
 * The faults of one run, each with its own probability drawn from the seed (swarm testing: some
 * runs have much of one fault and none of another, which finds more bugs than a fixed mix).
 *
 * <p>At most one authority is faulty beyond crashes at a time (the f = 1 of a committee of 4):
 * a Byzantine one, or an honest one restored from an old backup, or an honest one that stays down
 * for a long stretch and is then cut off from the clients. Crashes, loss and partitions come on top
 * and heal in the calm phase.
 *
 * @param forgeCredits the Byzantine authority also sends cross-shard credits to other authorities' shards
 * @param restoredAuthority an honest authority whose data is restored from a backup taken at
 *     {@code backupAt} when it is crashed at {@code restoreAt} (-1: none)
 * @param longDownAuthority an honest authority down from {@code downAt} to {@code upAt} that clients
 *     never reach again from {@code downAt} on (-1: none): it must catch up from its peers alone
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
    boolean forgeCredits,
    int equivocatingClient,
    int restoredAuthority,
    long backupAt,
    long restoreAt,
    int longDownAuthority,
    long downAt,
    long upAt) {

  /** How a Byzantine authority misbehaves towards clients and towards its peers' catch-up. */
  enum Byzantine {
    /** Votes for any order it receives, conflicting ones included, without checks; serves the certificates it saw as its log. */
    EQUIVOCATE,
    /** Answers with random bytes. */
    GARBAGE,
    /** Offers forged certificates, wrong stream positions, totals that jump and oversized pages. */
    LIAR,
    /** Never answers. */
    SILENT,
    /** Answers with old messages it sent before. */
    REPLAY,
    /** Serves received streams that never end (every page full, always one more) or keep restarting from nothing. */
    ENDLESS
  }

  static Faults draw(SplittableRandom random, int authorities, int clients, long faultMillis) {
    double[] levels = {0, 0, 0.01, 0.05, 0.15};
    double loss = levels[random.nextInt(levels.length)];
    double duplication = levels[random.nextInt(levels.length)];
    int maxDelay = 1 + random.nextInt(random.nextBoolean() ? 5 : 60);
    double crash = random.nextInt(3) == 0 ? 0 : 0.0005 + random.nextDouble() * 0.003;
    double clientCrash = random.nextInt(3) == 0 ? 0 : 0.001 + random.nextDouble() * 0.01;
    boolean partitions = random.nextBoolean();
    int slow = random.nextInt(3) == 0 ? random.nextInt(authorities) : -1;
    // One big fault per run at most: Byzantine (1/2), restored from a backup (1/6), long down (1/6), none (1/6).
    int big = authorities >= 4 ? random.nextInt(12) : 11;
    int byzantineAuthority = big < 6 ? random.nextInt(authorities) : -1;
    Byzantine kind = Byzantine.values()[random.nextInt(Byzantine.values().length)];
    boolean forgeCredits = random.nextInt(3) > 0;
    int restored = big == 6 || big == 7 ? random.nextInt(authorities) : -1;
    // A restored authority must never vote twice: an equivocating client is there to ask it to.
    int equivocator = restored >= 0 || random.nextInt(4) == 0 ? random.nextInt(clients) : -1;
    long backupAt = faultMillis / 25 + random.nextLong(faultMillis * 2 / 5);
    long restoreAt = Math.min(faultMillis - faultMillis / 10, backupAt + faultMillis / 6 + random.nextLong(faultMillis * 2 / 5));
    int longDown = big == 8 || big == 9 ? random.nextInt(authorities) : -1;
    long downAt = faultMillis / 25 + random.nextLong(faultMillis / 5);
    long upAt = Math.min(faultMillis - faultMillis / 10, downAt + faultMillis / 2 + random.nextLong(faultMillis / 5));
    return new Faults(loss, duplication, maxDelay, crash, clientCrash, partitions, slow, byzantineAuthority, kind, forgeCredits,
        equivocator, restored, backupAt, restoreAt, longDown, downAt, upAt);
  }

  /** No faults at all: the liveness phase. Byzantine authorities and clients stay what they are. */
  Faults calm() {
    return new Faults(0, 0, Math.min(maxDelayMillis, 10), 0, 0, false, -1, byzantineAuthority, byzantine, forgeCredits,
        equivocatingClient, restoredAuthority, backupAt, restoreAt, longDownAuthority, downAt, upAt);
  }

  @Override
  public String toString() {
    return String.format("loss=%.2f dup=%.2f delay<=%dms crash=%.4f clientCrash=%.4f partitions=%s slow=%d byzantine=%s"
            + " equivocator=%d restored=%s longDown=%s",
        loss, duplication, maxDelayMillis, authorityCrash, clientCrash, partitions, slowAuthority,
        byzantineAuthority < 0 ? "none" : byzantineAuthority + ":" + byzantine + (forgeCredits ? "+credits" : ""),
        equivocatingClient,
        restoredAuthority < 0 ? "none" : restoredAuthority + "@" + backupAt + "->" + restoreAt,
        longDownAuthority < 0 ? "none" : longDownAuthority + "@" + downAt + "->" + upAt);
  }
}
