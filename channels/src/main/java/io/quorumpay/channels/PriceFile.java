package io.quorumpay.channels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prices in force, from a file that can change while the seller runs: {@link #reload()} reads
 * it again, and {@link #watch()} does so whenever its modification time changes (checked every
 * second). A file that does not parse leaves the previous prices in force and is reported.
 */
public final class PriceFile implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PriceFile.class);
  private static final long POLL_MILLIS = 1_000;

  private final Path path;
  private final AtomicReference<Prices> prices;
  private volatile FileTime loadedAt;
  private Thread watcher;

  private PriceFile(Path path, Prices prices, FileTime loadedAt) {
    this.path = path;
    this.prices = new AtomicReference<>(prices);
    this.loadedAt = loadedAt;
  }

  /** Reads the file; fails if it is missing or bad (a seller does not start with no prices). */
  public static PriceFile open(Path path) throws IOException {
    FileTime modified = Files.getLastModifiedTime(path);
    return new PriceFile(path, Prices.load(path), modified);
  }

  /** The price of {@code method} now. */
  public OptionalLong price(String method) {
    return prices.get().price(method);
  }

  /** Reads the file again; returns false (keeping the old prices) if it is bad. */
  public boolean reload() {
    try {
      // Remembered even when the file is bad, so that the watcher reports it once, not every second.
      loadedAt = Files.getLastModifiedTime(path);
      prices.set(Prices.load(path));
      log.info("prices reloaded from {}", path);
      return true;
    } catch (IOException e) {
      log.error("prices not reloaded, the previous ones stay in force: {}", e.getMessage());
      return false;
    }
  }

  /** Starts reloading on every change of the file's modification time. */
  public synchronized PriceFile watch() {
    if (watcher == null) {
      watcher = Thread.ofPlatform().name("prices-watcher").daemon().start(this::poll);
    }
    return this;
  }

  private void poll() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(POLL_MILLIS);
        if (!Files.getLastModifiedTime(path).equals(loadedAt)) {
          reload();
        }
      } catch (InterruptedException e) {
        return;
      } catch (IOException e) {
        log.warn("cannot read {}: {}", path, e.getMessage());
      }
    }
  }

  @Override
  public synchronized void close() {
    if (watcher != null) {
      watcher.interrupt();
    }
  }
}
