package io.quorumpay.client;

import io.quorumpay.core.client.ClientSnapshot;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;

/**
 * Everything a wallet keeps on disk: its key, the client state machine's snapshot, how far it has
 * read each authority's stream of certificates received, how far it has read the primary's
 * deposits, the sequence number of its last redeem the primary has paid (-1 for none): its
 * redeem certificates above it are still to be paid, in order; and the committee it belongs to
 * (empty until first used): a wallet acts on one network only.
 */
public record WalletData(KeyPair key, ClientSnapshot snapshot, Map<AuthorityName, Long> receivedPositions, long depositCursor,
    long redeemsPaidThrough, Optional<Bytes> committee) {
  public WalletData {
    Objects.requireNonNull(key);
    Objects.requireNonNull(snapshot);
    Objects.requireNonNull(committee);
    receivedPositions = Map.copyOf(receivedPositions);
  }

  /** The same wallet with other state (key and committee kept). */
  public WalletData with(ClientSnapshot snapshot, Map<AuthorityName, Long> receivedPositions, long depositCursor,
      long redeemsPaidThrough) {
    return new WalletData(key, snapshot, receivedPositions, depositCursor, redeemsPaidThrough, committee);
  }

  @Override
  public String toString() {
    return "WalletData[account=" + key.publicKey() + "]";
  }
}
