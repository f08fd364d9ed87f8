package io.quorumpay.hub.live;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The {@link EventLog} over the indexer's {@code history} table in PostgreSQL: its {@code id} is
 * the cursor. Ids are assigned in the indexer's transactions, one indexer at a time, so rows
 * become visible in id order and a reader after a cursor never skips one that commits later.
 */
public final class HistoryEventLog implements EventLog {
  /** No read returns more rows than this, whatever the caller asks. */
  public static final int MAX_PAGE = 500;
  private static final String COLUMNS = "id, account, direction, kind, counterparty, asset, amount, owner, sequence_number,"
      + " deposit_index, indexed_at";
  private final DataSource database;

  public HistoryEventLog(DataSource database) {
    this.database = database;
  }

  @Override
  public List<LogRow> accountAfter(String account, long cursor, int limit) throws SQLException {
    try (Connection c = database.getConnection(); PreparedStatement select = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM history WHERE account = ? AND id > ? ORDER BY id LIMIT ?")) {
      select.setString(1, account);
      select.setLong(2, cursor);
      select.setInt(3, Math.clamp(limit, 1, MAX_PAGE));
      return rows(select);
    }
  }

  @Override
  public List<LogRow> allAfter(long cursor, int limit) throws SQLException {
    try (Connection c = database.getConnection(); PreparedStatement select = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM history WHERE id > ? ORDER BY id LIMIT ?")) {
      select.setLong(1, cursor);
      select.setInt(2, Math.clamp(limit, 1, MAX_PAGE));
      return rows(select);
    }
  }

  @Override
  public long head() throws SQLException {
    try (Connection c = database.getConnection(); Statement select = c.createStatement();
        ResultSet rows = select.executeQuery("SELECT COALESCE(MAX(id), 0) FROM history")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static List<LogRow> rows(PreparedStatement select) throws SQLException {
    List<LogRow> rows = new ArrayList<>();
    try (ResultSet result = select.executeQuery()) {
      while (result.next()) {
        rows.add(new LogRow(result.getLong(1), result.getString(2), result.getString(3), result.getString(4), result.getString(5),
            result.getString(6), result.getLong(7), result.getString(8), (Long) result.getObject(9, Long.class),
            (Long) result.getObject(10, Long.class), result.getTimestamp(11).toInstant().toString()));
      }
    }
    return rows;
  }
}
