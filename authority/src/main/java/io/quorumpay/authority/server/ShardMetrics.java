package io.quorumpay.authority.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;

/** What a shard reports to Prometheus, tagged with its shard number. */
final class ShardMetrics {
  private final MeterRegistry registry;
  private final String shard;
  final Timer commit;
  final DistributionSummary batchSize;

  ShardMetrics(MeterRegistry registry, int shard) {
    this.registry = registry;
    this.shard = Integer.toString(shard);
    this.commit = Timer.builder("qp.shard.commit").description("Time to write and fsync one group commit")
        .tag("shard", this.shard).publishPercentileHistogram().register(registry);
    this.batchSize = DistributionSummary.builder("qp.shard.batch.size").description("Requests per group commit")
        .tag("shard", this.shard).register(registry);
  }

  void gauge(String name, String description, Supplier<Number> value) {
    io.micrometer.core.instrument.Gauge.builder(name, value).description(description).tag("shard", shard).register(registry);
  }

  /** Counts a handled request of {@code kind} ("order", "confirmation", "credit", "deposit", "query") with its outcome. */
  void request(String kind, String outcome) {
    Counter.builder("qp.shard.requests").description("Requests handled, by kind and outcome")
        .tag("shard", shard).tag("kind", kind).tag("outcome", outcome).register(registry).increment();
  }
}
