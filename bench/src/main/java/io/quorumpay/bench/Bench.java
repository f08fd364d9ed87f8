package io.quorumpay.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code scripts/bench [crypto|authority|restart|latency|baseline|all] [--payments N] [--accounts N]
 * [--seconds S] [--json FILE]}: runs benchmarks, prints figures and the targets as ratios, and
 * writes everything as JSON (default {@code bench-results.json}).
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    String what = args.length > 0 && !args[0].startsWith("--") ? args[0] : "all";
    int payments = intOption(args, "--payments", 20_000);
    int accounts = intOption(args, "--accounts", 1_000_000);
    double seconds = intOption(args, "--seconds", 10);
    Path json = Path.of(stringOption(args, "--json", "bench-results.json"));
    int cores = Runtime.getRuntime().availableProcessors();
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("machine", Map.of("cores", cores, "java", Runtime.version().toString(), "os", System.getProperty("os.name") + " "
        + System.getProperty("os.arch"), "maxHeapMB", Runtime.getRuntime().maxMemory() / 1_000_000));
    Path scratch = Files.createTempDirectory("qp-bench");

    CryptoBound bound = null;
    if (what.equals("crypto") || what.equals("authority") || what.equals("all")) {
      bound = CryptoBound.measure(cores, 3, 3);
      System.out.printf("crypto bound (%d threads): %.0f signs/s, %.0f verifies/s -> %.0f payments/s (1 sign + 4 verifies each)%n",
          cores, bound.signsPerSecond(), bound.verifiesPerSecond(), bound.paymentsPerSecond());
      results.put("cryptoBound", Map.of("threads", cores, "signsPerSecond", bound.signsPerSecond(), "verifiesPerSecond",
          bound.verifiesPerSecond(), "paymentsPerSecond", bound.paymentsPerSecond()));
    }
    if (what.equals("authority") || what.equals("all")) {
      Map<String, Object> authority = new LinkedHashMap<>();
      double oneShard = 0;
      for (boolean durable : new boolean[] {false, true}) {
        for (int shards : new int[] {1, 2}) {
          AuthorityThroughput.run(shards, Math.min(payments, 2_000), durable, cores, Files.createTempDirectory(scratch, "warm"));
          AuthorityThroughput.Result r = AuthorityThroughput.run(shards, payments, durable, cores, Files.createTempDirectory(scratch, "a"));
          double ofBound = r.paymentsPerSecond() / bound.paymentsPerSecond();
          System.out.printf("authority, %d shard(s), %s: %.0f orders/s, %.0f confirmations/s, %.0f payments/s, %.0f us CPU per payment,"
              + " %.0f%% of the crypto bound%n", shards, durable ? "durable (RocksDB, group commit)" : "in memory", r.ordersPerSecond(),
              r.confirmationsPerSecond(), r.paymentsPerSecond(), r.cpuMicrosPerPayment(), 100 * ofBound);
          authority.put((durable ? "durable" : "memory") + "-" + shards + "-shards", Map.of("result", r, "fractionOfCryptoBound", ofBound));
          if (shards == 1 && !durable) {
            oneShard = r.paymentsPerSecond();
          } else if (shards == 2 && !durable) {
            System.out.printf("  2 shards vs 1 (in memory): %.2fx%n", r.paymentsPerSecond() / oneShard);
            authority.put("twoShardsOverOne", r.paymentsPerSecond() / oneShard);
          }
        }
      }
      results.put("authority", authority);
    }
    if (what.equals("restart") || what.equals("all")) {
      RestartBench.Result r = RestartBench.run(accounts, Files.createTempDirectory(scratch, "restart"));
      System.out.printf("restart with %d accounts: %.2f s, %.0f MB of heap%n", r.accounts(), r.restartSeconds(), r.heapMegabytes());
      results.put("restart", r);
    }
    if (what.equals("latency") || what.equals("all")) {
      results.put("latency", LatencyBench.run(seconds, Files.createTempDirectory(scratch, "latency")));
    }
    if (what.equals("baseline") || what.equals("all")) {
      results.put("baseline", PostgresBaseline.run(payments, cores, results));
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), results);
    System.out.println("results written to " + json);
  }

  static int intOption(String[] args, String name, int fallback) {
    String value = stringOption(args, name, null);
    return value == null ? fallback : Integer.parseInt(value);
  }

  static String stringOption(String[] args, String name, String fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
