package io.quorumpay.primary;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Produces a block of a {@link DevChain} every interval, on its own thread: the dev chain's clock. */
public final class BlockProducer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BlockProducer.class);

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "block-producer");
    thread.setDaemon(true);
    return thread;
  });

  public BlockProducer(DevChain chain, Duration interval) {
    scheduler.scheduleAtFixedRate(() -> {
      try {
        chain.produceBlock();
      } catch (IOException | RuntimeException e) {
        log.error("block production failed; retrying at the next interval", e);
      }
    }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
