package io.quorumpay.core.authority;

import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.PrimaryDeposit;
import java.util.ArrayList;
import java.util.List;

/**
 * How a shard takes deposits from what its primary chain returned: strictly in index order from
 * its cursor. A repeat (a deposit before the cursor) is skipped; at a gap the rest waits for the
 * next poll. Run by the production follower and by the simulator.
 */
public final class DepositFollowing {
  private DepositFollowing() {}

  /** The deposits of {@code fetched} that continue the cursor {@code next}, and whether a gap cut them short. */
  public record Plan(List<PrimaryDeposit> deposits, boolean gap) {
    public Plan {
      deposits = List.copyOf(deposits);
    }
  }

  /** What to apply of {@code fetched} for a shard whose next deposit is {@code next}. */
  public static Plan plan(long next, List<PrimaryDeposit> fetched) {
    List<PrimaryDeposit> deposits = new ArrayList<>();
    for (PrimaryDeposit deposit : fetched) {
      long expected = next + deposits.size();
      if (deposit.index() < expected) {
        continue;
      }
      if (deposit.index() > expected) {
        return new Plan(deposits, true);
      }
      deposits.add(deposit);
    }
    return new Plan(deposits, false);
  }

  /**
   * The writer step: applies the plan's deposits; one applied meanwhile (the cursor moved on) is
   * skipped. Returns how many were applied now.
   */
  public static int apply(ShardState state, Plan plan) throws ProtocolException {
    int applied = 0;
    for (PrimaryDeposit deposit : plan.deposits()) {
      try {
        state.handleDeposit(deposit);
        applied++;
      } catch (ProtocolException e) {
        if (!(e.error() instanceof ProtocolError.DepositAlreadyApplied)) {
          throw e;
        }
      }
    }
    return applied;
  }
}
