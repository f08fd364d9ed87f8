package io.quorumpay.hub.admission;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What admission last read from the database, reused for at most {@link #STALENESS}: the current
 * terms, and per account its {@link AdmissionStore.Standing}. An order then waits on no database
 * read while its sender's facts are fresh (without it, every order waited on three reads through
 * the pool: docs/BENCHMARKS.md, "Hub"). {@link #forget()} drops
 * everything at once; the hub calls it after each of its own admission writes, so on this hub a
 * bar, a lift, new terms or a registration count from the next order. A write by another hub on
 * the same database counts here within {@link #STALENESS}. At most {@link #MAX_ACCOUNTS} accounts
 * are kept (past that the cache starts empty). Time is passed in, as monotonic nanoseconds.
 */
final class AdmissionCache {
  /** How old a read may be and still decide an order. */
  static final Duration STALENESS = Duration.ofSeconds(5);
  static final int MAX_ACCOUNTS = 100_000;

  /** A database read: its value, when it began, and the generation it belongs to. */
  private record Read<T>(T value, long atNanos, long generation) {}

  /** A read of the database that may fail. */
  @FunctionalInterface
  interface Source<T> {
    T read() throws SQLException;
  }

  private final ConcurrentHashMap<String, Read<AdmissionStore.Standing>> accounts = new ConcurrentHashMap<>();
  private volatile Read<Optional<Terms>> terms;
  /**
   * Bumped by {@link #forget()}: a read that began before a write may finish after it, so only
   * reads of the current generation count (a slow reader cannot put back what a write replaced).
   */
  private final AtomicLong generation = new AtomicLong();

  Optional<Terms> terms(long nowNanos, Source<Optional<Terms>> source) throws SQLException {
    Read<Optional<Terms>> read = terms;
    if (fresh(read, nowNanos)) {
      return read.value();
    }
    long readGeneration = generation.get();
    Optional<Terms> value = source.read();
    terms = new Read<>(value, nowNanos, readGeneration);
    return value;
  }

  AdmissionStore.Standing standing(String account, long nowNanos, Source<AdmissionStore.Standing> source) throws SQLException {
    Read<AdmissionStore.Standing> read = accounts.get(account);
    if (fresh(read, nowNanos)) {
      return read.value();
    }
    long readGeneration = generation.get();
    AdmissionStore.Standing value = source.read();
    if (accounts.size() >= MAX_ACCOUNTS) {
      accounts.clear();
    }
    accounts.put(account, new Read<>(value, nowNanos, readGeneration));
    return value;
  }

  /** Drops everything read so far: called after a write to the admission tables. */
  void forget() {
    generation.incrementAndGet();
    accounts.clear();
    terms = null;
  }

  private boolean fresh(Read<?> read, long nowNanos) {
    return read != null && read.generation() == generation.get() && nowNanos - read.atNanos() < STALENESS.toNanos();
  }
}
