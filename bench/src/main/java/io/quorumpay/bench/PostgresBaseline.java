package io.quorumpay.bench;

import java.util.Map;

/** Placeholder until the PostgreSQL baseline lands. */
final class PostgresBaseline {
  private PostgresBaseline() {}

  static Map<String, Object> run(int payments, int cores, Map<String, Object> results) {
    return Map.of("status", "not yet measured");
  }
}
