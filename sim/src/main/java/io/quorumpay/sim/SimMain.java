package io.quorumpay.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/sim}: runs simulations. {@code --seed S} replays one seed exactly (and prints its
 * trace digest); {@code --seeds N [--from S]} runs N seeds; {@code --minutes M} keeps running new
 * seeds for M minutes. Runs use every core and report seeds per second. Exit code 1 if any seed
 * fails; each failure prints its seed, invariant, trace and replay command.
 */
@Command(name = "sim", mixinStandardHelpOptions = true, description = "Run the deterministic simulator.")
public final class SimMain implements Callable<Integer> {
  @Option(names = "--seed", description = "Replay exactly this seed.")
  Long single;

  @Option(names = "--seeds", defaultValue = "100", description = "How many seeds to run (default: ${DEFAULT-VALUE}).")
  long count;

  @Option(names = "--from", defaultValue = "1", description = "The first seed (default: ${DEFAULT-VALUE}).")
  long from;

  @Option(names = "--minutes", defaultValue = "0", description = "Run new seeds for this long instead of a fixed count.")
  double minutes;

  @Option(names = "--trace", description = "With --seed: print every event of the run, not only the last 40 of a failure.")
  boolean trace;

  @Option(names = "--threads", description = "Parallel runs (default: one per core).")
  int threads = Runtime.getRuntime().availableProcessors();

  public static void main(String[] args) {
    System.exit(new CommandLine(new SimMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (single != null) {
      if (trace) {
        System.setProperty("sim.trace", "true"); // read when Simulation is first used, just below
      }
      System.out.println(Simulation.run(single, Simulation.Settings.standard()));
      return 0;
    }
    long deadline = minutes > 0 ? System.nanoTime() + (long) (minutes * 60e9) : Long.MAX_VALUE;
    long last = minutes > 0 ? Long.MAX_VALUE : from + count;
    AtomicLong next = new AtomicLong(from);
    AtomicLong done = new AtomicLong();
    List<Long> failed = Collections.synchronizedList(new ArrayList<>());
    long[] totals = new long[13];
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(pool.submit(() -> {
        for (long seed = next.getAndIncrement(); seed < last && System.nanoTime() < deadline; seed = next.getAndIncrement()) {
          long began = System.nanoTime();
          try {
            Simulation.Result result = Simulation.run(seed, Simulation.Settings.standard());
            Simulation.Stats stats = result.stats();
            synchronized (totals) {
              totals[0] += result.certificates();
              totals[1] += stats.restoresRefused();
              totals[2] += stats.recoveries();
              totals[3] += stats.foreignCreditsRefused();
              totals[4] += stats.foreignReplaysAccepted();
              totals[5] += stats.pagesRefused();
              totals[6] += stats.caughtUp();
              totals[7] += stats.longDownCaughtUp();
              totals[8] += stats.longDownConverged();
              totals[9] += stats.channelCertificates();
              totals[10] += stats.races();
              totals[11] += stats.racesLocked();
              totals[12] += stats.probes();
            }
            double took = (System.nanoTime() - began) / 1e9;
            if (took > 20) {
              System.err.printf("seed %d took %.0f s%n", seed, took);
            }
          } catch (SimulationFailure failure) {
            failed.add(seed);
            System.out.println(failure.getMessage());
          }
          long finished = done.incrementAndGet();
          if (finished % 20 == 0) {
            System.err.printf("%d seeds, %.2f seeds/s, %d failed%n", finished, finished / ((System.nanoTime() - start) / 1e9), failed.size());
          }
        }
      }));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
    pool.shutdown();
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("%d seeds in %.1f s on %d threads: %.2f seeds/s; %d failed %s%n", done.get(), seconds, threads,
        done.get() / seconds, failed.size(), failed.isEmpty() ? "" : failed);
    System.out.printf("passed seeds: %d certificates; %d shards refused restored data, %d authorities recovered; %d foreign"
            + " credit batches refused, %d genuine replays accepted; %d applied-log pages refused; %d certificates caught up"
            + " from peers (%d by long-down authorities, %d of which converged); %d channel certificates, %d races at one"
            + " channel nonce (%d left it locked), %d claims probed that must be refused%n",
        totals[0], totals[1], totals[2], totals[3], totals[4], totals[5], totals[6], totals[7], totals[8], totals[9], totals[10],
        totals[11], totals[12]);
    return failed.isEmpty() ? 0 : 1;
  }
}
