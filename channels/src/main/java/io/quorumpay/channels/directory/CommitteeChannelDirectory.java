package io.quorumpay.channels.directory;

import io.quorumpay.channels.policy.ChannelView;
import io.quorumpay.client.PayKitException;
import io.quorumpay.core.client.VerifiedChannel;
import io.quorumpay.core.messages.ChannelOpen;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.ChannelId;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChannelDirectory} filled from the committee: each watched channel is read as its
 * certificates prove it (open, funds, claims and refunds, each verified against the committee:
 * {@code PayKit.channel(id, sender)}), kept in memory, and read again every {@code refresh}. What an
 * authority merely says is never believed. A payment names only the channel, so the seller watches
 * each channel with its sender: {@link #watch} (configured), or {@link #discover} when a call names
 * it in {@code qp-channel-sender} (bounded by {@link Limits}).
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
   * may retry).
   */
  public record Limits(int watched, int lookups) {
    public Limits {
      if (watched <= 0 || lookups <= 0) {
        throw new IllegalArgumentException("watch at least one channel and allow at least one lookup");
      }
    }

    /** 100,000 channels, 8 lookups at once. */
    public static Limits standard() {
      return new Limits(100_000, 8);
    }
  }

  private final ChannelSource source;
  private final Limits limits;
  private final Semaphore lookups;
  private final Map<ChannelId, AccountId> senders = new ConcurrentHashMap<>();
  private final Map<ChannelId, ChannelView> views = new ConcurrentHashMap<>();
  private final ScheduledExecutorService refresher;

  private CommitteeChannelDirectory(ChannelSource source, Duration refresh, Limits limits) {
    this.source = source;
    this.limits = limits;
    this.lookups = new Semaphore(limits.lookups());
    this.refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("channel-directory").factory());
    refresher.scheduleWithFixedDelay(this::refreshAll, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
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
    return new CommitteeChannelDirectory(source, refresh, limits);
  }

  /**
   * Proves an announced channel from the committee on the caller's thread, and watches it when
   * {@code wanted} and there is room. Empty (nothing watched) when no lookup is free, when the
   * directory is full, or when certificates do not prove the channel (the announced sender is wrong,
   * the channel does not exist, no authority answers).
   */
  @Override
  public Optional<ChannelView> discover(ChannelId id, AccountId sender, Predicate<ChannelView> wanted) {
    if (senders.size() >= limits.watched() || !lookups.tryAcquire()) {
      return Optional.empty();
    }
    try {
      ChannelView view = view(source.read(id, sender));
      if (wanted.test(view) && senders.size() < limits.watched()) {
        senders.putIfAbsent(id, sender);
        views.merge(id, view, CommitteeChannelDirectory::later);
      }
      return Optional.of(view);
    } catch (PayKitException | RuntimeException e) {
      log.debug("announced channel {} of {} not proven: {}", id, sender, e.getMessage());
      return Optional.empty();
    } finally {
      lookups.release();
    }
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
    views.merge(id, view(source.read(id, sender)), CommitteeChannelDirectory::later);
    return Optional.of(views.get(id));
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

  private void refreshAll() {
    for (ChannelId id : senders.keySet()) {
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
