package io.quorumpay.api.primary;

import io.quorumpay.core.messages.PrimaryDeposit;
import java.util.List;

/**
 * Deposits deep enough to credit, in index order without gaps, and where the deposit after them
 * can first be: a block of the primary at or before the one holding it (0: not known).
 *
 * @param deposits the deposits
 * @param scanFrom the block to resume reading from, for the next index
 */
public record ConfirmedDeposits(List<PrimaryDeposit> deposits, long scanFrom) {
  public ConfirmedDeposits {
    deposits = List.copyOf(deposits);
  }
}
