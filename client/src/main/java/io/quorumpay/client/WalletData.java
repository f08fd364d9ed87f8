package io.quorumpay.client;

import io.quorumpay.core.client.ClientSnapshot;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.crypto.KeyPair;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a wallet keeps on disk: its key, the client state machine's snapshot, how far it has
 * read each authority's stream of certificates received, how far it has read the primary's
 * deposits, and the sequence number of its last redeem the primary has paid (-1 for none): its
 * redeem certificates above it are still to be paid, in order.
 */
public record WalletData(KeyPair key, ClientSnapshot snapshot, Map<AuthorityName, Long> receivedPositions, long depositCursor,
    long redeemsPaidThrough) {
  public WalletData {
    Objects.requireNonNull(key);
    Objects.requireNonNull(snapshot);
    receivedPositions = Map.copyOf(receivedPositions);
  }

  @Override
  public String toString() {
    return "WalletData[account=" + key.publicKey() + "]";
  }
}
