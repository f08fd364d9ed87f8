package io.quorumpay.hub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads of what the indexer stored: account history (paged) and analytics over a time range. */
public final class HistoryQueries {
  /** At most this many entries a page. */
  public static final int MAX_LIMIT = 200;
  private final HubDatabase database;

  public HistoryQueries(HubDatabase database) {
    this.database = database;
  }

  /**
   * A history filter: entries after {@code after} (a cursor: the id of the last entry of the
   * previous page, 0 for the first page), indexed in [{@code from}, {@code to}), of an asset, a
   * direction ({@code in}/{@code out}) and a kind, each optional; newest-first is not offered:
   * pages go forward in id order so that a cursor never misses an entry.
   */
  public record Filter(long after, int limit, Optional<Instant> from, Optional<Instant> to, Optional<String> asset,
      Optional<String> direction, Optional<String> kind) {}

  /** A page, and the cursor of the next one (null when this page is the last so far). */
  public record Page(List<HistoryEntry> items, Long nextCursor) {}

  /** The indexed certificate's bytes at (owner, sequence number), if the indexer stored one (it checked it first). */
  public Optional<byte[]> certificate(String owner, long sequenceNumber) throws SQLException {
    return database.read(c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT certificate FROM certificates WHERE owner = ? AND sequence_number = ?")) {
        select.setString(1, owner);
        select.setLong(2, sequenceNumber);
        try (java.sql.ResultSet result = select.executeQuery()) {
          return result.next() ? Optional.of(result.getBytes(1)) : Optional.empty();
        }
      }
    });
  }

  public Page history(String account, Filter filter) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT id, account, direction, kind, counterparty, asset, amount, owner, sequence_number,"
        + " deposit_index, indexed_at FROM history WHERE account = ? AND id > ?");
    List<Object> args = new ArrayList<>(List.of(account, filter.after()));
    filter.from().ifPresent(t -> { sql.append(" AND indexed_at >= ?"); args.add(Timestamp.from(t)); });
    filter.to().ifPresent(t -> { sql.append(" AND indexed_at < ?"); args.add(Timestamp.from(t)); });
    filter.asset().ifPresent(a -> { sql.append(" AND asset = ?"); args.add(a); });
    filter.direction().ifPresent(d -> { sql.append(" AND direction = ?"); args.add(d); });
    filter.kind().ifPresent(k -> { sql.append(" AND kind = ?"); args.add(k); });
    sql.append(" ORDER BY id LIMIT ?");
    int limit = Math.min(Math.max(filter.limit(), 1), MAX_LIMIT);
    args.add(limit + 1);
    return database.read(c -> {
      List<HistoryEntry> items = new ArrayList<>();
      try (PreparedStatement select = prepare(c, sql.toString(), args); ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          items.add(entry(rows));
        }
      }
      boolean more = items.size() > limit;
      List<HistoryEntry> page = more ? items.subList(0, limit) : items;
      return new Page(List.copyOf(page), more ? page.get(page.size() - 1).id() : null);
    });
  }

  /** Entries of every account after {@code after}, in id order (at most {@code limit}): what a live feed resumes from. */
  public List<HistoryEntry> allAfter(long after, int limit) throws SQLException {
    return database.read(c -> {
      List<HistoryEntry> items = new ArrayList<>();
      try (PreparedStatement select = prepare(c, "SELECT id, account, direction, kind, counterparty, asset, amount, owner,"
          + " sequence_number, deposit_index, indexed_at FROM history WHERE id > ? ORDER BY id LIMIT ?",
          List.of(after, Math.min(Math.max(limit, 1), MAX_LIMIT))); ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          items.add(entry(rows));
        }
      }
      return items;
    });
  }

  /** Payments in one interval. */
  public record Bucket(String start, long payments) {}

  /** Count and sum per asset. */
  public record Totals(long count, Map<String, Long> perAsset) {}

  /** Analytics over [{@code from}, {@code to}) by time indexed. */
  public record Analytics(String from, String to, String interval, List<Bucket> paymentsPerInterval, Map<String, Long> volumePerAsset,
      long activeAccounts, Totals deposits, Totals redeems, String timeBasis) {}

  /** {@code interval} is {@code minute}, {@code hour} or {@code day} (PostgreSQL's date_trunc units). */
  public Analytics analytics(Instant from, Instant to, String interval) throws SQLException {
    if (!List.of("minute", "hour", "day").contains(interval)) {
      throw new IllegalArgumentException("interval must be minute, hour or day");
    }
    Timestamp start = Timestamp.from(from);
    Timestamp end = Timestamp.from(to);
    return database.read(c -> {
      List<Bucket> buckets = new ArrayList<>();
      try (PreparedStatement select = prepare(c, "SELECT date_trunc('" + interval + "', indexed_at AT TIME ZONE 'UTC') AS bucket,"
          + " count(*) FROM certificates WHERE kind = 'transfer' AND indexed_at >= ? AND indexed_at < ? GROUP BY bucket ORDER BY bucket",
          List.of(start, end)); ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          buckets.add(new Bucket(rows.getTimestamp(1).toLocalDateTime().toString() + "Z", rows.getLong(2)));
        }
      }
      Map<String, Long> volume = sums(c, "SELECT asset, count(*), sum(amount) FROM certificates WHERE kind = 'transfer'"
          + " AND indexed_at >= ? AND indexed_at < ? GROUP BY asset", start, end).perAsset();
      long active;
      try (PreparedStatement select = prepare(c, "SELECT count(DISTINCT account) FROM history WHERE indexed_at >= ? AND indexed_at < ?",
          List.of(start, end)); ResultSet rows = select.executeQuery()) {
        rows.next();
        active = rows.getLong(1);
      }
      Totals deposits = sums(c, "SELECT asset, count(*), sum(amount) FROM deposits WHERE indexed_at >= ? AND indexed_at < ?"
          + " GROUP BY asset", start, end);
      Totals redeems = sums(c, "SELECT asset, count(*), sum(amount) FROM certificates WHERE kind = 'redeem'"
          + " AND indexed_at >= ? AND indexed_at < ? GROUP BY asset", start, end);
      return new Analytics(from.toString(), to.toString(), interval, buckets, volume, active, deposits, redeems,
          "indexed_at: when the hub's indexer first saw each certificate or deposit (certificates carry no time)");
    });
  }

  private static Totals sums(Connection c, String sql, Timestamp start, Timestamp end) throws SQLException {
    Map<String, Long> perAsset = new TreeMap<>();
    long count = 0;
    try (PreparedStatement select = prepare(c, sql, List.of(start, end)); ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        count += rows.getLong(2);
        perAsset.put(rows.getString(1) == null ? "" : rows.getString(1), rows.getLong(3));
      }
    }
    return new Totals(count, perAsset);
  }

  private static PreparedStatement prepare(Connection c, String sql, List<Object> args) throws SQLException {
    PreparedStatement statement = c.prepareStatement(sql);
    for (int i = 0; i < args.size(); i++) {
      statement.setObject(i + 1, args.get(i));
    }
    return statement;
  }

  private static HistoryEntry entry(ResultSet rows) throws SQLException {
    return new HistoryEntry(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5),
        rows.getString(6), rows.getLong(7), rows.getString(8), (Long) rows.getObject(9), (Long) rows.getObject(10),
        rows.getTimestamp(11).toInstant().toString());
  }
}
