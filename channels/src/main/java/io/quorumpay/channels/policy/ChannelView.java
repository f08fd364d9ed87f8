package io.quorumpay.channels.policy;

import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.GroupId;
import io.quorumpay.core.types.SequenceNumber;
import java.util.Objects;

/**
 * A channel as the committee's certificates show it: who opened it, who may sign payments, who is
 * paid, its remaining value, its nonce (claims and refunds so far) and its expiration height.
 * Built only from verified certificates (see {@link io.quorumpay.channels.directory.ChannelDirectory}).
 */
public record ChannelView(
    ChannelId id,
    AccountId sender,
    PublicKey signer,
    AccountId recipient,
    AssetId asset,
    Amount value,
    SequenceNumber nonce,
    long expiration,
    GroupId group) {
  public ChannelView {
    Objects.requireNonNull(id);
    Objects.requireNonNull(sender);
    Objects.requireNonNull(signer);
    Objects.requireNonNull(recipient);
    Objects.requireNonNull(asset);
    Objects.requireNonNull(value);
    Objects.requireNonNull(nonce);
    Objects.requireNonNull(group);
    if (expiration < 0) {
      throw new IllegalArgumentException("an expiration height is never negative");
    }
  }
}
