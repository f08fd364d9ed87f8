package io.quorumpay.bench;

import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.authority.AuthorityNode;
import io.quorumpay.authority.config.AuthorityConfig;
import io.quorumpay.authority.local.FreePorts;
import io.quorumpay.authority.local.LocalNetwork;
import io.quorumpay.client.CommitteeClient;
import io.quorumpay.core.client.VoteCollector;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import io.quorumpay.primary.DevChain;
import io.quorumpay.primary.PrimaryConfig;
import io.quorumpay.primary.PrimaryNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * Finality latency over gRPC on loopback: a local committee of 4 authorities x 2 shards (with
 * RocksDB) in this process, and load clients. A payment is final once a quorum has confirmed its
 * certificate: order to every authority, votes to a quorum, certificate to every authority, a
 * quorum of acknowledgements. First the peak (closed loop); then, once the peak's backlog has
 * drained and after a second of warm-up, latency at half of it, offered at a fixed rate and
 * counted from when each payment was due (so a late start counts against it).
 */
final class LatencyBench {
  static final AssetId QPC = new AssetId("QPC");

  /**
   * The collector an authority should run with (docs/OPERATIONS.md): its pauses are part of the
   * latency, while the throughput benchmarks use the throughput collector.
   */
  static final List<String> COLLECTOR = List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=5");

  private LatencyBench() {}

  /** Runs {@link #run} in a child JVM with {@link #COLLECTOR}; returns its figures. */
  static Map<String, Object> runInOwnJvm(double seconds, Path dir) throws Exception {
    Map<String, Object> result = ChildJvm.run(List.of(), COLLECTOR, LatencyBench.class, Double.toString(seconds), dir.toString());
    result.put("jvmCollector", String.join(" ", COLLECTOR));
    return result;
  }

  /** {@code LatencyBench SECONDS DIR JSON}: what {@link #runInOwnJvm} starts. */
  public static void main(String[] args) throws Exception {
    ChildJvm.write(run(Double.parseDouble(args[0]), Path.of(args[1])), args[2]);
    System.exit(0); // without waiting for the transport's idle threads to time out
  }

  static Map<String, Object> run(double seconds, Path dir) throws Exception {
    LocalNetwork.Layout layout = LocalNetwork.init(dir, "latency", 4, 2, false, FreePorts::next);
    CommitteeFile committeeFile = CommitteeFile.read(layout.committeeFile());
    PrimaryConfig primaryConfig = PrimaryConfig.read(layout.primaryFile());
    List<AuthorityNode> nodes = new ArrayList<>();
    Map<String, Object> result = new LinkedHashMap<>();
    try (PrimaryNode primary = PrimaryNode.start(committeeFile.committee(), primaryConfig.dataDir(), primaryConfig.listen(),
            Duration.ofMillis(50), InsecureServerCredentials.create());
        CommitteeClient committee = new CommitteeClient(committeeFile, InsecureChannelCredentials.create(), Duration.ofSeconds(5))) {
      for (Path file : layout.authorityFiles()) {
        nodes.add(AuthorityNode.start(AuthorityConfig.read(file), failure -> { }));
      }
      List<Sender> senders = fund(primary.chain(), committee, 512);
      long peakStart = System.nanoTime();
      AtomicInteger peakDone = new AtomicInteger();
      load(committee, senders, 256, seconds / 2, 0, 0, peakDone, new Histogram(3));
      double peak = peakDone.get() / ((System.nanoTime() - peakStart) / 1e9);
      // Let the peak's backlog (cross-shard credits, compactions) drain, then measure steady state:
      // the first second at the offered rate warms up and is not recorded.
      Thread.sleep(2000);
      Histogram histogram = new Histogram(3_600_000_000L, 3);
      AtomicInteger done = new AtomicInteger();
      long cpuStart = AuthorityThroughput.processCpuNanos();
      load(committee, senders, 256, seconds, 1, peak / 2, done, histogram);
      // Everything in this process, clients included, over the warm-up and the measured payments.
      double cpuMillisPerPayment = (AuthorityThroughput.processCpuNanos() - cpuStart) / 1e6 / (done.get() * (1 + 1 / seconds));
      System.out.printf("latency, 4 authorities x 2 shards over gRPC: peak %.0f payments/s; at %.0f/s (half of peak): p50 %.2f ms,"
          + " p99 %.2f ms, p99.9 %.2f ms (%d payments); %.1f ms of CPU per payment for the whole committee and its clients%n",
          peak, peak / 2, histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
          histogram.getValueAtPercentile(99.9) / 1000.0, histogram.getTotalCount(), cpuMillisPerPayment);
      result.put("peakPaymentsPerSecond", peak);
      result.put("offeredPaymentsPerSecond", peak / 2);
      result.put("p50Millis", histogram.getValueAtPercentile(50) / 1000.0);
      result.put("p99Millis", histogram.getValueAtPercentile(99) / 1000.0);
      result.put("p999Millis", histogram.getValueAtPercentile(99.9) / 1000.0);
      result.put("payments", histogram.getTotalCount());
      result.put("cpuMillisPerPayment", cpuMillisPerPayment);
    } finally {
      nodes.forEach(AuthorityNode::close);
    }
    return result;
  }

  /** A funded account and its next sequence number. */
  static final class Sender {
    final KeyPair key;
    long next;

    Sender(KeyPair key) {
      this.key = key;
    }
  }

  static List<Sender> fund(DevChain chain, CommitteeClient committee, int count) throws Exception {
    SecureRandom random = new SecureRandom();
    List<Sender> senders = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Sender sender = new Sender(KeyPair.generate(random));
      chain.deposit(DevChain.faucetAddress(), new AccountId(sender.key.publicKey()), QPC, new Amount(1_000_000));
      senders.add(sender);
    }
    AccountId last = new AccountId(senders.get(count - 1).key.publicKey());
    for (int a = 0; a < committee.size(); a++) {
      while (committee.accountInfo(a, last, Optional.empty(), 0, 0).join().getBalancesCount() == 0) {
        Thread.sleep(50);
      }
    }
    return senders;
  }

  /**
   * Runs payments for {@code warmUp + seconds}: each of the first {@code concurrency} senders has
   * at most one payment in flight, and payments start at {@code rate} per second if positive (else
   * as fast as senders come free). Records the finality latency, in microseconds, of the payments
   * that start after the warm-up.
   */
  private static void load(CommitteeClient committee, List<Sender> senders, int concurrency, double seconds, double warmUp,
      double rate, AtomicInteger done, Histogram histogram) throws InterruptedException {
    java.util.concurrent.LinkedBlockingQueue<Sender> idle = new java.util.concurrent.LinkedBlockingQueue<>(
        senders.subList(0, Math.min(concurrency, senders.size())));
    long start = System.nanoTime();
    long recordFrom = start + (long) (warmUp * 1e9);
    long end = recordFrom + (long) (seconds * 1e9);
    long issued = 0;
    while (System.nanoTime() < end) {
      // At a fixed rate, latency counts from when the payment was due, so a late start counts too.
      long due = rate > 0 ? start + (long) (issued * 1e9 / rate) : System.nanoTime();
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      Sender sender = idle.poll(1, java.util.concurrent.TimeUnit.SECONDS);
      if (sender == null) {
        continue;
      }
      issued++;
      long began = rate > 0 ? due : System.nanoTime();
      boolean recorded = began >= recordFrom;
      pay(committee, sender, senders).orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).whenComplete((ok, failure) -> {
        if (failure != null) {
          return; // its sender keeps the pending order and is not used again
        }
        if (recorded) {
          synchronized (histogram) {
            histogram.recordValue((System.nanoTime() - began) / 1000);
          }
          done.incrementAndGet();
        }
        idle.add(sender);
      });
    }
    long drain = System.nanoTime() + 10_000_000_000L;
    while (idle.size() < Math.min(concurrency, senders.size()) && System.nanoTime() < drain) {
      Thread.sleep(10);
    }
  }

  static CompletableFuture<Void> pay(CommitteeClient committee, Sender sender, List<Sender> senders) {
    TransferOrder order;
    synchronized (sender) {
      order = new TransferOrder(committee.committee().network(), new AccountId(sender.key.publicKey()),
          new Recipient.Account(new AccountId(senders.get(0).key.publicKey()).equals(new AccountId(sender.key.publicKey()))
              ? new AccountId(senders.get(1).key.publicKey()) : new AccountId(senders.get(0).key.publicKey())),
          QPC, new Amount(1), new SequenceNumber(sender.next++), UserData.EMPTY);
    }
    SignedOrder<TransferOrder> signed = SignedOrder.sign(order, sender.key);
    VoteCollector votes = new VoteCollector(committee.committee(), order);
    CompletableFuture<Certificate> certificate = new CompletableFuture<>();
    for (int a = 0; a < committee.size(); a++) {
      committee.vote(a, signed).thenAccept(vote -> {
        synchronized (votes) {
          try {
            votes.add(vote).ifPresent(certificate::complete);
          } catch (Exception ignored) {
            // A bad vote does not count.
          }
        }
      });
    }
    return certificate.thenCompose(c -> {
      CompletableFuture<Void> quorum = new CompletableFuture<>();
      AtomicInteger acknowledged = new AtomicInteger();
      for (int a = 0; a < committee.size(); a++) {
        committee.confirm(a, c).thenRun(() -> {
          if (acknowledged.incrementAndGet() == committee.committee().quorumThreshold()) {
            quorum.complete(null);
          }
        });
      }
      return quorum;
    });
  }
}
