package io.quorumpay.bench;

import java.nio.file.Path;
import java.util.Map;

/** Placeholder until the latency benchmark lands. */
final class LatencyBench {
  private LatencyBench() {}

  static Map<String, Object> run(double seconds, Path dir) {
    return Map.of("status", "not yet measured");
  }
}
