package io.quorumpay.client;

import io.quorumpay.core.client.ClientSnapshot;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.crypto.KeyPair;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a wallet keeps on disk: its key, the client state machine's snapshot, how far it has
 * read each authority's stream of certificates received, and how far it has read the primary's deposits.
 */
public record WalletData(KeyPair key, ClientSnapshot snapshot, Map<AuthorityName, Long> receivedPositions, long depositCursor) {
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
