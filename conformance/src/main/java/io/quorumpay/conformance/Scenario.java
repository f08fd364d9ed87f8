package io.quorumpay.conformance;

import java.util.List;
import java.util.Set;

/**
 * A named conformance scenario: steps that move the network, each followed by a balance check
 * with the answers that are acceptable right then, and the one the wallet must reach.
 */
public record Scenario(String name, String description, List<Step> steps) {

  /** Which kind of balance check follows a step. */
  public enum Check {
    /** By a wallet with no saved state, as after a reinstall from its key. */
    FRESH,
    /** By the same wallet, keeping what it learned. */
    FOLLOW_UP
  }

  /** A change to the network, a check, the acceptable answers, and the answer to reach within a few follow-ups. */
  public record Step(String what, Change change, Check check, Set<Long> acceptable, long eventually) {
    public Step {
      if (!acceptable.contains(eventually)) {
        throw new IllegalArgumentException("the eventual answer must be acceptable");
      }
    }
  }

  /** How a step moves the scripted network. */
  @FunctionalInterface
  interface Change {
    void apply(ScenarioNetwork network);
  }
}
