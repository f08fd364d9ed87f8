package io.quorumpay.hub.live;

import java.sql.SQLException;
import java.util.List;

/**
 * The hub's event log as live notifications read it: the indexer's history rows, in commit order,
 * each with an id that only grows (the cursor). The database is the truth; a subscriber that
 * resumes after a cursor reads exactly the rows it has not seen.
 */
public interface EventLog {
  /** Rows of {@code account} (64 hex digits) with id greater than {@code cursor}, in id order, at most {@code limit}. */
  List<LogRow> accountAfter(String account, long cursor, int limit) throws SQLException;

  /** Rows of every account with id greater than {@code cursor}, in id order, at most {@code limit}. */
  List<LogRow> allAfter(long cursor, int limit) throws SQLException;

  /** The id of the newest row (0 when there is none): where a subscription without {@code since} starts. */
  long head() throws SQLException;
}
