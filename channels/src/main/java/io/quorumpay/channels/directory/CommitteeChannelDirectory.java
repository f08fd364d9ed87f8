package io.quorumpay.channels.directory;

import io.quorumpay.channels.policy.ChannelView;
import io.quorumpay.client.PayKitException;
import io.quorumpay.core.client.VerifiedChannel;
import io.quorumpay.core.messages.ChannelOpen;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.ChannelId;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChannelDirectory} filled from the committee: each watched channel is read as its
 * certificates prove it (open, funds, claims and refunds, each verified against the committee:
 * {@code PayKit.channel(id, sender)}), kept in memory, and read again every {@code refresh}. What an
 * authority merely says is never believed. A payment names only the channel, so the seller watches
 * each channel with its sender: {@link #watch} (configured), or {@link #discover} and {@link #adopt}
 * when a call names it in {@code qp-channel-sender} (bounded by {@link Limits}). Channels are read
 * through their own {@link ChannelSource} (a {@code ChannelReader}), never under the seller wallet's
 * lock, so lookups never hold up claims.
 */
public final class CommitteeChannelDirectory implements ChannelDirectory, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CommitteeChannelDirectory.class);

  /** Reads a channel of a sender from certificates alone ({@code PayKit::channel}). */
  @FunctionalInterface
  public interface ChannelSource {
    /** Channel {@code id} of {@code sender} as certificates prove it. */
    VerifiedChannel read(ChannelId id, AccountId sender) throws PayKitException;
  }

  /**
   * Bounds on channels learned from calls ({@link #discover}): at most {@code watched} channels
   * watched in all (an announced channel beyond it stays unknown), at most {@code lookups} committee
   * reads for announced channels at once (a call finding none free gets {@code UNKNOWN_CHANNEL} and
   * may retry), the outcome of a lookup kept for {@code remembered} (at most {@code remembers} of them,
   * keyed by channel and announced sender) so the same announcement is not read again meanwhile, and
   * at most {@code refreshes} channels read again per refresh tick (the rest on later ticks).
   */
  public record Limits(int watched, int lookups, int remembers, Duration remembered, int refreshes) {
    public Limits {
      if (watched <= 0 || lookups <= 0 || remembers <= 0 || refreshes <= 0 || remembered.isNegative()) {
        throw new IllegalArgumentException("watch at least one channel, allow at least one lookup, remember and refresh some");
      }
    }

    /** 100,000 channels, 8 lookups at once, 10,000 lookups remembered for 30 s, 1,000 refreshes a tick. */
    public static Limits standard() {
      return new Limits(100_000, 8, 10_000, Duration.ofSeconds(30), 1_000);
    }

    /** The standard limits with at most {@code watched} channels watched. */
    public static Limits watching(int watched) {
      Limits s = standard();
      return new Limits(watched, s.lookups(), s.remembers(), s.remembered(), s.refreshes());
    }
  }

  /** One lookup's outcome: the proven channel, or empty when not proven. */
  private record Lookup(Optional<ChannelView> proven, long until) {}

  private record Announcement(ChannelId id, AccountId sender) {}

  private final ChannelSource source;
  private final Limits limits;
  private final LongSupplier nanos;
  private final Semaphore lookups;
  private final Map<ChannelId, AccountId> senders = new ConcurrentHashMap<>();
  private final Map<ChannelId, ChannelView> views = new ConcurrentHashMap<>();
  private final Map<ChannelId, CompletableFuture<Optional<ChannelView>>> inFlight = new ConcurrentHashMap<>();
  /** Recent lookups, oldest first, bounded by {@code Limits.remembers}; guarded by itself. */
  private final LinkedHashMap<Announcement, Lookup> recent = new LinkedHashMap<>();
  private final ScheduledExecutorService refresher;
  /** Where the last refresh tick stopped; only the refresher thread uses it. */
  private Iterator<ChannelId> refreshCursor = Collections.emptyIterator();

  private CommitteeChannelDirectory(ChannelSource source, Duration refresh, Limits limits, LongSupplier nanos) {
    this.source = source;
    this.limits = limits;
    this.nanos = nanos;
    this.lookups = new Semaphore(limits.lookups());
    this.refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("channel-directory").factory());
    refresher.scheduleWithFixedDelay(this::refreshSome, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A directory reading channels through {@code source}, each watched one again every {@code refresh}. */
  public static CommitteeChannelDirectory start(ChannelSource source, Duration refresh) {
    return start(source, refresh, Limits.standard());
  }

  /** Like {@link #start(ChannelSource, Duration)}, with {@code limits} on channels learned from calls. */
  public static CommitteeChannelDirectory start(ChannelSource source, Duration refresh, Limits limits) {
    if (refresh.isNegative() || refresh.isZero()) {
      throw new IllegalArgumentException("a refresh interval is positive, not " + refresh);
    }
    return new CommitteeChannelDirectory(source, refresh, limits, System::nanoTime);
  }

  /**
   * Proves an announced channel from the committee on the caller's thread (nothing watched: see
   * {@link #adopt}). Calls announcing one channel at once share one read; the outcome for (id,
   * sender) is remembered for {@code Limits.remembered}, so junk announcements repeat no reads. Empty
   * when no lookup is free, when the directory is full, or when certificates do not prove the channel
   * with this sender (the channel does not exist, the sender is wrong, no authority answers).
   */
  @Override
  public Optional<ChannelView> discover(ChannelId id, AccountId sender) {
    if (senders.size() >= limits.watched()) {
      return Optional.empty();
    }
    Announcement key = new Announcement(id, sender);
    Optional<Lookup> known = remembered(key);
    if (known.isPresent()) {
      return known.get().proven();
    }
    CompletableFuture<Optional<ChannelView>> mine = new CompletableFuture<>();
    CompletableFuture<Optional<ChannelView>> shared = inFlight.putIfAbsent(id, mine);
    Optional<ChannelView> proven = shared != null ? shared.join() : read(id, sender, mine);
    // A read shared with a call naming another sender proves nothing for this one.
    return proven.filter(v -> v.sender().equals(sender));
  }

  /** Reads an announced channel, completing {@code mine} (which other callers wait on) whatever happens. */
  private Optional<ChannelView> read(ChannelId id, AccountId sender, CompletableFuture<Optional<ChannelView>> mine) {
    if (!lookups.tryAcquire()) {
      inFlight.remove(id, mine);
      mine.complete(Optional.empty());
      return Optional.empty();
    }
    Optional<ChannelView> proven = Optional.empty();
    try {
      proven = Optional.of(view(source.read(id, sender))).filter(v -> v.sender().equals(sender));
    } catch (PayKitException | RuntimeException e) {
      log.debug("announced channel {} of {} not proven: {}", id, sender, e.getMessage());
    } finally {
      lookups.release();
      remember(new Announcement(id, sender), proven);
      inFlight.remove(id, mine);
      mine.complete(proven);
    }
    return proven;
  }

  private Optional<Lookup> remembered(Announcement key) {
    synchronized (recent) {
      Lookup lookup = recent.get(key);
      if (lookup != null && lookup.until() - nanos.getAsLong() <= 0) {
        recent.remove(key);
        return Optional.empty();
      }
      return Optional.ofNullable(lookup);
    }
  }

  private void remember(Announcement key, Optional<ChannelView> proven) {
    synchronized (recent) {
      recent.remove(key);
      recent.put(key, new Lookup(proven, nanos.getAsLong() + limits.remembered().toNanos()));
      Iterator<Lookup> oldest = recent.values().iterator();
      while (recent.size() > limits.remembers() && oldest.hasNext()) {
        oldest.next();
        oldest.remove();
      }
    }
  }

  /**
   * Starts watching a channel {@link #discover} proved (after the call's payment checked against it).
   * The size check and the insert are one step, so the bound holds however many calls race. False when
   * the directory is full.
   */
  @Override
  public synchronized boolean adopt(ChannelView proven) {
    if (!senders.containsKey(proven.id()) && senders.size() >= limits.watched()) {
      return false;
    }
    senders.putIfAbsent(proven.id(), proven.sender());
    views.merge(proven.id(), proven, CommitteeChannelDirectory::later);
    return true;
  }

  /**
   * Stops watching channels expired before {@code height} that {@code settled} says have nothing
   * left to claim (at most {@code Limits.refreshes} looked at per call), so the watched set shrinks.
   */
  @Override
  public void retire(long height, Predicate<ChannelId> settled) {
    int looked = 0;
    for (ChannelView view : views.values()) {
      if (looked >= limits.refreshes()) {
        return;
      }
      if (view.expiration() < height) {
        looked++;
        if (settled.test(view.id())) {
          forget(view.id());
        }
      }
    }
  }

  private synchronized void forget(ChannelId id) {
    senders.remove(id);
    views.remove(id);
  }

  /**
   * Starts watching channel {@code id} of {@code sender}: reads it now and returns what the
   * certificates prove. Refused (the paykit's error, nothing watched) when no authority holds a valid
   * open certificate for it or none answers.
   */
  public ChannelView watch(ChannelId id, AccountId sender) throws PayKitException {
    ChannelView view = view(source.read(id, sender));
    senders.put(id, sender);
    views.merge(id, view, CommitteeChannelDirectory::later);
    return views.get(id);
  }

  /** Reads channel {@code id} again now (after a claim, say); a channel not watched stays unknown. */
  public Optional<ChannelView> refresh(ChannelId id) throws PayKitException {
    AccountId sender = senders.get(id);
    if (sender == null) {
      return Optional.empty();
    }
    ChannelView read = view(source.read(id, sender));
    return Optional.ofNullable(views.computeIfPresent(id, (k, known) -> later(known, read)));
  }

  @Override
  public Optional<ChannelView> channel(ChannelId id) {
    return Optional.ofNullable(views.get(id));
  }

  /**
   * What the seller relies on from a proven channel. Its value is at least 0: certificates never
   * prove less (funds it has not seen only make the real value higher).
   */
  public static ChannelView view(VerifiedChannel channel) {
    ChannelOpen open = channel.open();
    return new ChannelView(channel.id(), channel.sender(), open.authorizer(), channel.recipient(), open.asset(),
        new Amount(Math.max(0, channel.value())), channel.nonce(), channel.expiration(), open.group());
  }

  /**
   * Of two proofs of one channel, the one that shows more: a later nonce, else (same nonce) more
   * value and a later expiration. A read that saw fewer certificates never takes a channel back.
   */
  static ChannelView later(ChannelView known, ChannelView read) {
    if (read.nonce().value() != known.nonce().value()) {
      return read.nonce().value() > known.nonce().value() ? read : known;
    }
    return read.value().units() >= known.value().units() && read.expiration() >= known.expiration() ? read : known;
  }

  /** Reads again up to {@code Limits.refreshes} watched channels, carrying on where the last tick stopped. */
  private void refreshSome() {
    for (int read = 0; read < limits.refreshes(); read++) {
      if (!refreshCursor.hasNext()) {
        refreshCursor = senders.keySet().iterator();
        if (!refreshCursor.hasNext() || read > 0) {
          return; // nothing watched, or every channel read once this tick
        }
      }
      ChannelId id = refreshCursor.next();
      try {
        refresh(id);
      } catch (PayKitException | RuntimeException e) {
        log.warn("channel {} not refreshed; its last proven state stays: {}", id, e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }
}
