package io.quorumpay.sim;

/** An invariant broke in a simulated run: the seed, what broke, the last events, and how to replay it. */
public final class SimulationFailure extends AssertionError {
  private final long seed;

  SimulationFailure(long seed, String invariant, String trace, Throwable cause) {
    super("simulation seed " + seed + " failed: " + invariant + "\nlast events:\n" + trace
        + "\nreplay exactly this run with: scripts/sim --seed " + seed, cause);
    this.seed = seed;
  }

  public long seed() {
    return seed;
  }
}
