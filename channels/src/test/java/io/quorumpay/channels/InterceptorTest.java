package io.quorumpay.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.quorumpay.channels.ledger.RocksLedger;
import io.quorumpay.channels.policy.AuthorizationWindow;
import io.quorumpay.channels.policy.Authorization;
import io.quorumpay.channels.policy.ChannelRecord;
import io.quorumpay.channels.policy.ChannelRefusal;
import io.quorumpay.channels.policy.Payment;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.messages.PaymentAuthorization;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.GroupId;
import io.quorumpay.core.types.SequenceNumber;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interceptor over real gRPC on loopback, with the RocksDB ledger on disk. */
public class InterceptorTest {
  private static final long PRICE = 10;
  private static final Prices PRICES = new Prices(Map.of("/test.Echo/Say", PRICE, "/test.Echo/Free", 0L), null);

  @TempDir Path dir;
  private final Fixture f = new Fixture(7);
  private final Echo echo = new Echo();
  private RocksLedger ledger;
  private Server server;
  private ManagedChannel client;

  private void start() throws Exception {
    ledger = RocksLedger.open(dir.resolve("ledger"));
    server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .addService(ServerInterceptors.intercept(echo.service(), new ChannelServerInterceptor(f.gate(ledger, PRICES))))
        .build()
        .start();
    client = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
  }

  private void restart() throws Exception {
    stop();
    start();
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      ledger.close();
      client = null;
    }
  }

  private byte[] pay(Payment payment) {
    return Echo.call(client, Echo.SAY, ChannelServerInterceptor.metadata(payment), new byte[] {1, 2, 3});
  }

  private ChannelRecord record() throws Exception {
    return ledger.list(10).stream().filter(e -> e.channel().equals(f.channel)).findFirst().orElseThrow().record();
  }

  @Test
  void paidCallsAreServedAndTheHighestAuthorizationSurvivesARestart() throws Exception {
    start();
    for (long amount = PRICE; amount <= 5 * PRICE; amount += PRICE) {
      assertThat(pay(f.pay(0, amount))).containsExactly(1, 2, 3);
    }
    assertThat(echo.served.get()).isEqualTo(5);
    restart();
    ChannelRecord record = record();
    Authorization highest = record.highest().orElseThrow();
    assertThat(highest.amount()).isEqualTo(50);
    assertThat(new PaymentAuthorization(f.network, f.channel, SequenceNumber.ZERO, new Amount(50))
        .isSignedBy(highest.authorizer(), highest.signature())).isTrue();
    // After a restart everything authorized before counts as served: a replay pays nothing, the next call is served.
    assertRefused(() -> pay(f.pay(0, 50)), Status.Code.FAILED_PRECONDITION, ChannelRefusal.Code.INSUFFICIENT_PAYMENT);
    pay(f.pay(0, 60));
    assertThat(echo.served.get()).isEqualTo(6);
  }

  @Test
  void freeMethodsNeedNoPayment() throws Exception {
    start();
    assertThat(Echo.call(client, Echo.FREE, new Metadata(), new byte[] {9})).containsExactly(9);
    assertThat(ledger.list(10)).isEmpty();
  }

  @Test
  void badInputIsRefusedWithItsStatusAndChangesNothing() throws Exception {
    start();
    pay(f.pay(0, PRICE));
    ChannelRecord before = record();
    KeyPair stranger = KeyPair.generate(new Random(3));
    ChannelId otherGroups = ChannelId.of(f.network, new AccountId(f.buyer.publicKey()), new SequenceNumber(77_777));
    f.directory.put(f.view(otherGroups, 1000, 0, 10_000, new GroupId(Bytes.copyOf(new byte[32]))));
    ChannelId expiring = ChannelId.of(f.network, new AccountId(f.buyer.publicKey()), new SequenceNumber(88_888));
    f.directory.put(f.view(expiring, 1000, 0, f.height.get() + 5, f.group));
    ChannelId unknown = ChannelId.of(f.network, new AccountId(f.buyer.publicKey()), new SequenceNumber(99_999));
    Payment good = f.pay(0, 2 * PRICE);

    assertRefused(() -> Echo.call(client, Echo.SAY, new Metadata(), new byte[0]),
        Status.Code.UNAUTHENTICATED, ChannelRefusal.Code.PAYMENT_MISSING);
    assertRefused(() -> Echo.call(client, Echo.SAY, with(good, ChannelServerInterceptor.CHANNEL, "zz"), new byte[0]),
        Status.Code.INVALID_ARGUMENT, ChannelRefusal.Code.PAYMENT_MALFORMED);
    assertRefused(() -> Echo.call(client, Echo.SAY, with(good, ChannelServerInterceptor.NONCE, "-1"), new byte[0]),
        Status.Code.INVALID_ARGUMENT, ChannelRefusal.Code.PAYMENT_MALFORMED);
    assertRefused(() -> Echo.call(client, Echo.SAY, with(good, ChannelServerInterceptor.AMOUNT, "2e1"), new byte[0]),
        Status.Code.INVALID_ARGUMENT, ChannelRefusal.Code.PAYMENT_MALFORMED);
    assertRefused(() -> Echo.call(client, Echo.SAY, with(good, ChannelServerInterceptor.AMOUNT, "99999999999999999999"), new byte[0]),
        Status.Code.INVALID_ARGUMENT, ChannelRefusal.Code.PAYMENT_MALFORMED);
    Metadata shortSignature = ChannelServerInterceptor.metadata(good);
    shortSignature.removeAll(ChannelServerInterceptor.SIGNATURE);
    shortSignature.put(ChannelServerInterceptor.SIGNATURE, new byte[63]);
    assertRefused(() -> Echo.call(client, Echo.SAY, shortSignature, new byte[0]),
        Status.Code.INVALID_ARGUMENT, ChannelRefusal.Code.PAYMENT_MALFORMED);
    Metadata noSignature = ChannelServerInterceptor.metadata(good);
    noSignature.removeAll(ChannelServerInterceptor.SIGNATURE);
    assertRefused(() -> Echo.call(client, Echo.SAY, noSignature, new byte[0]),
        Status.Code.INVALID_ARGUMENT, ChannelRefusal.Code.PAYMENT_MALFORMED);
    assertRefused(() -> pay(f.pay(unknown, 0, 2 * PRICE, f.signer)), Status.Code.NOT_FOUND, ChannelRefusal.Code.UNKNOWN_CHANNEL);
    assertRefused(() -> pay(f.pay(otherGroups, 0, 2 * PRICE, f.signer)), Status.Code.PERMISSION_DENIED, ChannelRefusal.Code.WRONG_GROUP);
    StatusRuntimeException nonce = assertRefused(() -> pay(f.pay(4, 2 * PRICE)), Status.Code.ABORTED, ChannelRefusal.Code.INCORRECT_NONCE);
    assertThat(Status.trailersFromThrowable(nonce).get(RefusalStatus.CURRENT_NONCE_KEY)).isEqualTo("0");
    assertRefused(() -> pay(f.pay(f.channel, 0, 2 * PRICE, stranger)), Status.Code.UNAUTHENTICATED, ChannelRefusal.Code.INVALID_SIGNATURE);
    // A real signature of the buyer's, reused for another amount.
    assertRefused(() -> pay(new Payment(f.channel, 0, 3 * PRICE, good.signature())),
        Status.Code.UNAUTHENTICATED, ChannelRefusal.Code.INVALID_SIGNATURE);
    assertRefused(() -> pay(f.pay(expiring, 0, 2 * PRICE, f.signer)), Status.Code.FAILED_PRECONDITION, ChannelRefusal.Code.CHANNEL_EXPIRING);
    assertRefused(() -> pay(f.pay(0, 1_000_001)), Status.Code.FAILED_PRECONDITION, ChannelRefusal.Code.AMOUNT_ABOVE_VALUE);
    StatusRuntimeException insufficient =
        assertRefused(() -> pay(f.pay(0, PRICE)), Status.Code.FAILED_PRECONDITION, ChannelRefusal.Code.INSUFFICIENT_PAYMENT);
    // What the seller needed: the one call accepted plus this one's price.
    assertThat(Status.trailersFromThrowable(insufficient).get(RefusalStatus.NEEDED_KEY)).isEqualTo(Long.toString(2 * PRICE));
    assertRefused(() -> pay(f.pay(0, PRICE - 1)), Status.Code.FAILED_PRECONDITION, ChannelRefusal.Code.INSUFFICIENT_PAYMENT);

    assertThat(echo.served.get()).isEqualTo(1);
    assertThat(record()).isEqualTo(before);
    assertThat(ledger.list(10)).hasSize(1);
    pay(good);
    assertThat(echo.served.get()).isEqualTo(2);
  }

  private static <T> Metadata with(Payment payment, Metadata.Key<T> key, T value) {
    Metadata headers = ChannelServerInterceptor.metadata(payment);
    headers.removeAll(key);
    headers.put(key, value);
    return headers;
  }

  /** Asserts that {@code call} is refused with {@code status} and {@code code}; public for the sub-packages' tests. */
  public static StatusRuntimeException assertRefused(Runnable call, Status.Code status, ChannelRefusal.Code code) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(status);
      assertThat(Status.trailersFromThrowable(e).get(RefusalStatus.CODE_KEY)).isEqualTo(code.name());
      return e;
    }
    throw new AssertionError("not refused; expected " + code);
  }

  /**
   * Many clients share one channel with no lock: each call signs the next cumulative amount from a
   * shared counter, and calls reach the seller in whatever order the threads and the network give.
   * Every call is served, and what is served is exactly what the durable highest authorization covers.
   */
  @Test
  void concurrentClientsOnOneChannelAreAllServedAndAllPaid() throws Exception {
    start();
    int threads = 16;
    int callsEach = 60;
    AtomicLong authorized = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(pool.submit(() -> {
        for (int i = 0; i < callsEach; i++) {
          pay(f.pay(0, authorized.addAndGet(PRICE)));
        }
        return null;
      }));
    }
    for (Future<?> d : done) {
      d.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(echo.served.get()).isEqualTo(threads * callsEach);
    restart();
    assertThat(record().highestAmount()).isEqualTo(threads * callsEach * PRICE);
  }

  /**
   * The same with the buyer authorizing ahead (a window of 8 calls, {@link AuthorizationWindow}): most
   * calls carry bytes another call already carried. Every call is served, the seller counts exactly
   * the calls served, and holds at most a window more than that.
   */
  @Test
  void concurrentClientsPayingAheadAreAllServedAndCountedExactly() throws Exception {
    start();
    int threads = 16;
    int callsEach = 60;
    AuthorizationWindow window = new AuthorizationWindow(8 * PRICE);
    long[] buyer = new long[2]; // authorized, spent: guarded by itself
    Payment[] current = new Payment[1];
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(pool.submit(() -> {
        for (int i = 0; i < callsEach; i++) {
          Payment payment;
          synchronized (buyer) {
            if (window.next(buyer[0], buyer[1], PRICE, 1_000_000) instanceof AuthorizationWindow.Step.Sign sign) {
              buyer[0] = sign.amount();
              current[0] = f.pay(0, buyer[0]);
            }
            buyer[1] += PRICE;
            payment = current[0];
          }
          pay(payment);
        }
        return null;
      }));
    }
    for (Future<?> d : done) {
      d.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(echo.served.get()).isEqualTo(threads * callsEach);
    assertThat(record().accepted()).isEqualTo(threads * callsEach * PRICE);
    assertThat(record().highestAmount()).isBetween(threads * callsEach * PRICE, (threads * callsEach + 8) * PRICE);
  }

  /** Replayers resending buyers' authorizations beside honest clients: never more served than paid. */
  @Test
  void replayedAuthorizationsNeverServeUnpaidCalls() throws Exception {
    start();
    AtomicLong authorized = new AtomicLong();
    List<Payment> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(12);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 12; t++) {
      boolean replayer = t % 3 == 0;
      Random random = new Random(t);
      done.add(pool.submit(() -> {
        for (int i = 0; i < 50; i++) {
          Payment payment;
          if (replayer && !seen.isEmpty()) {
            payment = seen.get(random.nextInt(seen.size()));
          } else {
            payment = f.pay(0, authorized.addAndGet(PRICE));
            seen.add(payment);
          }
          try {
            pay(payment);
          } catch (StatusRuntimeException e) {
            assertThat(Status.trailersFromThrowable(e).get(RefusalStatus.CODE_KEY))
                .isEqualTo(ChannelRefusal.Code.INSUFFICIENT_PAYMENT.name());
          }
        }
        return null;
      }));
    }
    for (Future<?> d : done) {
      d.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    long highest = record().highestAmount();
    assertThat(echo.served.get() * PRICE).isLessThanOrEqualTo(highest).isEqualTo(record().accepted());
  }
}
