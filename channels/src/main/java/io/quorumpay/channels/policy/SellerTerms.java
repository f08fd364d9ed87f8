package io.quorumpay.channels.policy;

import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.GroupId;
import io.quorumpay.core.types.NetworkId;
import java.util.Objects;

/**
 * What a seller accepts: channels of this network, paying this recipient account for this service
 * group, that expire more than {@code expirationThreshold} primary blocks from now (so the seller
 * has time to claim before the sender may refund).
 */
public record SellerTerms(NetworkId network, GroupId group, AccountId recipient, long expirationThreshold) {
  public SellerTerms {
    Objects.requireNonNull(network);
    Objects.requireNonNull(group);
    Objects.requireNonNull(recipient);
    if (expirationThreshold < 0) {
      throw new IllegalArgumentException("the expiration threshold is never negative");
    }
  }
}
