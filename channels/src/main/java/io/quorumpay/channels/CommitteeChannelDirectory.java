package io.quorumpay.channels;

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
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChannelDirectory} filled from the committee: each watched channel is read as its
 * certificates prove it (open, funds, claims and refunds, each verified against the committee:
 * {@code PayKit.channel(id, sender)}), kept in memory, and read again every {@code refresh}. What an
 * authority merely says is never believed. A payment names only the channel, so the seller watches
 * each channel with its sender ({@link #watch}) once the buyer announces it.
 */
public final class CommitteeChannelDirectory implements ChannelDirectory, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CommitteeChannelDirectory.class);

  /** Reads a channel of a sender from certificates alone ({@code PayKit::channel}). */
  @FunctionalInterface
  public interface ChannelSource {
    /** Channel {@code id} of {@code sender} as certificates prove it. */
    VerifiedChannel read(ChannelId id, AccountId sender) throws PayKitException;
  }

  private final ChannelSource source;
  private final Map<ChannelId, AccountId> senders = new ConcurrentHashMap<>();
  private final Map<ChannelId, ChannelView> views = new ConcurrentHashMap<>();
  private final ScheduledExecutorService refresher;

  private CommitteeChannelDirectory(ChannelSource source, Duration refresh) {
    this.source = source;
    this.refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("channel-directory").factory());
    refresher.scheduleWithFixedDelay(this::refreshAll, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A directory reading channels through {@code source}, each watched one again every {@code refresh}. */
  public static CommitteeChannelDirectory start(ChannelSource source, Duration refresh) {
    if (refresh.isNegative() || refresh.isZero()) {
      throw new IllegalArgumentException("a refresh interval is positive, not " + refresh);
    }
    return new CommitteeChannelDirectory(source, refresh);
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
