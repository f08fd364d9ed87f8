package io.quorumpay.channels.buyer;

import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.GroupId;
import java.util.Objects;

/** Whom a buyer pays: the seller's account, its service group id, and the asset its prices are in. */
public record SellerAccount(AccountId account, GroupId group, AssetId asset) {
  public SellerAccount {
    Objects.requireNonNull(account);
    Objects.requireNonNull(group);
    Objects.requireNonNull(asset);
  }
}
