package io.quorumpay.hub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The one-writer rule for the history table: a session-level PostgreSQL advisory lock, held on a
 * connection of its own. Live notifications read history in id order and trust that ids commit in
 * that order, which holds only while one indexer writes. The writer's transactions run on the
 * very connection that holds the lock, so if that session is lost (and with it the lock, which
 * another hub may then take) they fail instead of writing next to the new holder.
 */
public final class IndexerLock implements AutoCloseable {
  /** The lock's key, the same for every hub on one database ("QPhubidx"). */
  static final long KEY = 0x5150_6875_6269_6478L;
  private final HubDatabase database;
  private Connection held;

  public IndexerLock(HubDatabase database) {
    this.database = database;
  }

  /** Takes the lock unless another session holds it; true while this one holds it. */
  public synchronized boolean tryTake() throws SQLException {
    if (held != null) {
      if (held.isValid(2)) {
        return true;
      }
      release();
    }
    Connection connection = database.dedicatedConnection();
    try (PreparedStatement take = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      take.setLong(1, KEY);
      try (ResultSet result = take.executeQuery()) {
        if (result.next() && result.getBoolean(1)) {
          connection.setAutoCommit(false);
          held = connection;
          return true;
        }
      }
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
    connection.close();
    return false;
  }

  /** Whether this hub holds the lock (as of its last {@link #tryTake()}). */
  public synchronized boolean held() {
    return held != null;
  }

  /** Runs {@code work} in a transaction on the lock's own session; fails unless the lock is held. */
  public synchronized <T> T transaction(HubDatabase.Work<T> work) throws SQLException {
    if (held == null) {
      throw new SQLException("this hub does not hold the indexer lock");
    }
    try {
      T result = work.run(held);
      held.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        held.rollback();
      } catch (SQLException lost) {
        release(); // the session is gone, and the lock with it
      }
      throw e;
    }
  }

  private void release() {
    try {
      held.close(); // ends the session, which releases the lock
    } catch (SQLException e) {
      // Already gone.
    }
    held = null;
  }

  @Override
  public synchronized void close() {
    if (held != null) {
      release();
    }
  }
}
