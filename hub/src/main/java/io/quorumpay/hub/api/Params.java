package io.quorumpay.hub.api;

import io.javalin.http.Context;
import io.quorumpay.core.text.TextFormException;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.hub.error.HubError;
import io.quorumpay.hub.error.HubException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Path, query and body values in, each refused with its own typed error. */
final class Params {
  private Params() {}

  /** An account id: 64 hex digits or the checksummed {@code qp1…} form. */
  static AccountId account(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new HubException(new HubError.MissingField(name));
    }
    String trimmed = value.strip();
    if (!trimmed.startsWith("qp1") && !trimmed.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new HubException(new HubError.BadHex(name, "an account is 64 hex digits (or its qp1… form)"));
    }
    if (!trimmed.startsWith("qp1") && trimmed.length() != 64) {
      throw new HubException(new HubError.BadHex(name, "an account is 64 hex digits, not " + trimmed.length()));
    }
    try {
      return AccountId.parseText(trimmed, true);
    } catch (TextFormException e) {
      throw new HubException(new HubError.BadParameter(name, e.getMessage()));
    }
  }

  /** Hex bytes, at most {@code maxBytes}. */
  static byte[] hex(String name, String value, int maxBytes) {
    if (value == null) {
      throw new HubException(new HubError.MissingField(name));
    }
    String digits = value.startsWith("0x") ? value.substring(2) : value;
    if (digits.length() % 2 != 0 || digits.length() / 2 > maxBytes) {
      throw new HubException(new HubError.BadHex(name, digits.length() % 2 != 0 ? "an odd number of digits"
          : "longer than " + maxBytes + " bytes"));
    }
    try {
      return HexFormat.of().parseHex(digits);
    } catch (IllegalArgumentException e) {
      throw new HubException(new HubError.BadHex(name, "not hex digits"));
    }
  }

  static long longPath(Context ctx, String name, long min, long max) {
    return parseLong(name, ctx.pathParam(name), min, max);
  }

  static Optional<Long> longQuery(Context ctx, String name, long min, long max) {
    String value = ctx.queryParam(name);
    return value == null ? Optional.empty() : Optional.of(parseLong(name, value, min, max));
  }

  private static long parseLong(String name, String value, long min, long max) {
    try {
      long parsed = Long.parseLong(value);
      if (parsed < min || parsed > max) {
        throw new HubException(new HubError.BadParameter(name, "must be from " + min + " to " + max));
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new HubException(new HubError.BadParameter(name, "must be an integer"));
    }
  }

  /** An ISO-8601 instant such as {@code 2026-01-31T12:00:00Z}. */
  static Optional<Instant> instantQuery(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(value));
    } catch (DateTimeParseException e) {
      throw new HubException(new HubError.BadParameter(name, "must be an ISO-8601 time such as 2026-01-31T12:00:00Z"));
    }
  }

  /** One of {@code allowed}. */
  static Optional<String> oneOfQuery(Context ctx, String name, List<String> allowed) {
    String value = ctx.queryParam(name);
    if (value != null && !allowed.contains(value)) {
      throw new HubException(new HubError.BadParameter(name, "must be one of " + String.join(", ", allowed)));
    }
    return Optional.ofNullable(value);
  }

  /** Work on the database, its failures as {@code DATABASE_UNAVAILABLE}. */
  static <T> T database(SqlWork<T> work) {
    try {
      return work.run();
    } catch (SQLException e) {
      throw new HubException(new HubError.DatabaseUnavailable(e.getSQLState() == null ? "no connection" : "SQL state " + e.getSQLState()));
    }
  }

  @FunctionalInterface
  interface SqlWork<T> {
    T run() throws SQLException;
  }
}
