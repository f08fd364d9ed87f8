package io.quorumpay.channels.ledger;

import io.quorumpay.channels.policy.ChannelRecord;
import io.quorumpay.core.types.ChannelId;
import java.util.List;
import java.util.Optional;

/**
 * The seller's channel records, updated by compare-and-set only: a step reads a record and returns
 * the record to put in its place; when another update got there first, the step runs again on the
 * newer record. No lock is ever taken, so none can be left held.
 *
 * <p>Durability: an update returns only once a record that covers the one it wrote is durable
 * ({@link ChannelRecord#coveredBy}: same nonce and claim in flight, and a durable highest
 * authorization at least the written record's accepted total), so every call it admits, and every
 * call admitted before it at that nonce, is paid by an authorization a crash cannot lose. A written
 * record not covered (a nonce moved, a claim started or finished, calls beyond the durable
 * authorization) is itself durable when the update returns; a covered one whose durable part changed
 * (a newer authorization) is made durable soon after, without the update waiting for it. A store
 * that keeps the accepted total durably too (etcd) may simply make every written record durable.
 */
public interface ChannelLedger extends AutoCloseable {

  /** Most attempts of one update under contention before it gives up (as UNAVAILABLE). */
  int MAX_ATTEMPTS = 1_000;

  /** What a step decided. */
  sealed interface Update<T> {
    /** Replace the record with {@code next}, then return {@code result}. */
    record Write<T>(ChannelRecord next, T result) implements Update<T> {}

    /** Change nothing and return {@code result}. */
    record Keep<T>(T result) implements Update<T> {}
  }

  /** A pure decision over the current record (empty when the seller has none for the channel). */
  @FunctionalInterface
  interface Step<T> {
    Update<T> apply(Optional<ChannelRecord> current);
  }

  /** A channel and its record, for listings. */
  record Entry(ChannelId channel, ChannelRecord record) {}

  /** Runs {@code step} on the channel's record until its write wins; covered by a durable record when it returns. */
  <T> T update(ChannelId channel, Step<T> step) throws LedgerException;

  /** Up to {@code limit} channels the seller has a record for, by channel id. */
  List<Entry> list(int limit) throws LedgerException;

  @Override
  void close();

  /** The store cannot answer now (I/O failure, unreachable, too much contention); nothing was decided. */
  final class LedgerException extends Exception {
    /** Says what could not be done; {@code cause} may be null. */
    public LedgerException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
