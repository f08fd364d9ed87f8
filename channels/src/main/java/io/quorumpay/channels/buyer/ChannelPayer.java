package io.quorumpay.channels.buyer;

import io.quorumpay.client.PayKit;
import io.quorumpay.client.PayKitException;
import io.quorumpay.client.SignedAuthorization;
import io.quorumpay.client.WalletChannel;
import io.quorumpay.core.client.VerifiedChannel;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.ChannelId;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One buyer's channel to one seller, paid from the buyer's wallet: the first payment finds a channel
 * the wallet opened to this seller that still has time to run (proven from certificates), or opens
 * one by the {@link ChannelPolicy}; every later payment reuses it. Each payment is
 * {@link PayKit#authorize}: the cumulative amount is saved in the wallet before it is signed, so no
 * crash ever makes the wallet sign a lower amount at the same nonce. A channel running low is funded
 * again by the policy ({@link #pay}).
 *
 * <p>After the seller claims, calls at the old nonce are refused with the seller's new nonce;
 * {@link #nonceMoved} then reads the channel from the committee until its certificates prove that
 * nonce (a buyer never believes the seller's number), within a bounded wait.
 */
public final class ChannelPayer {
  /** How often, and how many times, {@link #nonceMoved} reads the channel while the claim is being certified. */
  static final Duration NONCE_POLL = Duration.ofMillis(100);
  static final int NONCE_READS = 100;

  private final PayKit wallet;
  private final SellerAccount seller;
  private final ChannelPolicy policy;
  private volatile ChannelId channel;
  /** The channel as last proven by its certificates (null until read). */
  private volatile VerifiedChannel proven;

  /** Pays {@code seller} from {@code wallet}, opening channels by {@code policy}. */
  public ChannelPayer(PayKit wallet, SellerAccount seller, ChannelPolicy policy) {
    this.wallet = Objects.requireNonNull(wallet);
    this.seller = Objects.requireNonNull(seller);
    this.policy = Objects.requireNonNull(policy);
  }

  /** The buyer's account: the channel's sender, which calls announce to the seller. */
  public AccountId sender() {
    return wallet.account();
  }

  /**
   * The channel payments go through: found or opened on first use (one open at a time; the open is
   * certified before it returns), then the same one.
   */
  public ChannelId channel() throws PayKitException {
    ChannelId known = channel;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      if (channel == null) {
        channel = reusable().orElse(null);
        if (channel == null) {
          long height = wallet.primaryHeight();
          channel = wallet.openChannel(seller.account(), seller.asset(), policy.value(), height + policy.lifetime(),
              seller.group(), policy.hotKey()).id();
        }
      }
      return channel;
    }
  }

  /** A channel in the wallet to this seller, group and asset, expiring beyond the margin, with value left. */
  private Optional<ChannelId> reusable() throws PayKitException {
    long height = wallet.primaryHeight();
    for (WalletChannel mine : wallet.channels()) {
      if (!mine.recipient().equals(seller.account()) || !mine.asset().equals(seller.asset())) {
        continue;
      }
      VerifiedChannel proven = wallet.channel(mine.id());
      WalletChannel now = wallet.channels().stream().filter(c -> c.id().equals(mine.id())).findFirst().orElse(mine);
      if (proven.open().group().equals(seller.group()) && proven.expiration() > height + policy.margin()
          && proven.value() > now.authorized()) {
        return Optional.of(mine.id());
      }
    }
    return Optional.empty();
  }

  /**
   * Authorizes {@code price} more on the channel (saved, then signed): what one call carries. When
   * what is authorized at the channel's nonce comes within a quarter of the policy's value of what the
   * channel holds (as last proven), it first adds the policy's value and moves the expiration to
   * {@code lifetime} blocks from now (a fund order, certified), early enough for the seller to see the
   * fund certificate before it is needed.
   */
  public SignedAuthorization pay(long price) throws PayKitException {
    ChannelId id = channel();
    if (low(id, price, proven)) {
      synchronized (this) {
        VerifiedChannel now = wallet.channel(id);
        if (low(id, price, now)) {
          now = wallet.fundChannel(id, policy.value(), Math.max(now.expiration(), wallet.primaryHeight() + policy.lifetime()));
        }
        proven = now;
      }
    }
    return wallet.authorize(id, new Amount(price));
  }

  /** Whether {@code price} more would leave less than a quarter of the policy's value in {@code known} (unknown: read it). */
  private boolean low(ChannelId id, long price, VerifiedChannel known) {
    long authorized = wallet.channels().stream().filter(c -> c.id().equals(id)).mapToLong(WalletChannel::authorized)
        .findFirst().orElse(0);
    return known == null || authorized + price > known.value() - policy.value().units() / 4;
  }

  /**
   * The seller says the channel is at nonce {@code current}: reads the channel from the committee
   * (verified certificates only) until the wallet's record is at that nonce or later, a bounded number
   * of times. True when it is (pay again), false when the certificates do not prove it in time.
   */
  public boolean nonceMoved(long current) throws PayKitException, InterruptedException {
    ChannelId id = channel();
    for (int read = 0; read < NONCE_READS; read++) {
      if (walletNonce(id) >= current) {
        return true;
      }
      if (read > 0) {
        Thread.sleep(NONCE_POLL.toMillis());
      }
      proven = wallet.channel(id);
    }
    return walletNonce(id) >= current;
  }

  private long walletNonce(ChannelId id) {
    return wallet.channels().stream().filter(c -> c.id().equals(id)).mapToLong(WalletChannel::nonce).findFirst().orElse(-1);
  }
}
