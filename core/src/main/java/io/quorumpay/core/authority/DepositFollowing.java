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

  /**
   * The deposits of {@code fetched} that continue the cursor {@code next}, whether a gap cut them
   * short, and the primary block where the deposit after them can first be (0: not known).
   */
  public record Plan(List<PrimaryDeposit> deposits, boolean gap, long scanFrom) {
    public Plan {
      deposits = List.copyOf(deposits);
    }
  }

  /** What to apply of {@code fetched} for a shard whose next deposit is {@code next}. */
  public static Plan plan(long next, List<PrimaryDeposit> fetched) {
    return plan(next, fetched, 0);
  }

  /**
   * Like {@link #plan(long, List)}, where the primary said that the deposit after the last of
   * {@code fetched} is in block {@code scanFrom} or later. At a gap that no longer holds for the
   * deposits kept, so the plan then knows no block.
   */
  public static Plan plan(long next, List<PrimaryDeposit> fetched, long scanFrom) {
    List<PrimaryDeposit> deposits = new ArrayList<>();
    for (PrimaryDeposit deposit : fetched) {
      long expected = next + deposits.size();
      if (deposit.index() < expected) {
        continue;
      }
      if (deposit.index() > expected) {
        return new Plan(deposits, true, 0);
      }
      deposits.add(deposit);
    }
    return new Plan(deposits, false, scanFrom);
  }

  /**
   * The writer step: applies the plan's deposits; one applied meanwhile (the cursor moved on) is
   * skipped. The plan's block goes with them (the cursor is then past the plan's last deposit, so
   * the next deposit is in that block or later). Returns how many were applied now.
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
    if (!plan.deposits().isEmpty() && plan.scanFrom() > 0) {
      state.advanceDepositScan(plan.scanFrom());
    }
    return applied;
  }
}
