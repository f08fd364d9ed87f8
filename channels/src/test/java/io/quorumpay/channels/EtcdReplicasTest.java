package io.quorumpay.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.quorumpay.channels.ledger.EtcdLedger;
import io.quorumpay.channels.policy.Authorization;
import io.quorumpay.channels.policy.ChannelRecord;
import io.quorumpay.channels.policy.ChannelRefusal;
import io.quorumpay.channels.policy.Payment;
import io.quorumpay.channels.trial.EtcdTrialCounter;
import io.quorumpay.core.messages.PaymentAuthorization;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.SequenceNumber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replicas of one seller sharing channels through a real etcd. */
class EtcdReplicasTest {
  private static final long PRICE = 3;
  private static final long SEED = 11;

  @TempDir Path dir;
  private EtcdServer etcd;
  private final Fixture f = new Fixture(SEED);

  @BeforeEach
  void startEtcd() throws Exception {
    etcd = EtcdServer.start();
  }

  @AfterEach
  void stopEtcd() throws Exception {
    etcd.close();
  }

  private EtcdLedger ledger() {
    return EtcdLedger.connect(List.of(etcd.endpoint), "/qp-test/channels/");
  }

  /** Two replicas in one process, interleaving calls on one channel: every call served, each paid. */
  @Test
  void twoReplicasShareOneChannelWithoutLocks() throws Exception {
    Prices prices = new Prices(Map.of("/m", PRICE), null);
    try (EtcdLedger a = ledger(); EtcdLedger b = ledger()) {
      List<PaymentGate> gates = List.of(f.gate(a, prices), f.gate(b, prices));
      AtomicLong authorized = new AtomicLong();
      AtomicLong served = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 25; i++) {
            Payment payment = f.pay(0, authorized.addAndGet(PRICE));
            var admission = gates.get((thread + i) % 2).admit("/m", new Payment.Parsed.Present(payment), null);
            assertThat(admission).isInstanceOf(PaymentGate.Admission.Paid.class);
            served.incrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> d : done) {
        d.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      ChannelRecord record = a.list(10).getFirst().record();
      assertThat(served.get()).isEqualTo(100);
      assertThat(record.accepted()).isEqualTo(100 * PRICE);
      assertThat(record.highestAmount()).isEqualTo(100 * PRICE);
      // A replay at either replica pays nothing more.
      var replay = gates.get(1).admit("/m", new Payment.Parsed.Present(f.pay(0, 100 * PRICE)), null);
      assertThat(replay).isEqualTo(new PaymentGate.Admission.Refused(new ChannelRefusal.InsufficientPayment(PRICE, 101 * PRICE)));
    }
  }

  /** Two replicas counting one trial token's calls concurrently: exactly its calls are granted. */
  @Test
  void trialCallsAreCountedOnceAcrossReplicas() throws Exception {
    try (EtcdTrialCounter a = EtcdTrialCounter.connect(List.of(etcd.endpoint), "/qp-test/trials/");
        EtcdTrialCounter b = EtcdTrialCounter.connect(List.of(etcd.endpoint), "/qp-test/trials/")) {
      io.quorumpay.core.encoding.Bytes id = io.quorumpay.core.encoding.Bytes.copyOf(new byte[16]);
      AtomicLong granted = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        EtcdTrialCounter counter = t % 2 == 0 ? a : b;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 8; i++) {
            if (counter.use(id, 20) > 0) {
              granted.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> d : done) {
        d.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(granted.get()).isEqualTo(20);
      assertThat(a.use(id, 20)).isEqualTo(-1);
    }
  }

  /**
   * Two replica processes on one etcd under concurrent calls; one is killed with kill -9 mid-load
   * and the clients carry on at the other. Nothing is served unpaid, no call is refused, and the
   * highest authorization of every served call is in etcd, with a valid signature.
   */
  @Test
  void aReplicaKilledMidLoadLosesNothing() throws Exception {
    List<Process> replicas = new ArrayList<>();
    List<ManagedChannel> clients = new ArrayList<>();
    try {
      for (int r = 0; r < 2; r++) {
        replicas.add(new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
            "-cp", System.getProperty("java.class.path"), "-Xmx256m", "-XX:TieredStopAtLevel=1", ReplicaMain.class.getName(),
            Long.toString(SEED), etcd.endpoint, dir.resolve("port-" + r).toString(), Long.toString(PRICE))
            .redirectErrorStream(true).redirectOutput(dir.resolve("replica-" + r + ".log").toFile()).start());
      }
      for (int r = 0; r < 2; r++) {
        Path portFile = dir.resolve("port-" + r);
        for (int i = 0; i < 300 && !Files.exists(portFile); i++) {
          Thread.sleep(100);
        }
        int port = Integer.parseInt(Files.readString(portFile));
        clients.add(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build());
      }
      long started = System.nanoTime();
      AtomicLong authorized = new AtomicLong();
      AtomicLong served = new AtomicLong();
      AtomicLong highestServed = new AtomicLong();
      AtomicLong failedOnTheDeadReplica = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 40; i++) {
            long amount = authorized.addAndGet(PRICE);
            int replica = (thread + i) % 2;
            try {
              Echo.call(clients.get(replica), Echo.SAY, ChannelServerInterceptor.metadata(f.pay(0, amount)), new byte[] {1});
              served.incrementAndGet();
              highestServed.accumulateAndGet(amount, Math::max);
            } catch (StatusRuntimeException e) {
              // Only the killed replica may fail, and only as a dead transport: never a refusal. A call cut
              // off after its response began ends UNKNOWN or INTERNAL rather than UNAVAILABLE.
              assertThat(replica).isZero();
              assertThat(e.getStatus().getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.UNKNOWN, Status.Code.INTERNAL);
              assertThat(Status.trailersFromThrowable(e).get(RefusalStatus.CODE_KEY)).isNull();
              failedOnTheDeadReplica.incrementAndGet();
            }
          }
          return null;
        }));
      }
      while (served.get() < 50) {
        Thread.sleep(5);
      }
      replicas.getFirst().destroyForcibly().waitFor(); // SIGKILL
      for (Future<?> d : done) {
        d.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();
      System.err.printf("replicas: %d served, %d failed on the killed one, %.1f s of load%n",
          served.get(), failedOnTheDeadReplica.get(), (System.nanoTime() - started) / 1e9);
      try (EtcdLedger ledger = ledger()) {
        ChannelRecord record = ledger.list(10).getFirst().record();
        Authorization highest = record.highest().orElseThrow();
        assertThat(failedOnTheDeadReplica.get()).isPositive();
        assertThat(served.get() * PRICE).isLessThanOrEqualTo(record.accepted());
        assertThat(record.accepted()).isLessThanOrEqualTo(highest.amount());
        assertThat(highest.amount()).isGreaterThanOrEqualTo(highestServed.get());
        assertThat(new PaymentAuthorization(f.network, f.channel, SequenceNumber.ZERO, new Amount(highest.amount()))
            .isSignedBy(highest.authorizer(), highest.signature())).isTrue();
      }
    } finally {
      for (ManagedChannel c : clients) {
        c.shutdownNow();
      }
      for (Process p : replicas) {
        p.destroyForcibly().waitFor();
      }
    }
  }
}
