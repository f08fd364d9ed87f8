package io.quorumpay.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quorumpay.core.committee.Committee;
import java.lang.management.ManagementFactory;
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
 * {@code scripts/bench [crypto|authority|restart|latency|baseline|channels|hub|all] [--payments N] [--committee N]
 * [--accounts N] [--seconds S] [--json FILE]}: runs benchmarks, prints figures and the targets as
 * ratios, and writes everything as JSON.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run QuorumPay's benchmarks.")
public final class Bench implements Callable<Integer> {
  @Parameters(index = "0", defaultValue = "all", description = "crypto, authority, restart, latency, baseline, channels, hub or all (default).")
  String what;

  @Option(names = "--payments", defaultValue = "20000", description = "Payments per throughput run (default: ${DEFAULT-VALUE}).")
  int payments;

  @Option(names = "--committee", defaultValue = "4",
      description = "Authorities in the committee of the authority benchmark (default: ${DEFAULT-VALUE}); certificates carry a quorum of votes.")
  int committeeSize;

  @Option(names = "--accounts", defaultValue = "1000000", description = "Accounts for the restart run (default: ${DEFAULT-VALUE}).")
  int accounts;

  @Option(names = "--seconds", defaultValue = "10", description = "Duration of the latency run (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--channel-seconds", defaultValue = "5", description = "Duration of each channels run (default: ${DEFAULT-VALUE}).")
  double channelSeconds;

  @Option(names = "--channel-clients", defaultValue = "64", description = "Concurrent clients of the channels runs (default: ${DEFAULT-VALUE}).")
  int channelClients;

  @Option(names = "--json", defaultValue = "bench-results.json", description = "Where to write the figures (default: ${DEFAULT-VALUE}).")
  Path json;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Bench()).execute(args));
  }

  /** One in-memory authority run in a child JVM restricted to {@code cpus}; returns its payments per second. */
  private double pinned(int shards, String cpus, Map<String, Object> authority) throws Exception {
    Map<String, Object> r = ChildJvm.run(List.of("taskset", "-c", cpus), List.of(), AuthorityThroughput.class,
        Integer.toString(committeeSize), Integer.toString(shards), Integer.toString(payments));
    authority.put("memory-" + shards + "-shards-on-cpus-" + cpus, r);
    return ((Number) r.get("paymentsPerSecond")).doubleValue();
  }

  @Override
  public Integer call() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("machine", Map.of("cores", cores, "java", Runtime.version().toString(), "os", System.getProperty("os.name") + " "
        + System.getProperty("os.arch"), "maxHeapMB", Runtime.getRuntime().maxMemory() / 1_000_000, "jvmOptions",
        ManagementFactory.getRuntimeMXBean().getInputArguments()));
    Path scratch = Files.createTempDirectory("qp-bench");

    CryptoBound bound = null;
    if (what.equals("crypto") || what.equals("authority") || what.equals("all")) {
      int quorum = (int) Committee.quorumThreshold(committeeSize);
      bound = CryptoBound.measure(cores, 3, quorum);
      System.out.printf("crypto bound (%d threads): %.0f signs/s, %.0f verifies/s -> %.0f payments/s (1 sign + %d verifies each;"
          + " %.0f/s with the own vote not verified)%n", cores, bound.signsPerSecond(), bound.verifiesPerSecond(), bound.paymentsPerSecond(),
          1 + quorum, bound.paymentsPerSecondWithoutOwnVote());
      results.put("cryptoBound", Map.of("threads", cores, "committee", committeeSize, "certificateVotes", quorum, "signsPerSecond", bound.signsPerSecond(), "verifiesPerSecond",
          bound.verifiesPerSecond(), "paymentsPerSecond", bound.paymentsPerSecond(), "paymentsPerSecondWithoutOwnVote",
          bound.paymentsPerSecondWithoutOwnVote()));
    }
    if (what.equals("authority") || what.equals("all")) {
      Map<String, Object> authority = new LinkedHashMap<>();
      Map<String, Double> paymentsPerSecond = new LinkedHashMap<>();
      if (cores >= 2 && Files.isExecutable(Path.of("/usr/bin/taskset"))) {
        // FastPay's measure of how shards scale: a core per shard, everything of the shard on it. First,
        // while this JVM is quiet.
        double one = pinned(1, "0", authority);
        double two = pinned(2, "0,1", authority);
        System.out.printf("  2 shards on 2 cores vs 1 shard on 1 core (taskset), in memory: %.0f vs %.0f payments/s, %.2fx%n", two, one,
            two / one);
        authority.put("twoShardsOnTwoCoresOverOneOnOne", two / one);
      }
      for (boolean durable : new boolean[] {false, true}) {
        for (int shards : new int[] {1, 2}) {
          AuthorityThroughput.run(committeeSize, shards, Math.min(payments, 2_000), durable, cores, Files.createTempDirectory(scratch, "warm"));
          AuthorityThroughput.Result r = AuthorityThroughput.run(committeeSize, shards, payments, durable, cores,
              Files.createTempDirectory(scratch, "a"));
          double ofBound = r.paymentsPerSecond() / bound.paymentsPerSecond();
          System.out.printf("authority, %d shard(s), %s: %.0f orders/s, %.0f confirmations/s, %.0f payments/s, %.0f us CPU per payment,"
              + " %.0f%% of the crypto bound%n", shards, durable ? "durable (RocksDB, group commit)" : "in memory", r.ordersPerSecond(),
              r.confirmationsPerSecond(), r.paymentsPerSecond(), r.cpuMicrosPerPayment(), 100 * ofBound);
          String name = (durable ? "durable" : "memory") + "-" + shards + "-shards";
          authority.put(name, Map.of("result", r, "fractionOfCryptoBound", ofBound));
          paymentsPerSecond.put(name, r.paymentsPerSecond());
        }
      }
      double shared = paymentsPerSecond.get("memory-2-shards") / paymentsPerSecond.get("memory-1-shards");
      System.out.printf("  2 shards vs 1, in memory, both on all %d cores: %.2fx%n", cores, shared);
      authority.put("twoShardsOverOne", shared);
      results.put("authority", authority);
    }
    if (what.equals("restart") || what.equals("all")) {
      RestartBench.Result r = RestartBench.run(accounts, Files.createTempDirectory(scratch, "restart"));
      System.out.printf("restart with %d accounts: %.2f s, %.0f MB of heap%n", r.accounts(), r.restartSeconds(), r.heapMegabytes());
      results.put("restart", r);
    }
    if (what.equals("latency") || what.equals("all")) {
      results.put("latency", LatencyBench.runInOwnJvm(seconds, Files.createTempDirectory(scratch, "latency")));
    }
    if (what.equals("baseline") || what.equals("all")) {
      results.put("baseline", PostgresBaseline.run(payments, cores, results));
    }
    if (what.equals("channels") || what.equals("all")) {
      results.put("channels", ChannelsBench.run(channelSeconds, channelClients, Files.createTempDirectory(scratch, "channels")));
    }
    if (what.equals("hub") || what.equals("all")) {
      results.put("hub", HubBench.run(seconds, Files.createTempDirectory(scratch, "hub")));
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), results);
    System.out.println("results written to " + json);
    return 0;
  }
}
