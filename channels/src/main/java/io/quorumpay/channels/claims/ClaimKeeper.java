package io.quorumpay.channels.claims;

import io.quorumpay.channels.ledger.ChannelLedger;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the automatic claim policy in the background: resumes claims in flight once, then ticks at a fixed interval. */
public final class ClaimKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClaimKeeper.class);
  private final Thread thread;

  private ClaimKeeper(Thread thread) {
    this.thread = thread;
  }

  /** Starts resuming and ticking {@code claims} every {@code interval}. */
  public static ClaimKeeper start(Claims claims, Duration interval) {
    return new ClaimKeeper(Thread.ofPlatform().name("claim-keeper").daemon().start(() -> {
      boolean resumed = false;
      while (!Thread.currentThread().isInterrupted()) {
        try {
          if (!resumed) {
            claims.resume();
            resumed = true;
          }
          claims.tick();
          Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
          return;
        } catch (ChannelLedger.LedgerException e) {
          log.warn("claim policy round failed, trying again next round: {}", e.getMessage());
          try {
            Thread.sleep(interval.toMillis());
          } catch (InterruptedException stop) {
            return;
          }
        }
      }
    }));
  }

  @Override
  public void close() throws InterruptedException {
    thread.interrupt();
    thread.join(Duration.ofSeconds(5).toMillis());
  }
}
