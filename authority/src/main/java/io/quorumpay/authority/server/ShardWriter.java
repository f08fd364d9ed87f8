package io.quorumpay.authority.server;

import io.quorumpay.core.authority.ShardState;
import io.quorumpay.core.authority.ShardStorage;
import io.quorumpay.core.authority.ShardWrites;
import io.quorumpay.core.authority.SigningRecord;
import io.quorumpay.core.error.ProtocolException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of one shard: the only thread that touches its {@link ShardState}.
 *
 * <p>It takes a batch of queued steps, applies the mutating ones in order, writes everything they
 * changed in one synced batch (group commit: many requests, one fsync), records the commit and the
 * votes it signed in the shard's {@link SigningRecord} (kept apart from the data), then answers the
 * reads of the batch and completes every reply. No reply leaves before what it reports is on disk. If a
 * write fails, the shard stops: memory may be ahead of disk, so it answers nothing more and the
 * process restarts from what is durable.
 */
public final class ShardWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShardWriter.class);

  /** A step of the state machine; refusals are typed and change nothing. */
  @FunctionalInterface
  public interface Step<T> {
    T apply(ShardState state) throws ProtocolException;
  }

  private static final class Job<T> {
    final Step<T> step;
    final boolean mutates;
    final CompletableFuture<T> reply = new CompletableFuture<>();
    T result;
    ProtocolException refusal;

    Job(Step<T> step, boolean mutates) {
      this.step = step;
      this.mutates = mutates;
    }

    void run(ShardState state) {
      try {
        result = step.apply(state);
      } catch (ProtocolException e) {
        refusal = e;
      }
    }

    void complete() {
      if (refusal != null) {
        reply.completeExceptionally(refusal);
      } else {
        reply.complete(result);
      }
    }
  }

  private final ShardState state;
  private final ShardStorage store;
  private final SigningRecord signing;
  private final ShardMetrics metrics;
  private final int maxBatch;
  private final Consumer<ShardWrites> afterCommit;
  private final Consumer<Throwable> onFatal;
  private final BlockingQueue<Job<?>> queue;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile String stoppedBecause;

  /** A writer for {@code state} over {@code store}, reporting to {@code registry}; for tools and benchmarks. */
  public static ShardWriter start(ShardState state, ShardStorage store, SigningRecord signing,
      io.micrometer.core.instrument.MeterRegistry registry, Consumer<Throwable> onFatal) {
    return new ShardWriter(state, store, signing, new ShardMetrics(registry, state.config().shard()), 65_536, 1024,
        writes -> { }, onFatal);
  }

  ShardWriter(ShardState state, ShardStorage store, SigningRecord signing, ShardMetrics metrics, int queueCapacity,
      int maxBatch, Consumer<ShardWrites> afterCommit, Consumer<Throwable> onFatal) {
    this.state = state;
    this.store = store;
    this.signing = signing;
    this.metrics = metrics;
    this.maxBatch = maxBatch;
    this.afterCommit = afterCommit;
    this.onFatal = onFatal;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    metrics.gauge("qp.shard.queue.depth", "Requests waiting for the single writer", queue::size);
    this.thread = new Thread(this::loop, "shard-" + state.config().shard() + "-writer");
    thread.start();
  }

  /** Queues a step that may change state; its reply completes once the change is durable. */
  public <T> CompletableFuture<T> mutate(Step<T> step) {
    return submit(new Job<>(step, true));
  }

  /** Queues a read; it runs after the batch it lands in is durable, so it never reports undurable state. */
  public <T> CompletableFuture<T> read(Step<T> step) {
    return submit(new Job<>(step, false));
  }

  private <T> CompletableFuture<T> submit(Job<T> job) {
    if (!running) {
      job.reply.completeExceptionally(new ShardUnavailableException("shard stopped: " + stoppedBecause, false));
    } else if (!queue.offer(job)) {
      job.reply.completeExceptionally(new ShardUnavailableException("shard overloaded; retry shortly", true));
    }
    return job.reply;
  }

  private void loop() {
    List<Job<?>> batch = new ArrayList<>(maxBatch);
    while (running) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        break;
      }
      queue.drainTo(batch, maxBatch - 1);
      try {
        for (Job<?> job : batch) {
          if (job.mutates) {
            job.run(state);
          }
        }
        ShardWrites writes = state.takeWrites();
        long start = System.nanoTime();
        store.write(writes);
        if (!writes.isEmpty()) {
          // After the data: a crash in between leaves the data one commit ahead, which a start accepts.
          signing.record(writes.progress().orElseThrow().commits(), writes.signed());
        }
        metrics.commit.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        metrics.batchSize.record(batch.size());
        for (Job<?> job : batch) {
          if (!job.mutates) {
            job.run(state);
          }
          job.complete();
        }
        afterCommit.accept(writes);
      } catch (IOException | RuntimeException e) {
        stop("storage or state failure: " + e.getMessage());
        log.error("shard {} stopped: its state may be ahead of its storage", state.config().shard(), e);
        for (Job<?> job : batch) {
          job.reply.completeExceptionally(new ShardUnavailableException("shard stopped", false));
        }
        onFatal.accept(e);
      }
      batch.clear();
    }
    for (Job<?> job : queue) {
      job.reply.completeExceptionally(new ShardUnavailableException("shard stopped", false));
    }
  }

  private void stop(String why) {
    stoppedBecause = why;
    running = false;
  }

  @Override
  public void close() {
    stop("shutting down");
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
