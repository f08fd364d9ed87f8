package io.quorumpay.channels.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.channels.Fixture;
import io.quorumpay.channels.PaymentGate;
import io.quorumpay.channels.Prices;
import io.quorumpay.channels.policy.AuthorizationWindow;
import io.quorumpay.channels.policy.ChannelRecord;
import io.quorumpay.channels.policy.Payment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RocksDB on disk: calls are served once a durable record covers them, not once their own record is durable. */
class RocksLedgerTest {
  private static final long PRICE = 10;
  private static final Prices PRICES = new Prices(Map.of("/m", PRICE), null);

  @TempDir
  Path dir;

  private final Fixture f = new Fixture(3);

  private PaymentGate.Admission call(PaymentGate gate, Payment payment) {
    return gate.admit("/m", new Payment.Parsed.Present(payment), null);
  }

  /** One buyer paying ahead by the window rule, shared by threads: each call takes the authorization that covers it. */
  private final class Buyer {
    private final AuthorizationWindow window = new AuthorizationWindow(5 * PRICE);
    private long authorized;
    private long spent;
    private Payment current;

    synchronized Payment next() {
      if (window.next(authorized, spent, PRICE, 1_000_000) instanceof AuthorizationWindow.Step.Sign sign) {
        authorized = sign.amount();
        current = f.pay(0, authorized);
      }
      spent += PRICE;
      return current;
    }
  }

  @Test
  void everyAdmittedCallIsCoveredByTheDurableRecordUnderConcurrentCalls() throws Exception {
    try (RocksLedger ledger = RocksLedger.open(dir.resolve("ledger"))) {
      PaymentGate gate = f.gate(ledger, PRICES);
      Buyer buyer = new Buyer();
      AtomicLong returned = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> threads = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        threads.add(pool.submit(() -> {
          for (int i = 0; i < 100; i++) {
            assertThat(call(gate, buyer.next())).isInstanceOf(PaymentGate.Admission.Paid.class);
            // The calls returned so far accepted distinct totals up to at least n prices, each covered when it returned.
            long n = returned.incrementAndGet();
            ChannelRecord durable = ledger.durable(f.channel).orElseThrow();
            assertThat(durable.nonce()).isZero();
            assertThat(durable.highestAmount()).isGreaterThanOrEqualTo(n * PRICE);
          }
          return null;
        }));
      }
      for (Future<?> thread : threads) {
        thread.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      ChannelRecord record = ledger.list(1).getFirst().record();
      assertThat(record.accepted()).isEqualTo(800 * PRICE);
      assertThat(record.highestAmount()).isBetween(800 * PRICE, 805 * PRICE);
    }
  }

  @Test
  void aNewAuthorizationIsServedWithoutWaitingWhileTheDurableOneCoversItAndSurvivesAReopen() throws Exception {
    Path path = dir.resolve("ledger");
    try (RocksLedger ledger = RocksLedger.open(path)) {
      PaymentGate gate = f.gate(ledger, PRICES);
      assertThat(call(gate, f.pay(0, 100))).isInstanceOf(PaymentGate.Admission.Paid.class);
      assertThat(ledger.durable(f.channel).orElseThrow().highestAmount()).isEqualTo(100);

      // Nothing reaches the disk now: calls the durable 100 covers are still served at once (a wait would time out as UNAVAILABLE).
      CountDownLatch held = new CountDownLatch(1);
      ledger.holdWrites = held;
      try {
        for (int i = 0; i < 9; i++) {
          assertThat(call(gate, f.pay(0, 200))).isInstanceOf(PaymentGate.Admission.Paid.class);
        }
        assertThat(ledger.durable(f.channel).orElseThrow().highestAmount()).isEqualTo(100);
        // The eleventh call needs 110: it waits for 200 to be durable.
        CompletableFuture<PaymentGate.Admission> beyond = CompletableFuture.supplyAsync(() -> call(gate, f.pay(0, 200)));
        held.countDown();
        assertThat(beyond.get(30, TimeUnit.SECONDS)).isInstanceOf(PaymentGate.Admission.Paid.class);
        assertThat(ledger.durable(f.channel).orElseThrow().highestAmount()).isEqualTo(200);
      } finally {
        held.countDown();
        ledger.holdWrites = null;
      }
      assertThat(ledger.list(1).getFirst().record().accepted()).isEqualTo(110);
    }
    try (RocksLedger reopened = RocksLedger.open(path)) {
      // Read back: the highest authorization and its signature; everything it authorized counts as served.
      ChannelRecord record = reopened.list(1).getFirst().record();
      assertThat(record.highestAmount()).isEqualTo(200);
      assertThat(record.highest().orElseThrow().signature()).isEqualTo(f.pay(0, 200).signature());
      assertThat(record.accepted()).isEqualTo(200);
      PaymentGate gate = f.gate(reopened, PRICES);
      assertThat(call(gate, f.pay(0, 200))).isInstanceOf(PaymentGate.Admission.Refused.class);
      assertThat(call(gate, f.pay(0, 210))).isInstanceOf(PaymentGate.Admission.Paid.class);
      assertThat(reopened.durable(f.channel).orElseThrow().highestAmount()).isEqualTo(210);
    }
  }

  @Test
  void aCoveredCallNeverWaitsForAFullWriteQueueAndItsNewerAuthorizationReachesTheDiskLater() throws Exception {
    List<Fixture> buyers = List.of(new Fixture(11), new Fixture(12), new Fixture(13), new Fixture(14));
    try (RocksLedger ledger = RocksLedger.open(dir.resolve("ledger"), 1)) {
      List<PaymentGate> gates = buyers.stream().map(b -> b.gate(ledger, PRICES)).toList();
      for (int i = 0; i < buyers.size(); i++) {
        assertThat(call(gates.get(i), buyers.get(i).pay(0, 100))).isInstanceOf(PaymentGate.Admission.Paid.class);
      }
      // The writer is held: one channel's background write is in its hands, one fills the queue of one, the others find it full.
      CountDownLatch held = new CountDownLatch(1);
      ledger.holdWrites = held;
      try {
        for (int round = 0; round < 2; round++) {
          for (int i = 0; i < buyers.size(); i++) {
            // Covered by the durable 100: served at once, never refused for want of room in the queue.
            assertThat(call(gates.get(i), buyers.get(i).pay(0, 200))).isInstanceOf(PaymentGate.Admission.Paid.class);
          }
        }
      } finally {
        held.countDown();
        ledger.holdWrites = null;
      }
      for (int i = 0; i < buyers.size(); i++) {
        // A skipped write is not lost: a later write of the channel (at the latest its eleventh call's, which waits) takes 200.
        for (int call = 3; call <= 11; call++) {
          assertThat(call(gates.get(i), buyers.get(i).pay(0, 200))).isInstanceOf(PaymentGate.Admission.Paid.class);
        }
        assertThat(ledger.durable(buyers.get(i).channel).orElseThrow().highestAmount()).isEqualTo(200);
      }
    }
  }
}
