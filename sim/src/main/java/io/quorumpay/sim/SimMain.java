package io.quorumpay.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code scripts/sim}: runs simulations. {@code --seed S} replays one seed exactly (and prints its
 * trace digest); {@code --seeds N [--from S]} runs N seeds; {@code --minutes M} keeps running new
 * seeds for M minutes. Runs use every core ({@code --threads T} to change) and report seeds per
 * second. Exit code 1 if any seed fails; each failure prints its seed, invariant, trace and replay command.
 */
public final class SimMain {
  private SimMain() {}

  public static void main(String[] args) throws Exception {
    long from = 1;
    long count = 100;
    double minutes = 0;
    Long single = null;
    int threads = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seed" -> single = Long.parseLong(args[++i]);
        case "--seeds" -> count = Long.parseLong(args[++i]);
        case "--from" -> from = Long.parseLong(args[++i]);
        case "--minutes" -> minutes = Double.parseDouble(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: scripts/sim [--seed S | --seeds N [--from S] | --minutes M] [--threads T]");
          System.exit(2);
        }
      }
    }
    if (single != null) {
      Simulation.Result result = Simulation.run(single, Simulation.Settings.standard());
      System.out.println(result);
      return;
    }
    long deadline = minutes > 0 ? System.nanoTime() + (long) (minutes * 60e9) : Long.MAX_VALUE;
    long last = minutes > 0 ? Long.MAX_VALUE : from + count;
    AtomicLong next = new AtomicLong(from);
    AtomicLong done = new AtomicLong();
    List<Long> failed = java.util.Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(pool.submit(() -> {
        for (long seed = next.getAndIncrement(); seed < last && System.nanoTime() < deadline; seed = next.getAndIncrement()) {
          long began = System.nanoTime();
          try {
            Simulation.run(seed, Simulation.Settings.standard());
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
    if (!failed.isEmpty()) {
      System.exit(1);
    }
  }
}
