package io.quorumpay.channels.buyer;

import io.quorumpay.channels.policy.AuthorizationWindow;
import io.quorumpay.channels.policy.Payment;
import io.quorumpay.client.PayKit;
import io.quorumpay.client.PayKitException;
import io.quorumpay.client.SignedAuthorization;
import io.quorumpay.client.WalletChannel;
import io.quorumpay.core.client.VerifiedChannel;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.ChannelId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One buyer's channel to one seller, paid from the buyer's wallet: the first payment finds a channel
 * the wallet opened to this seller that still has time to run (proven from certificates), or opens
 * one by the {@link ChannelPolicy}; every later payment reuses it. Payments authorize ahead by the
 * policy's window ({@link AuthorizationWindow}): the payer keeps the authorization it last signed
 * and sends its exact bytes with every call it covers, signing a higher one only when the window
 * rule says so. Signing is {@link PayKit#authorize}: the cumulative amount is saved in the wallet
 * before it is signed, so no crash ever makes the wallet sign a lower amount at the same nonce, and
 * a restarted payer starts from the amount the wallet saved. A channel running low is funded again
 * by the policy, one expiring within its margin is extended, and one that has expired is replaced
 * by a new one ({@link #pay}).
 *
 * <p>After the seller claims, calls at the old nonce are refused with the seller's new nonce;
 * {@link #nonceMoved} then reads the channel from the committee until its certificates prove that
 * nonce (a buyer never believes the seller's number), within a bounded wait.
 */
public final class ChannelPayer {
  private static final Logger log = LoggerFactory.getLogger(ChannelPayer.class);
  /** How often, and how many times, {@link #nonceMoved} reads the channel while the claim is being certified. */
  static final Duration NONCE_POLL = Duration.ofMillis(100);
  static final int NONCE_READS = 100;

  /** How long after a failed nonce-follow the payer waits before reading the channel again. */
  static final Duration FOLLOW_BACKOFF = Duration.ofSeconds(1);

  private final PayKit wallet;
  private final SellerAccount seller;
  private final ChannelPolicy policy;
  /** How many of the wallet's newest channels to the seller the first payment considers for reuse. */
  static final int REUSE_SCAN = 16;
  /** How old a read of the primary's height may be when a payment checks its channel's expiration. */
  static final Duration HEIGHT_REFRESH = Duration.ofSeconds(5);

  private volatile ChannelId channel;
  /** The channel as last proven by its certificates (null until read). */
  private volatile VerifiedChannel proven;
  private final AuthorizationWindow window;
  /** Guarded by {@code windowLock}: the authorization last signed, at which nonce, and what the calls sent under it cost. */
  private final Object windowLock = new Object();
  private Signed signed;
  /** Guarded by {@code follow}: the nonce a failed follow could not leave (-1: none), and when to read again. */
  private final Object follow = new Object();
  private long stalledAt = -1;
  private long retryAfterNanos;
  /** Guarded by {@code heightLock}: the primary's height as last read, and when (0: never). */
  private final Object heightLock = new Object();
  private long knownHeight;
  private long heightReadNanos;

  /** The authorization last signed at {@code nonce} of {@code channel}, and the price of the calls sent under it there. */
  private record Signed(ChannelId channel, long nonce, SignedAuthorization authorization, long spent) {
    long authorized() {
      return authorization.authorization().amount().units();
    }
  }

  /** Pays {@code seller} from {@code wallet}, opening channels by {@code policy}. */
  public ChannelPayer(PayKit wallet, SellerAccount seller, ChannelPolicy policy) {
    this.wallet = Objects.requireNonNull(wallet);
    this.seller = Objects.requireNonNull(seller);
    this.policy = Objects.requireNonNull(policy);
    this.window = new AuthorizationWindow(policy.window().units());
  }

  /**
   * What calls announce to the seller ({@code qp-channel-sender}): the buyer's account, the channel's
   * sender, and the sequence number of the order that opened the channel, from which the seller
   * derives the channel id before it looks anything up.
   */
  public Payment.Sender.Named announcement() throws PayKitException {
    ChannelId id = channel();
    VerifiedChannel known = proven;
    if (known == null) {
      known = wallet.channel(id);
      proven = known;
    }
    return new Payment.Sender.Named(wallet.account(), known.open().sequenceNumber());
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
          VerifiedChannel opened = open(height(true));
          proven = opened;
          channel = opened.id();
        }
      }
      return channel;
    }
  }

  /**
   * The newest of the wallet's last {@link #REUSE_SCAN} channels to this seller, group and asset that
   * has not expired and has value left ({@link #pay} extends one expiring within the margin). A
   * channel the committee cannot prove now is skipped: it never blocks payments on the others.
   */
  private Optional<ChannelId> reusable() throws PayKitException {
    long height = height(true);
    List<WalletChannel> mine = wallet.channels().reversed().stream()
        .filter(c -> c.recipient().equals(seller.account()) && c.asset().equals(seller.asset()))
        .limit(REUSE_SCAN).toList();
    for (WalletChannel candidate : mine) {
      VerifiedChannel known;
      try {
        known = wallet.channel(candidate.id());
      } catch (PayKitException e) {
        log.debug("channel {} not read, not reused: {}", candidate.id(), e.getMessage());
        continue;
      }
      WalletChannel now = mine(candidate.id()).orElse(candidate);
      if (known.open().group().equals(seller.group()) && known.expiration() > height && known.value() > now.authorized()) {
        proven = known;
        return Optional.of(candidate.id());
      }
    }
    return Optional.empty();
  }

  /**
   * The authorization one call of {@code price} carries: the one last signed when it still covers
   * the call by the window rule (no I/O), else a new one a window ahead (saved, then signed). Before
   * signing, when what would be authorized at the channel's nonce comes within a quarter of the
   * policy's value of what the channel holds (as last proven), it first adds the policy's value and
   * moves the expiration to {@code lifetime} blocks from now (a fund order, certified), early enough
   * for the seller to see the fund certificate before it is needed.
   */
  public SignedAuthorization pay(long price) throws PayKitException {
    ChannelId id = channel();
    stalled(id);
    if (!expiring(proven)) {
      SignedAuthorization covering = covering(id, price);
      if (covering != null) {
        return covering;
      }
    }
    try {
      if (low(id, price, proven) || expiring(proven)) {
        id = renew(id, price);
      }
    } catch (PayKitException e) {
      // A failed top-up or extension (or an unreachable primary) never blocks a payment the proven value still covers.
      VerifiedChannel known = proven;
      if (known == null || authorized(id) + price > known.value()) {
        throw e;
      }
      log.warn("channel {} not topped up or extended, paying from what is left: {}", id, e.getMessage());
    }
    return sign(id, price);
  }

  /** The authorization last signed on {@code id} if it covers a call of {@code price} (counted as sent), else null. */
  private SignedAuthorization covering(ChannelId id, long price) {
    VerifiedChannel known = proven;
    synchronized (windowLock) {
      Signed last = signed;
      if (last == null || known == null || !last.channel().equals(id) || !known.id().equals(id)
          || last.nonce() < known.nonce().value()
          || !(window.next(last.authorized(), last.spent(), price, known.value()) instanceof AuthorizationWindow.Step.Covered)) {
        return null;
      }
      signed = new Signed(id, last.nonce(), last.authorization(), last.spent() + price);
      return last.authorization();
    }
  }

  /**
   * Pays a call of {@code price} on {@code id} by the window rule, signing when it says so (the only
   * I/O under the lock: concurrent calls wait for the one signature rather than each signing). A new
   * channel or nonce, or a restarted payer, starts from what the wallet saved as authorized there,
   * counted as spent.
   */
  private SignedAuthorization sign(ChannelId id, long price) throws PayKitException {
    VerifiedChannel known = proven;
    long value = known == null || !known.id().equals(id) ? Long.MAX_VALUE : known.value();
    synchronized (windowLock) {
      ProtocolError unknown = new ProtocolError.UnknownChannel(id, "this wallet did not open it");
      WalletChannel record = mine(id).orElseThrow(() -> new PayKitException(PayKitException.Kind.REFUSED, unknown.message(), unknown, null));
      Signed last = signed;
      boolean same = last != null && last.channel().equals(id) && last.nonce() == record.nonce()
          && last.authorized() == record.authorized();
      long spent = same ? last.spent() : record.authorized();
      AuthorizationWindow.Step step = window.next(record.authorized(), spent, price, value);
      if (same && step instanceof AuthorizationWindow.Step.Covered) {
        signed = new Signed(id, last.nonce(), last.authorization(), spent + price);
        return last.authorization();
      }
      long target = step instanceof AuthorizationWindow.Step.Sign sign ? sign.amount() : record.authorized() + price;
      SignedAuthorization fresh = wallet.authorize(id, new Amount(target - record.authorized()));
      long nonce = fresh.authorization().nonce().value();
      // The wallet moved to a new nonce meanwhile (a claim seen): what it signed there pays this call alone.
      signed = new Signed(id, nonce, fresh, nonce == record.nonce() ? spent + price : price);
      return fresh;
    }
  }

  /** Refuses to pay while a failed follow left the wallet at a nonce the seller no longer takes, reading again after a back-off. */
  private void stalled(ChannelId id) throws PayKitException {
    synchronized (follow) {
      if (stalledAt < 0 || walletNonce(id) > stalledAt) {
        stalledAt = -1;
        return;
      }
      if (System.nanoTime() - retryAfterNanos >= 0) {
        retryAfterNanos = System.nanoTime() + FOLLOW_BACKOFF.toNanos();
        proven = wallet.channel(id);
        if (walletNonce(id) > stalledAt) {
          stalledAt = -1;
          return;
        }
      }
      throw new PayKitException(PayKitException.Kind.UNREACHABLE, "the seller moved channel " + id
          + " past nonce " + stalledAt + " but the committee's certificates do not prove it yet", null, null);
    }
  }

  /**
   * Funds channel {@code id} when {@code price} more would leave it low (the policy's value) or
   * extends it when it expires within the margin, both moving its expiration to {@code lifetime}
   * blocks from now; a channel already expired is replaced by a new one (the policy's). Returns the
   * channel to pay on.
   */
  private synchronized ChannelId renew(ChannelId id, long price) throws PayKitException {
    if (!id.equals(channel)) {
      return channel; // another call replaced it meanwhile
    }
    VerifiedChannel now = wallet.channel(id);
    long height = height(true);
    if (now.expiration() <= height) {
      VerifiedChannel opened = open(height);
      synchronized (follow) {
        stalledAt = -1; // a stalled follow was about the old channel
      }
      proven = opened;
      channel = opened.id();
      return channel;
    }
    boolean low = low(id, price, now);
    if (low || now.expiration() <= height + policy.margin()) {
      now = wallet.fundChannel(id, low ? policy.value() : Amount.ZERO, Math.max(now.expiration(), height + policy.lifetime()));
    }
    proven = now;
    return id;
  }

  private VerifiedChannel open(long height) throws PayKitException {
    return wallet.openChannel(seller.account(), seller.asset(), policy.value(), height + policy.lifetime(), seller.group(),
        policy.hotKey());
  }

  /** Whether {@code known} expires within the policy's margin of the primary's height (read at most every {@link #HEIGHT_REFRESH}). */
  private boolean expiring(VerifiedChannel known) throws PayKitException {
    return known != null && known.expiration() <= height(false) + policy.margin();
  }

  /** The primary's height, read again when {@code fresh} or when the last read is older than {@link #HEIGHT_REFRESH}. */
  private long height(boolean fresh) throws PayKitException {
    synchronized (heightLock) {
      if (fresh || heightReadNanos == 0 || System.nanoTime() - heightReadNanos - HEIGHT_REFRESH.toNanos() >= 0) {
        knownHeight = wallet.primaryHeight();
        heightReadNanos = System.nanoTime() | 1; // never 0: 0 means not read
      }
      return knownHeight;
    }
  }

  private long authorized(ChannelId id) {
    return mine(id).map(WalletChannel::authorized).orElse(0L);
  }

  private Optional<WalletChannel> mine(ChannelId id) {
    return wallet.channels().stream().filter(c -> c.id().equals(id)).findFirst();
  }

  /** Whether {@code price} and a window more would leave less than a quarter of the policy's value in {@code known} (unknown: read it). */
  private boolean low(ChannelId id, long price, VerifiedChannel known) {
    return known == null || authorized(id) + price + policy.window().units() > known.value() - policy.value().units() / 4;
  }

  /**
   * The seller refused a call paid at nonce {@code paidAt}, saying the channel is at nonce {@code
   * current}: reads the channel from the committee (verified certificates only) until the wallet's
   * record is at that nonce or later, a bounded number of times and never past {@code deadlineNanos}
   * ({@link System#nanoTime}). One follow at a time: concurrent calls wait for it and share its
   * outcome. True when the wallet is at the new nonce (pay again); false when {@code current} is not
   * above {@code paidAt} or the certificates do not prove it in time, after which payments at
   * {@code paidAt} stop until they do (see {@link #pay}).
   */
  public boolean nonceMoved(long paidAt, long current, long deadlineNanos) throws PayKitException, InterruptedException {
    ChannelId id = channel();
    if (current <= paidAt) {
      return walletNonce(id) > paidAt;
    }
    synchronized (follow) {
      for (int read = 0; read < NONCE_READS && walletNonce(id) < current; read++) {
        if (stalledAt >= paidAt && walletNonce(id) <= stalledAt || System.nanoTime() - deadlineNanos >= 0) {
          break; // a follow from this nonce just failed, or the call's time is up
        }
        if (read > 0) {
          Thread.sleep(NONCE_POLL.toMillis());
        }
        proven = wallet.channel(id);
      }
      if (walletNonce(id) >= current) {
        stalledAt = -1;
        return true;
      }
      stalledAt = Math.max(stalledAt, paidAt);
      retryAfterNanos = System.nanoTime() + FOLLOW_BACKOFF.toNanos();
      return false;
    }
  }

  private long walletNonce(ChannelId id) {
    return mine(id).map(WalletChannel::nonce).orElse(-1L);
  }
}
