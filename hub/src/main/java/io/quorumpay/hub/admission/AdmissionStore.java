package io.quorumpay.hub.admission;

import io.quorumpay.hub.store.HubDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operator's terms, the accounts that signed them and the blacklist, in the hub's database.
 * Its writes are {@link Admission}'s, which drops what it read before them.
 */
public final class AdmissionStore {
  private final HubDatabase database;

  public AdmissionStore(HubDatabase database) {
    this.database = database;
  }

  /** The newest terms, if the operator published any. */
  public Optional<Terms> currentTerms() throws SQLException {
    return database.read(c -> {
      try (PreparedStatement select = c.prepareStatement(
          "SELECT version, text, published_at, grace_until FROM terms ORDER BY version DESC LIMIT 1");
           ResultSet rows = select.executeQuery()) {
        return rows.next()
            ? Optional.of(new Terms(rows.getInt(1), rows.getString(2), rows.getTimestamp(3).toInstant(), rows.getTimestamp(4).toInstant()))
            : Optional.empty();
      }
    });
  }

  /** Publishes {@code text} as the next version; earlier signatures count for {@code grace} more. */
  Terms publish(String text, Duration grace, Instant now) throws SQLException {
    return database.transaction(c -> {
      int version;
      try (PreparedStatement lock = c.prepareStatement("LOCK TABLE terms IN EXCLUSIVE MODE")) {
        lock.execute();
      }
      try (PreparedStatement select = c.prepareStatement("SELECT coalesce(max(version), 0) + 1 FROM terms");
           ResultSet rows = select.executeQuery()) {
        rows.next();
        version = rows.getInt(1);
      }
      Terms terms = new Terms(version, text, now, now.plus(grace));
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO terms (version, text, sha256, published_at, grace_until) VALUES (?, ?, ?, ?, ?)")) {
        insert.setInt(1, version);
        insert.setString(2, text);
        insert.setString(3, terms.sha256());
        insert.setTimestamp(4, Timestamp.from(now));
        insert.setTimestamp(5, Timestamp.from(terms.graceUntil()));
        insert.executeUpdate();
      }
      return terms;
    });
  }

  /** The version of the terms {@code account} signed last, if any. */
  public Optional<Integer> signedVersion(String account) throws SQLException {
    return database.read(c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT terms_version FROM admissions WHERE account = ?")) {
        select.setString(1, account);
        try (ResultSet rows = select.executeQuery()) {
          return rows.next() ? Optional.of(rows.getInt(1)) : Optional.empty();
        }
      }
    });
  }

  /** Records that {@code account} signed {@code version} (a newer signature replaces an older one). */
  void admit(String account, int version, String signature, Instant now) throws SQLException {
    database.transaction(c -> {
      try (PreparedStatement upsert = c.prepareStatement("INSERT INTO admissions (account, terms_version, signature, admitted_at)"
          + " VALUES (?, ?, ?, ?) ON CONFLICT (account) DO UPDATE SET terms_version = EXCLUDED.terms_version,"
          + " signature = EXCLUDED.signature, admitted_at = EXCLUDED.admitted_at WHERE admissions.terms_version <= EXCLUDED.terms_version")) {
        upsert.setString(1, account);
        upsert.setInt(2, version);
        upsert.setString(3, signature);
        upsert.setTimestamp(4, Timestamp.from(now));
        return upsert.executeUpdate();
      }
    });
  }

  /** An account's admission facts: whether it is barred, and the terms version it signed last, if any. */
  public record Standing(boolean blacklisted, Optional<Integer> signedVersion) {}

  /** {@code account}'s {@link Standing}, in one read. */
  public Standing standing(String account) throws SQLException {
    return database.read(c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM blacklist WHERE account = ?),"
          + " (SELECT terms_version FROM admissions WHERE account = ?)")) {
        select.setString(1, account);
        select.setString(2, account);
        try (ResultSet rows = select.executeQuery()) {
          rows.next();
          int version = rows.getInt(2);
          return new Standing(rows.getBoolean(1), rows.wasNull() ? Optional.empty() : Optional.of(version));
        }
      }
    });
  }

  public boolean blacklisted(String account) throws SQLException {
    return database.read(c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM blacklist WHERE account = ?")) {
        select.setString(1, account);
        try (ResultSet rows = select.executeQuery()) {
          return rows.next();
        }
      }
    });
  }

  /** A barred account, why, and since when. */
  public record Barred(String account, String reason, String since) {}

  void bar(String account, String reason, Instant now) throws SQLException {
    database.transaction(c -> {
      try (PreparedStatement upsert = c.prepareStatement("INSERT INTO blacklist (account, reason, added_at) VALUES (?, ?, ?)"
          + " ON CONFLICT (account) DO UPDATE SET reason = EXCLUDED.reason")) {
        upsert.setString(1, account);
        upsert.setString(2, reason);
        upsert.setTimestamp(3, Timestamp.from(now));
        return upsert.executeUpdate();
      }
    });
  }

  /** Lifts a bar; false if the account was not barred. */
  boolean lift(String account) throws SQLException {
    return database.transaction(c -> {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM blacklist WHERE account = ?")) {
        delete.setString(1, account);
        return delete.executeUpdate() > 0;
      }
    });
  }

  /** At most {@code limit} barred accounts, in account order. */
  public List<Barred> barred(int limit) throws SQLException {
    return database.read(c -> {
      List<Barred> out = new ArrayList<>();
      try (PreparedStatement select = c.prepareStatement("SELECT account, reason, added_at FROM blacklist ORDER BY account LIMIT ?")) {
        select.setInt(1, limit);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            out.add(new Barred(rows.getString(1), rows.getString(2), rows.getTimestamp(3).toInstant().toString()));
          }
        }
      }
      return out;
    });
  }
}
