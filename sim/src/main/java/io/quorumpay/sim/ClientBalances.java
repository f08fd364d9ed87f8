package io.quorumpay.sim;

import io.quorumpay.core.client.ClientSnapshot;
import io.quorumpay.core.messages.TransferOrder;

/** Sums over a client's saved state that the invariants watch. */
final class ClientBalances {
  private ClientBalances() {}

  /** Everything ever credited to the client: deposits and received certificates (it may only grow). */
  static long credited(ClientSnapshot snapshot) {
    return snapshot.deposits().stream().mapToLong(d -> d.amount().units()).sum()
        + snapshot.received().stream()
            .mapToLong(c -> c.order() instanceof TransferOrder order ? order.amount().units() : 0).sum();
  }
}
