package io.quorumpay.bench;

import com.sun.management.OperatingSystemMXBean;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.authority.AuthorityNode;
import io.quorumpay.authority.config.AuthorityConfig;
import io.quorumpay.authority.local.FreePorts;
import io.quorumpay.authority.local.LocalNetwork;
import io.quorumpay.client.CommitteeClient;
import io.quorumpay.client.CommitteeExchange;
import io.quorumpay.client.DrivenPayment;
import io.quorumpay.core.client.PaymentDriver;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import io.quorumpay.hub.Hub;
import io.quorumpay.hub.http.HubServer;
import io.quorumpay.hub.http.RateLimiter;
import io.quorumpay.primary.PrimaryConfig;
import io.quorumpay.primary.PrimaryNode;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * {@code scripts/bench hub}: the hub over a local network (4 authorities x 2 shards, in this
 * process) with its embedded PostgreSQL: requests/s for an account read and a history page, and a
 * payment's latency (POST /v1/orders until the certificate is back, applied by a quorum) at half of
 * the hub's peak, against the same payments through the client kit directly at the same rate, the
 * two taking turns in one-second slices.
 */
final class HubBench {
  private static final int READERS = 32;
  private static final int SENDERS = 64;
  private static final int HISTORY_PAYMENTS = 50;

  private HubBench() {}

  /** A function of a sender that pays once and returns when the payment is final. */
  @FunctionalInterface
  private interface Payment {
    void pay(LatencyBench.Sender sender) throws Exception;
  }

  static Map<String, Object> run(double seconds, Path dir) throws Exception {
    LocalNetwork.Layout layout = LocalNetwork.init(dir.resolve("net"), "hub-bench", 4, 2, false, FreePorts::next);
    CommitteeFile committeeFile = CommitteeFile.read(layout.committeeFile());
    PrimaryConfig primaryConfig = PrimaryConfig.read(layout.primaryFile());
    List<AuthorityNode> nodes = new ArrayList<>();
    Map<String, Object> result = new LinkedHashMap<>();
    // Loopback clients all share one address: the per-client limits (rate, payments in flight) are lifted for the benchmark.
    HubServer.Settings settings = HubServer.Settings.local(0).withRateLimits(new RateLimiter.Limits(1_000_000, 1e9, 1000))
        .withRelaysPerClient(SENDERS);
    try (PrimaryNode primary = PrimaryNode.start(committeeFile.committee(), primaryConfig.dataDir(), primaryConfig.listen(),
            Duration.ofMillis(50), InsecureServerCredentials.create());
        CommitteeClient committee = new CommitteeClient(committeeFile, InsecureChannelCredentials.create(), Duration.ofSeconds(5))) {
      for (Path file : layout.authorityFiles()) {
        nodes.add(AuthorityNode.start(AuthorityConfig.read(file), failure -> { }));
      }
      List<LatencyBench.Sender> senders = LatencyBench.fund(primary.chain(), committee, SENDERS + 1);
      LatencyBench.Sender reader = senders.remove(senders.size() - 1);
      // PostgreSQL runs as the postgres user when the benchmark runs as root: its folder must be reachable by others.
      Path database = java.nio.file.Files.createTempDirectory("qp-bench-hub-",
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
      try (Hub hub = Hub.start(new Hub.Config(settings, new Hub.Database.Embedded(database),
          Optional.empty(), Duration.ofMillis(50)), committee, primary.chain(), List.of());
          ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads).build();
        URI base = hub.address();
        ServerTimings timings = new ServerTimings();
        Payment throughHub = sender -> {
          HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/orders"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"signedOrder\":\""
                  + HexFormat.of().formatHex(signedTransfer(committee, sender, senders).encode()) + "\"}"))
              .build();
          long sent = System.nanoTime();
          HttpResponse<String> reply = http.send(request, HttpResponse.BodyHandlers.ofString());
          long roundTrip = System.nanoTime() - sent;
          if (reply.statusCode() != 200) {
            throw new IllegalStateException("the hub refused a payment: " + reply.body());
          }
          timings.record(roundTrip, reply.headers().firstValue("Server-Timing").orElseThrow());
        };
        // History for the reader: a page of HISTORY_PAYMENTS entries once the indexer has them.
        for (int i = 0; i < HISTORY_PAYMENTS; i++) {
          throughHub.pay(reader);
        }
        String account = new AccountId(reader.key.publicKey()).hex();
        URI history = base.resolve("/v1/accounts/" + account + "/history?limit=" + HISTORY_PAYMENTS);
        URI sent = base.resolve("/v1/accounts/" + account + "/history?direction=out&limit=" + HISTORY_PAYMENTS);
        while (!http.send(HttpRequest.newBuilder(sent).build(), HttpResponse.BodyHandlers.ofString()).body()
            .contains("\"sequenceNumber\":" + (HISTORY_PAYMENTS - 1))) {
          Thread.sleep(50);
        }
        double accountReads = reads(http, threads, base.resolve("/v1/accounts/" + account), seconds / 2);
        double historyReads = reads(http, threads, history, seconds / 2);
        System.out.printf("hub reads, %d concurrent clients: account %.0f requests/s, history page of %d %.0f requests/s%n", READERS,
            accountReads, HISTORY_PAYMENTS, historyReads);
        result.put("accountReadsPerSecond", accountReads);
        result.put("historyPageReadsPerSecond", historyReads);
        result.put("historyPageEntries", HISTORY_PAYMENTS);

        Histogram ignored = new Histogram(3_600_000_000L, 3);
        int[] clientIndex = CommitteeExchange.clientIndex(committee);
        Payment throughKit = sender -> payWithKitDriver(committee, clientIndex, signedTransfer(committee, sender, senders));
        // The bare minimum under both: votes asked of all, certificate sent to all, by hand, no driver.
        Payment bare = sender -> LatencyBench.pay(committee, sender, senders).get(10, TimeUnit.SECONDS);
        // Both paths are warmed up (and their peaks shown) before anything is timed.
        double peak = load(threads, senders, throughHub, seconds / 2, 0, ignored) / (seconds / 2);
        double kitPeak = load(threads, senders, throughKit, seconds / 2, 0, ignored) / (seconds / 2);
        Thread.sleep(2000);
        // At half of the hub's peak the two paths take turns in one-second slices, so that what else
        // runs meanwhile (the JIT, the indexer, other processes on the machine) weighs on both alike.
        Histogram hubLatency = new Histogram(3_600_000_000L, 3);
        Histogram kitLatency = new Histogram(3_600_000_000L, 3);
        Histogram bareLatency = new Histogram(3_600_000_000L, 3);
        load(threads, senders, bare, 1, peak / 2, ignored); // its warm-up
        timings.recording = true;
        // The whole process's CPU time per payment in each path's slices: the hub's (and its HTTP client's) CPU is the difference.
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long hubCpu = 0;
        long kitCpu = 0;
        for (long slice = 0; slice < Math.max(1, Math.round(seconds)); slice++) {
          long before = os.getProcessCpuTime();
          load(threads, senders, throughHub, 1, peak / 2, hubLatency);
          long between = os.getProcessCpuTime();
          load(threads, senders, throughKit, 1, peak / 2, kitLatency);
          hubCpu += between - before;
          kitCpu += os.getProcessCpuTime() - between;
          load(threads, senders, bare, 1, peak / 2, bareLatency);
        }
        double hubCpuMillis = hubCpu / 1e6 / Math.max(1, hubLatency.getTotalCount());
        double kitCpuMillis = kitCpu / 1e6 / Math.max(1, kitLatency.getTotalCount());
        System.out.printf("hub payments (POST /v1/orders until the certificate is back, applied by a quorum): peak %.0f/s (the client"
            + " kit's: %.0f/s); at %.0f/s (half of the hub's), taking turns each second: p50 %.2f ms, p99 %.2f ms (%d payments); the same"
            + " payments through the client kit directly: p50 %.2f ms, p99 %.2f ms (%d payments)%n", peak, kitPeak, peak / 2,
            millis(hubLatency, 50), millis(hubLatency, 99), hubLatency.getTotalCount(), millis(kitLatency, 50), millis(kitLatency, 99),
            kitLatency.getTotalCount());
        System.out.printf("  hub minus kit: p50 %+.2f ms, p99 %+.2f ms (target: under 2 ms at p99); bare gRPC calls by hand, no driver:"
            + " p50 %.2f ms, p99 %.2f ms (%d payments)%n", millis(hubLatency, 50) - millis(kitLatency, 50),
            millis(hubLatency, 99) - millis(kitLatency, 99), millis(bareLatency, 50), millis(bareLatency, 99), bareLatency.getTotalCount());
        System.out.printf("  inside the hub's answers (Server-Timing): the hub's own time p50 %.2f ms, p99 %.2f ms; the committee's"
            + " p50 %.2f ms, p99 %.2f ms; the rest of each HTTP round trip (transport and the in-process HTTP client) p50 %.2f ms,"
            + " p99 %.2f ms%n", millis(timings.hub, 50), millis(timings.hub, 99), millis(timings.committee, 50),
            millis(timings.committee, 99), millis(timings.rest, 50), millis(timings.rest, 99));
        System.out.printf("  CPU time of the whole process (committee, hub, HTTP client, indexer) per payment in each path's slices:"
            + " hub %.2f ms, kit %.2f ms%n", hubCpuMillis, kitCpuMillis);
        result.put("hubPathCpuMillisPerPayment", hubCpuMillis);
        result.put("kitPathCpuMillisPerPayment", kitCpuMillis);
        result.put("hubOwnP50Millis", millis(timings.hub, 50));
        result.put("hubOwnP99Millis", millis(timings.hub, 99));
        result.put("hubCommitteeP50Millis", millis(timings.committee, 50));
        result.put("hubCommitteeP99Millis", millis(timings.committee, 99));
        result.put("hubTransportP50Millis", millis(timings.rest, 50));
        result.put("hubTransportP99Millis", millis(timings.rest, 99));
        result.put("clientKitPeakPaymentsPerSecond", kitPeak);
        result.put("bareP50Millis", millis(bareLatency, 50));
        result.put("bareP99Millis", millis(bareLatency, 99));
        result.put("peakPaymentsPerSecond", peak);
        result.put("offeredPaymentsPerSecond", peak / 2);
        result.put("hubP50Millis", millis(hubLatency, 50));
        result.put("hubP99Millis", millis(hubLatency, 99));
        result.put("hubPayments", hubLatency.getTotalCount());
        result.put("clientKitP50Millis", millis(kitLatency, 50));
        result.put("clientKitP99Millis", millis(kitLatency, 99));
        result.put("clientKitPayments", kitLatency.getTotalCount());
      } finally {
        try (var files = java.nio.file.Files.walk(database)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
      }
    } finally {
      nodes.forEach(AuthorityNode::close);
    }
    return result;
  }

  /**
   * What the hub's {@code Server-Timing} header says of each timed payment ({@code hub;dur=..,
   * committee;dur=..}, ms), and the rest of its HTTP round trip as the client measured it.
   */
  private static final class ServerTimings {
    private static final Pattern ENTRY = Pattern.compile("(\\w+);dur=([0-9.]+)");
    final Histogram hub = new Histogram(3_600_000_000L, 3);
    final Histogram committee = new Histogram(3_600_000_000L, 3);
    final Histogram rest = new Histogram(3_600_000_000L, 3);
    volatile boolean recording;

    synchronized void record(long roundTripNanos, String header) {
      if (!recording) {
        return;
      }
      Map<String, Long> micros = new HashMap<>();
      Matcher entry = ENTRY.matcher(header);
      while (entry.find()) {
        micros.put(entry.group(1), Math.round(Double.parseDouble(entry.group(2)) * 1000));
      }
      if (!micros.containsKey("hub") || !micros.containsKey("committee")) {
        throw new IllegalStateException("the hub's Server-Timing header lacks hub or committee: " + header);
      }
      long hubMicros = micros.get("hub");
      long committeeMicros = micros.get("committee");
      hub.recordValue(hubMicros);
      committee.recordValue(committeeMicros);
      rest.recordValue(Math.max(0, roundTripNanos / 1000 - hubMicros - committeeMicros));
    }
  }

  private static double millis(Histogram histogram, double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  private static SignedOrder<Order> signedTransfer(CommitteeClient committee, LatencyBench.Sender sender, List<LatencyBench.Sender> senders) {
    AccountId self = new AccountId(sender.key.publicKey());
    AccountId first = new AccountId(senders.get(0).key.publicKey());
    AccountId to = first.equals(self) ? new AccountId(senders.get(1).key.publicKey()) : first;
    TransferOrder order;
    synchronized (sender) {
      order = new TransferOrder(committee.committee().network(), self, new Recipient.Account(to), LatencyBench.QPC, new Amount(1),
          new SequenceNumber(sender.next++), UserData.EMPTY);
    }
    return SignedOrder.<Order>sign(order, sender.key);
  }

  /**
   * One payment as the client kit makes it ({@code PayKit}'s machinery: the {@link PaymentDriver}
   * over a {@link CommitteeExchange}, run by {@link DrivenPayment} on the caller's thread), done
   * where the hub answers: once the certificate formed and authorities of a quorum's weight applied it.
   */
  private static void payWithKitDriver(CommitteeClient committee, int[] clientIndex, SignedOrder<Order> order) throws Exception {
    PaymentDriver driver = new PaymentDriver(committee.committee(), order, List.of(), List.of(), PaymentDriver.Budget.standard());
    CommitteeExchange exchange = new CommitteeExchange(committee, clientIndex, CommitteeExchange.DepositReader.NONE);
    switch (new DrivenPayment(driver, exchange, DrivenPayment.Until.AT_QUORUM).start(certificate -> { })) {
      case DrivenPayment.Result.Certified certified when certified.confirmedWeight() >= committee.committee().quorumThreshold() -> { }
      case DrivenPayment.Result.Certified certified -> throw new IllegalStateException("the kit's certificate was confirmed by weight "
          + certified.confirmedWeight() + " only, below a quorum");
      case DrivenPayment.Result.GaveUp gaveUp -> throw new IllegalStateException("the kit's payment gave up: " + gaveUp.reason().summary());
    }
  }

  /** GETs {@code uri} from {@link #READERS} clients for {@code seconds}; returns requests per second. */
  private static double reads(HttpClient http, ExecutorService threads, URI uri, double seconds) throws Exception {
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<java.util.concurrent.Future<?>> readers = new ArrayList<>();
    for (int i = 0; i < READERS; i++) {
      readers.add(threads.submit(() -> {
        while (System.nanoTime() < end) {
          HttpResponse<Void> reply = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
          if (reply.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + reply.statusCode());
          }
          done.incrementAndGet();
        }
        return null;
      }));
    }
    for (var r : readers) {
      r.get();
    }
    return done.get() / seconds;
  }

  /**
   * Pays for {@code seconds}, each sender with at most one payment in flight; at {@code rate} per
   * second if positive (latency counted from when a payment was due), else as fast as senders come
   * free. Returns how many payments finished.
   */
  private static long load(ExecutorService threads, List<LatencyBench.Sender> senders, Payment payment, double seconds, double rate,
      Histogram latency) throws InterruptedException {
    LinkedBlockingQueue<LatencyBench.Sender> idle = new LinkedBlockingQueue<>(senders);
    AtomicLong done = new AtomicLong();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long issued = 0;
    while (System.nanoTime() < end) {
      long due = rate > 0 ? start + (long) (issued * 1e9 / rate) : System.nanoTime();
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      LatencyBench.Sender sender = idle.poll(1, TimeUnit.SECONDS);
      if (sender == null) {
        continue;
      }
      issued++;
      long began = rate > 0 ? due : System.nanoTime();
      threads.submit(() -> {
        try {
          payment.pay(sender);
        } catch (Exception e) {
          System.err.println("a payment failed, its sender is set aside: " + e.getMessage());
          return;
        }
        synchronized (latency) {
          latency.recordValue((System.nanoTime() - began) / 1000);
        }
        done.incrementAndGet();
        idle.add(sender);
      });
    }
    long drain = System.nanoTime() + 10_000_000_000L;
    while (idle.size() < senders.size() && System.nanoTime() < drain) {
      Thread.sleep(10);
    }
    return done.get();
  }
}
