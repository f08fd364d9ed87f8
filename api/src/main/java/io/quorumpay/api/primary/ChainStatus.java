package io.quorumpay.api.primary;

import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.NetworkId;
import java.util.SortedMap;

/** Where the primary chain stands: its height, how many deposits, what it holds and has paid out. */
public record ChainStatus(NetworkId network, long height, long depositCount, SortedMap<AssetId, Long> funds,
    SortedMap<AssetId, Long> redeemed) {}
