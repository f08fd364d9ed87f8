package io.quorumpay.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scripts/bench [crypto|authority|restart|latency|baseline|all] [--payments N] [--accounts N]
 * [--seconds S] [--json FILE]}: runs benchmarks, prints figures and the targets as ratios, and
 * writes everything as JSON.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run QuorumPay's benchmarks.")
public final class Bench implements Callable<Integer> {
  @Parameters(index = "0", defaultValue = "all", description = "crypto, authority, restart, latency, baseline or all (default).")
  String what;

  @Option(names = "--payments", defaultValue = "20000", description = "Payments per throughput run (default: ${DEFAULT-VALUE}).")
  int payments;

  @Option(names = "--accounts", defaultValue = "1000000", description = "Accounts for the restart run (default: ${DEFAULT-VALUE}).")
  int accounts;

  @Option(names = "--seconds", defaultValue = "10", description = "Duration of the latency run (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--json", defaultValue = "bench-results.json", description = "Where to write the figures (default: ${DEFAULT-VALUE}).")
  Path json;

  /** One authority configuration: {@code threadsPerShard} 0 means one pool of a thread per core for all shards. */
  private record AuthorityRun(int shards, boolean durable, int threadsPerShard) {
    String name() {
      return (durable ? "durable" : "memory") + "-" + shards + "-shards" + (threadsPerShard == 0 ? "" : "-" + threadsPerShard + "-thread-each");
    }
  }

  private static final List<AuthorityRun> AUTHORITY_RUNS = List.of(new AuthorityRun(1, false, 0), new AuthorityRun(2, false, 0),
      new AuthorityRun(1, true, 0), new AuthorityRun(2, true, 0), new AuthorityRun(1, false, 1), new AuthorityRun(2, false, 1));

  public static void main(String[] args) {
    System.exit(new CommandLine(new Bench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("machine", Map.of("cores", cores, "java", Runtime.version().toString(), "os", System.getProperty("os.name") + " "
        + System.getProperty("os.arch"), "maxHeapMB", Runtime.getRuntime().maxMemory() / 1_000_000));
    Path scratch = Files.createTempDirectory("qp-bench");

    CryptoBound bound = null;
    if (what.equals("crypto") || what.equals("authority") || what.equals("all")) {
      bound = CryptoBound.measure(cores, 3, 3);
      System.out.printf("crypto bound (%d threads): %.0f signs/s, %.0f verifies/s -> %.0f payments/s (1 sign + 4 verifies each;"
          + " %.0f/s with the own vote not verified)%n", cores, bound.signsPerSecond(), bound.verifiesPerSecond(), bound.paymentsPerSecond(),
          bound.paymentsPerSecondWithoutOwnVote());
      results.put("cryptoBound", Map.of("threads", cores, "signsPerSecond", bound.signsPerSecond(), "verifiesPerSecond",
          bound.verifiesPerSecond(), "paymentsPerSecond", bound.paymentsPerSecond(), "paymentsPerSecondWithoutOwnVote",
          bound.paymentsPerSecondWithoutOwnVote()));
    }
    if (what.equals("authority") || what.equals("all")) {
      Map<String, Object> authority = new LinkedHashMap<>();
      Map<String, Double> paymentsPerSecond = new LinkedHashMap<>();
      for (AuthorityRun run : AUTHORITY_RUNS) {
        AuthorityThroughput.run(run.shards(), Math.min(payments, 2_000), run.durable(), run.threadsPerShard(), cores,
            Files.createTempDirectory(scratch, "warm"));
        AuthorityThroughput.Result r = AuthorityThroughput.run(run.shards(), payments, run.durable(), run.threadsPerShard(), cores,
            Files.createTempDirectory(scratch, "a"));
        double ofBound = r.paymentsPerSecond() / bound.paymentsPerSecond();
        System.out.printf("authority, %d shard(s), %s, %s: %.0f orders/s, %.0f confirmations/s, %.0f payments/s, %.0f us CPU per payment,"
            + " %.0f%% of the crypto bound%n", run.shards(), run.durable() ? "durable (RocksDB, group commit)" : "in memory",
            run.threadsPerShard() == 0 ? cores + " threads for all shards" : run.threadsPerShard() + " thread(s) per shard",
            r.ordersPerSecond(), r.confirmationsPerSecond(), r.paymentsPerSecond(), r.cpuMicrosPerPayment(), 100 * ofBound);
        authority.put(run.name(), Map.of("result", r, "fractionOfCryptoBound", ofBound));
        paymentsPerSecond.put(run.name(), r.paymentsPerSecond());
      }
      double shared = paymentsPerSecond.get("memory-2-shards") / paymentsPerSecond.get("memory-1-shards");
      double perShard = paymentsPerSecond.get("memory-2-shards-1-thread-each") / paymentsPerSecond.get("memory-1-shards-1-thread-each");
      System.out.printf("  2 shards vs 1, in memory: %.2fx with %d threads shared by the shards; %.2fx with one thread per shard%n",
          shared, cores, perShard);
      authority.put("twoShardsOverOne", shared);
      authority.put("twoShardsOverOneWithOneThreadPerShard", perShard);
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
    return 0;
  }
}
