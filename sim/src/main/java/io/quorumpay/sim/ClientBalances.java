package io.quorumpay.sim;

import io.quorumpay.core.client.ClientSnapshot;

/** Sums over a client's saved state that the invariants watch. */
final class ClientBalances {
  private ClientBalances() {}

  /** Everything ever credited to the client: deposits and received certificates (it may only grow). */
  static long credited(ClientSnapshot snapshot) {
    return snapshot.deposits().stream().mapToLong(d -> d.amount().units()).sum()
        + snapshot.received().stream().mapToLong(c -> c.order().amount().units()).sum();
  }
}
