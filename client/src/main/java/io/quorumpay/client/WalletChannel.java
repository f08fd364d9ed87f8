package io.quorumpay.client;

import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.ChannelId;
import java.util.Objects;
import java.util.Optional;

/**
 * A channel this wallet opened, as the buyer keeps it: who it pays, in what asset, the hot key that
 * signs its payment authorisations (empty: the account's own key signs them), the nonce it pays at
 * and the cumulative amount it has authorised there. The cumulative amount is saved before any
 * authorisation for it is handed out, so the wallet never signs a lower one at the same nonce.
 */
public record WalletChannel(ChannelId id, AccountId recipient, AssetId asset, Optional<KeyPair> signer, long nonce, long authorized) {
  public WalletChannel {
    Objects.requireNonNull(id);
    Objects.requireNonNull(recipient);
    Objects.requireNonNull(asset);
    Objects.requireNonNull(signer);
    if (nonce < 0 || authorized < 0) {
      throw new IllegalArgumentException("a channel's nonce and authorised amount are never negative");
    }
  }

  /** The same channel with {@code authorized} authorised at its nonce. */
  public WalletChannel withAuthorized(long authorized) {
    return new WalletChannel(id, recipient, asset, signer, nonce, authorized);
  }

  /** The same channel at a later nonce, where nothing is authorised yet. */
  public WalletChannel atNonce(long later) {
    return new WalletChannel(id, recipient, asset, signer, later, 0);
  }

  @Override
  public String toString() {
    // Never the hot key's secret.
    return "WalletChannel[" + id + ", nonce " + nonce + ", authorized " + authorized + "]";
  }
}
