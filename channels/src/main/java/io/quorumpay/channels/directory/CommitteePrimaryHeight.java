package io.quorumpay.channels.directory;

import io.quorumpay.api.primary.PrimaryChain;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The primary chain's height from its status, read at start and then every {@code refresh}; between
 * reads (and while the chain is unreachable) the last height seen. It never goes back.
 */
public final class CommitteePrimaryHeight implements PrimaryHeight, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CommitteePrimaryHeight.class);
  private final PrimaryChain primary;
  private final AtomicLong height = new AtomicLong();
  private final ScheduledExecutorService refresher;

  private CommitteePrimaryHeight(PrimaryChain primary, long first, Duration refresh) {
    this.primary = primary;
    height.set(first);
    this.refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("primary-height").factory());
    refresher.scheduleWithFixedDelay(this::read, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Reads {@code primary}'s height now (failing if it is unreachable), then every {@code refresh}. */
  public static CommitteePrimaryHeight start(PrimaryChain primary, Duration refresh) throws IOException {
    if (refresh.isNegative() || refresh.isZero()) {
      throw new IllegalArgumentException("a refresh interval is positive, not " + refresh);
    }
    return new CommitteePrimaryHeight(primary, primary.status().height(), refresh);
  }

  @Override
  public long current() {
    return height.get();
  }

  private void read() {
    try {
      long seen = primary.status().height();
      height.accumulateAndGet(seen, Math::max);
    } catch (IOException | RuntimeException e) {
      log.warn("primary chain height not read; {} stays: {}", height.get(), e.getMessage());
    }
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }
}
