package io.quorumpay.channels.buyer;

import io.quorumpay.channels.policy.AuthorizationWindow;
import io.quorumpay.channels.policy.Payment;
import io.quorumpay.client.PayKit;
import io.quorumpay.client.PayKitException;
import io.quorumpay.client.SignedAuthorization;
import io.quorumpay.client.WalletChannel;
import io.quorumpay.core.client.VerifiedChannel;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.ChannelId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One buyer's channel to one seller, paid from the buyer's wallet: the first payment finds a channel
 * the wallet opened to this seller that still has time to run (proven from certificates), or opens
 * one by the {@link ChannelPolicy}; every later payment reuses it. Payments authorize ahead by the
 * policy's window ({@link AuthorizationWindow}): the payer keeps the authorization it last signed
 * and sends its exact bytes with every call it covers, signing a higher one only when the window
 * rule says so. Signing is {@link PayKit#authorize}: the cumulative amount is saved in the wallet
 * before it is signed, so no crash ever makes the wallet sign a lower amount at the same nonce. A
 * payer new to a nonce where the wallet already authorized something (a restart) resends that
 * authorization ({@link PayKit#authorization}, identical bytes) counting nothing as spent, and
 * learns what the seller counts from its {@code INSUFFICIENT_PAYMENT} refusal ({@link #resync}), so
 * no restart adds a window of unused authorization. A channel running low is funded again
 * by the policy, one expiring within its margin is extended, and one that has expired is replaced
 * by a new one ({@link #pay}).
 *
 * <p>After the seller claims, calls at the old nonce are refused with the seller's new nonce;
 * {@link #nonceMoved} then reads the channel from the committee until its certificates prove that
 * nonce (a buyer never believes the seller's number), within a bounded wait. A claim that took more
 * than this payer sent at its nonce (when it sent everything there) costs the seller the payer's
 * trust: it pays exactly per call (window 0) from then on.
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
  /** The policy's window, or 0 once a claim took more than this payer sent ({@link #prove}). */
  private volatile AuthorizationWindow window;
  /** Guarded by {@code windowLock}: the authorization last sent, at which nonce, what the seller counts and what this payer sent there. */
  private final Object windowLock = new Object();
  private Signed signed;
  /**
   * Guarded by {@code windowLock} (read without it): the authorization the payment after the last
   * resync carried (its nonce and amount; -1: none, or a call it paid was served), and whether that
   * payment is still to come. A refusal of that very authorization before any call it paid was
   * served is not resynced again, so a seller lying about its count cannot make the payer sign a
   * window more for every call it refuses.
   */
  private volatile long resyncedNonce = -1;
  private volatile long resyncedAmount = -1;
  private boolean resyncPending;
  /** The price of every call paid so far, on any channel and nonce: marks which calls were paid after a given one. */
  private final AtomicLong paidTotal = new AtomicLong();
  /** Guarded by {@code follow}: the nonce a failed follow could not leave (-1: none), and when to read again. */
  private final Object follow = new Object();
  private long stalledAt = -1;
  private long retryAfterNanos;
  /** The primary's height as last read; guarded by {@code heightLock}: when it was read (0: never; a failed read counts) and whether a refresh runs. */
  private volatile long knownHeight;
  private final Object heightLock = new Object();
  private long heightReadNanos;
  private boolean heightRefreshing;

  /**
   * The authorization last sent at {@code nonce} of {@code channel}; {@code spent}: what the seller
   * counts there as this payer believes it (the window rule's input); {@code sent}: the price of the
   * calls this payer sent there; {@code whole}: whether {@code sent} is all the wallet's calls there
   * (the payer met the nonce with nothing authorized, and no one else raised the wallet's amount).
   */
  private record Signed(ChannelId channel, long nonce, SignedAuthorization authorization, long spent, long sent, boolean whole) {
    long authorized() {
      return authorization.authorization().amount().units();
    }

    /** One more call of {@code price} sent under {@code paid} (at the same nonce). */
    Signed plus(SignedAuthorization paid, long price) {
      return new Signed(channel, nonce, paid, spent + price, sent + price, whole);
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
      prove(known);
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
          VerifiedChannel opened = open(height());
          prove(opened);
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
    long height = height();
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
        prove(known);
        return Optional.of(candidate.id());
      }
    }
    return Optional.empty();
  }

  /**
   * The authorization one call of {@code price} carries: the one last signed when it still covers
   * the call by the window rule (no I/O but a read of the cached primary height, refreshed in the
   * background), else a new one a window ahead (saved, then signed). Before
   * signing, when what would be authorized at the channel's nonce comes within a quarter of the
   * policy's value of what the channel holds (as last proven), it first adds the policy's value and
   * moves the expiration to {@code lifetime} blocks from now (a fund order, certified), early enough
   * for the seller to see the fund certificate before it is needed.
   */
  public SignedAuthorization pay(long price) throws PayKitException {
    ChannelId id = channel();
    stalled(id);
    try {
      VerifiedChannel known = proven;
      boolean expiring = expiring(known);
      if (!expiring) {
        SignedAuthorization covering = covering(id, price);
        if (covering != null) {
          return covering;
        }
      }
      if (expiring || low(id, price, known)) {
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
      signed = last.plus(last.authorization(), price);
      return paid(last.authorization(), price);
    }
  }

  /**
   * Pays a call of {@code price} on {@code id} by the window rule, signing when it says so (the only
   * I/O under the lock: concurrent calls wait for the one signature rather than each signing). A new
   * channel or nonce, or a restarted payer, starts from the authorization the wallet saved there
   * (signed again: identical bytes), counting nothing as spent: the seller's refusal corrects that
   * ({@link #resync}) without adding a window per restart.
   */
  private SignedAuthorization sign(ChannelId id, long price) throws PayKitException {
    VerifiedChannel known = proven;
    long value = known == null || !known.id().equals(id) ? Long.MAX_VALUE : known.value();
    synchronized (windowLock) {
      SignedAuthorization saved = wallet.authorization(id);
      long nonce = saved.authorization().nonce().value();
      long authorized = saved.authorization().amount().units();
      Signed last = signed;
      Signed now = last != null && last.channel().equals(id) && last.nonce() == nonce
          // Another payer of this wallet raised the amount: this one no longer knows everything sent here.
          ? new Signed(id, nonce, saved, last.spent(), last.sent(), last.whole() && last.authorized() == authorized)
          : new Signed(id, nonce, saved, 0, 0, authorized == 0);
      return switch (window.next(authorized, now.spent(), price, value)) {
        case AuthorizationWindow.Step.Covered covered -> {
          signed = now.plus(saved, price);
          yield paid(saved, price);
        }
        case AuthorizationWindow.Step.Sign sign -> {
          SignedAuthorization fresh = wallet.authorize(id, new Amount(sign.amount() - authorized));
          long at = fresh.authorization().nonce().value();
          // The wallet moved to a new nonce meanwhile (a claim seen): what it signed there pays this call alone.
          signed = at == nonce ? now.plus(fresh, price) : new Signed(id, at, fresh, price, price, false);
          yield paid(fresh, price);
        }
      };
    }
  }

  /** Counts a call of {@code price} paid by {@code authorization} (under {@code windowLock}), and returns it. */
  private SignedAuthorization paid(SignedAuthorization authorization, long price) {
    paidTotal.addAndGet(price);
    if (resyncPending) {
      resyncPending = false;
      resyncedNonce = authorization.authorization().nonce().value();
      resyncedAmount = authorization.authorization().amount().units();
    }
    return authorization;
  }

  /** A call paid by {@code authorization} was answered by the seller: a later refusal of it may be resynced again. */
  public void served(SignedAuthorization authorization) {
    if (authorization.authorization().amount().units() != resyncedAmount) {
      return; // the hot path: no lock
    }
    synchronized (windowLock) {
      if (authorization.authorization().amount().units() == resyncedAmount
          && authorization.authorization().nonce().value() == resyncedNonce) {
        resyncedAmount = -1;
      }
    }
  }

  /** The price of every call this payer has paid so far: read it before {@link #pay} to pass to {@link #resync}. */
  public long paidSoFar() {
    return paidTotal.get();
  }

  /**
   * The seller refused a call that carried {@code carried} with {@code INSUFFICIENT_PAYMENT}, saying
   * it needed {@code needed} (its accepted total plus the call's {@code price}): takes the seller's
   * count, plus the calls paid after the refused one ({@link #paidSoFar} was {@code mark} before it
   * was paid; the seller may not have counted them yet, and counting too much only signs a little
   * earlier), as what is spent at that nonce, so the next payment follows the window rule from there
   * (signing {@code accepted + price + window}, saved before signed, when the saved amount does not
   * cover it). True when the call may be paid again and retried (it was not served). False, with
   * nothing changed, when the refusal is not about the wallet's current nonce, or does not say more
   * is needed than the call carried, or claims the seller accepted more than this wallet ever saved
   * at that nonce (the seller is lying: the refusal stands), or refuses the authorization the payment
   * after the last resync carried before any call it paid was {@link #served} (the window rule signs
   * again once this payer's own count says so).
   */
  public boolean resync(SignedAuthorization carried, long needed, long price, long mark) throws PayKitException {
    ChannelId id = carried.authorization().channel();
    long accepted = needed - price;
    if (price <= 0 || needed <= carried.authorization().amount().units() || !id.equals(channel)) {
      return false;
    }
    synchronized (windowLock) {
      SignedAuthorization saved = wallet.authorization(id);
      long nonce = saved.authorization().nonce().value();
      long authorized = saved.authorization().amount().units();
      if (nonce != carried.authorization().nonce().value()
          || nonce == resyncedNonce && carried.authorization().amount().units() == resyncedAmount) {
        return false;
      }
      if (accepted > authorized) {
        log.warn("channel {}: the seller says it accepted {} at nonce {}, more than this wallet ever authorized there ({}):"
            + " refusal kept, nothing changed", id, accepted, nonce, authorized);
        return false;
      }
      Signed last = signed;
      boolean here = last != null && last.channel().equals(id) && last.nonce() == nonce;
      long after = Math.max(0, paidTotal.get() - mark - price);
      signed = new Signed(id, nonce, saved, accepted + after, here ? last.sent() : 0,
          here && last.whole() && last.authorized() == authorized);
      resyncPending = true;
      return true;
    }
  }

  /**
   * Adopts {@code now} as the channel's proven state (an older read, at a lower nonce, is ignored).
   * When it is the claim that moved the nonce this payer sent everything at, and the channel lost
   * more value than the payer sent there (funds only add, so a fund in between never makes this
   * look worse), the seller claimed authorization it did not serve: from then on this payer pays
   * exactly per call (window 0).
   */
  private void prove(VerifiedChannel now) {
    synchronized (windowLock) {
      VerifiedChannel before = proven;
      if (before != null && before.id().equals(now.id()) && before.nonce().value() > now.nonce().value()) {
        return;
      }
      proven = now;
      Signed last = signed;
      if (before == null || last == null || !before.id().equals(now.id()) || !last.channel().equals(now.id()) || !last.whole()
          || before.nonce().value() != last.nonce() || now.nonce().value() != last.nonce() + 1) {
        return;
      }
      long taken = before.value() - now.value();
      if (taken > last.sent() && window.window() > 0) {
        window = new AuthorizationWindow(0);
        log.warn("channel {}: the seller's claim at nonce {} took {} but this payer sent {} there; paying exactly per call from"
            + " now on", now.id(), last.nonce(), taken, last.sent());
      }
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
        prove(wallet.channel(id));
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
    long height = height();
    if (now.expiration() <= height) {
      VerifiedChannel opened = open(height);
      synchronized (follow) {
        stalledAt = -1; // a stalled follow was about the old channel
      }
      prove(opened);
      channel = opened.id();
      return channel;
    }
    boolean low = low(id, price, now);
    if (low || now.expiration() <= height + policy.margin()) {
      now = wallet.fundChannel(id, low ? policy.value() : Amount.ZERO, Math.max(now.expiration(), height + policy.lifetime()));
    }
    prove(now);
    return id;
  }

  private VerifiedChannel open(long height) throws PayKitException {
    return wallet.openChannel(seller.account(), seller.asset(), policy.value(), height + policy.lifetime(), seller.group(),
        policy.hotKey());
  }

  /**
   * Whether {@code known} expires within the policy's margin of the primary's height as last read
   * (no I/O: a read older than {@link #HEIGHT_REFRESH} is refreshed in the background, so an
   * unreachable primary never holds up a call).
   */
  private boolean expiring(VerifiedChannel known) {
    synchronized (heightLock) {
      if (!heightRefreshing && System.nanoTime() - heightReadNanos - HEIGHT_REFRESH.toNanos() >= 0) {
        heightRefreshing = true;
        Thread.ofVirtual().name("channel-payer-height").start(this::refreshHeight);
      }
    }
    return known != null && known.expiration() <= knownHeight + policy.margin();
  }

  private void refreshHeight() {
    try {
      height();
    } catch (PayKitException e) {
      log.debug("primary height not read, the last one stands: {}", e.getMessage());
    } finally {
      synchronized (heightLock) {
        heightRefreshing = false;
      }
    }
  }

  /** The primary's height, read now (outside the lock: the hot path never waits for it); a failed read also counts as a read. */
  private long height() throws PayKitException {
    try {
      long height = wallet.primaryHeight();
      knownHeight = height;
      return height;
    } finally {
      synchronized (heightLock) {
        heightReadNanos = System.nanoTime() | 1; // never 0: 0 means not read
      }
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
        prove(wallet.channel(id));
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
