package io.quorumpay.client;

import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.types.AssetId;
import java.util.Map;
import java.util.SortedMap;

/**
 * A wallet's balance per asset, counted only from certificates and deposits it verified, and what
 * it is valid as of: how far it read each authority's stream of received certificates, and the
 * primary's deposits.
 *
 * @param balances per asset
 * @param receivedPositions per authority, the position in its received-certificate stream read so far
 * @param depositIndex the primary deposits read so far (the next index to read)
 * @param nextSequenceNumber the wallet's next sequence number (its sent certificates are counted up to it)
 */
public record Balance(SortedMap<AssetId, Long> balances, Map<AuthorityName, Long> receivedPositions, long depositIndex,
    long nextSequenceNumber) {

  public long of(AssetId asset) {
    return balances.getOrDefault(asset, 0L);
  }
}
