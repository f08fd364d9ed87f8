package io.quorumpay.bench;

import com.sun.net.httpserver.HttpServer;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import io.quorumpay.channels.ChannelServerInterceptor;
import io.quorumpay.channels.PaymentGate;
import io.quorumpay.channels.Prices;
import io.quorumpay.channels.directory.InMemoryChannelDirectory;
import io.quorumpay.channels.ledger.RocksLedger;
import io.quorumpay.channels.policy.AuthorizationWindow;
import io.quorumpay.channels.policy.ChannelView;
import io.quorumpay.channels.policy.Payment;
import io.quorumpay.channels.policy.SellerTerms;
import io.quorumpay.channels.proxy.GrpcProxy;
import io.quorumpay.channels.proxy.HttpProxy;
import io.quorumpay.channels.proxy.RawMarshaller;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.messages.PaymentAuthorization;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.GroupId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.SequenceNumber;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What charging per call costs a seller, in one run on this machine: calls per second to a trivial
 * gRPC service unpaid, paid through the interceptor, and through the gRPC proxy (and unpaid through
 * it, a method priced 0, to separate the proxy's hop from the payment); the same for an HTTP service
 * and the HTTP proxy; the Ed25519 verify bound; and the latency a payment adds (p50, p99) at half of
 * the paid peak, open loop. Buyers authorize ahead by the window rule ({@link AuthorizationWindow},
 * {@link #WINDOW_CALLS} calls' price), signed before the clock starts (signing is the buyer's cost,
 * on the buyer's machine); every call is served once an authorization covering it is durable
 * (RocksDB, synced group commit), and a new authorization is verified once.
 */
final class ChannelsBench {
  private static final String SAY = "/bench.Echo/Say";
  private static final MethodDescriptor<byte[], byte[]> METHOD = method("bench.Echo/Say");
  /** The same echo priced 0: the proxy forwards it without payment. */
  private static final MethodDescriptor<byte[], byte[]> FREE = method("bench.Echo/Free");
  /** The buyers' window: this many calls' price authorized ahead. */
  static final long WINDOW_CALLS = 64;
  private static final long PRICE = 1;
  private static final byte[] REQUEST = new byte[32];

  private final NetworkId network = NetworkId.named("bench-channels");
  private final SecureRandom random = new SecureRandom();
  private final KeyPair seller = KeyPair.generate(random);
  private final KeyPair buyer = KeyPair.generate(random);
  private final GroupId group = new GroupId(Bytes.copyOf(new byte[32]));
  private final InMemoryChannelDirectory directory = new InMemoryChannelDirectory();
  private final SellerTerms terms = new SellerTerms(network, group, new AccountId(seller.publicKey()), 10);
  private int channelsOpened;

  private ChannelsBench() {}

  static Map<String, Object> run(double seconds, int clients, Path scratch) throws Exception {
    return new ChannelsBench().measure(seconds, clients, scratch);
  }

  private static MethodDescriptor<byte[], byte[]> method(String name) {
    return MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(name)
        .setRequestMarshaller(RawMarshaller.INSTANCE).setResponseMarshaller(RawMarshaller.INSTANCE).build();
  }

  private static ServerServiceDefinition echo() {
    ServerCalls.UnaryMethod<byte[], byte[]> echo = (request, out) -> {
      out.onNext(request);
      out.onCompleted();
    };
    return ServerServiceDefinition.builder("bench.Echo")
        .addMethod(METHOD, ServerCalls.asyncUnaryCall(echo))
        .addMethod(FREE, ServerCalls.asyncUnaryCall(echo)).build();
  }

  private Map<String, Object> measure(double seconds, int clients, Path scratch) throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    Map<String, Object> out = new LinkedHashMap<>();
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    try (RocksLedger ledger = RocksLedger.open(scratch.resolve("ledger"))) {
      Prices prices = new Prices(Map.of(SAY, PRICE, "/bench.Echo/Free", 0L, "/free", 0L, "/paid", PRICE), null);
      PaymentGate gate = new PaymentGate(terms, directory, () -> 0, ledger, prices::price);
      // Each server times how long a call takes to be admitted and started: the payment's own cost on the paid one.
      ServerTime unpaidServer = new ServerTime();
      ServerTime paidServer = new ServerTime();
      Server upstream = NettyServerBuilder.forAddress(loopback).addService(ServerInterceptors.intercept(echo(), unpaidServer)).build().start();
      Server paid = NettyServerBuilder.forAddress(loopback)
          .addService(ServerInterceptors.intercept(echo(), new ChannelServerInterceptor(gate), paidServer)).build().start();
      ManagedChannel toUpstream = NettyChannelBuilder.forAddress("127.0.0.1", upstream.getPort()).usePlaintext().build();
      HttpServer httpUpstream = HttpServer.create(loopback, 1024);
      httpUpstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      httpUpstream.createContext("/", exchange -> {
        try (exchange) {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, REQUEST.length);
          exchange.getResponseBody().write(REQUEST);
        }
      });
      httpUpstream.start();
      URI httpDirect = URI.create("http://127.0.0.1:" + httpUpstream.getAddress().getPort());
      try (GrpcProxy proxy = GrpcProxy.start(loopback, toUpstream, gate);
          HttpProxy httpProxy = HttpProxy.start(loopback, httpDirect, gate)) {
        ManagedChannel direct = channelTo(upstream.getPort());
        ManagedChannel viaInterceptor = channelTo(paid.getPort());
        ManagedChannel viaProxy = channelTo(proxy.port());
        URI httpViaProxy = URI.create("http://127.0.0.1:" + httpProxy.port());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        double verifyBound = verifyBound(cores);
        // Warm up every path (JIT, connections) before measuring.
        grpcRate(viaInterceptor, clients, 1, new Paid(presigned(clients, 20_000)));
        grpcRate(viaProxy, clients, 1, new Paid(presigned(clients, 20_000)));
        httpRate(http, httpDirect, clients, 1, null);
        httpRate(http, httpViaProxy, clients, 1, new Paid(presigned(clients, 10_000)));
        grpcRate(viaProxy, FREE, clients, 1);
        double warm = grpcRate(direct, clients, 1, null);

        // The paths take turns, one second each, so that load from outside this run (the cores are
        // shared) weighs on all of them alike.
        long enough = (long) (warm * seconds * 1.5) + 1000;
        Paid forInterceptor = new Paid(presigned(clients, enough));
        Paid forProxy = new Paid(presigned(clients, enough));
        Paid forHttp = new Paid(presigned(clients, enough));
        int paths = 7;
        double[] calls = new double[paths];
        double[] time = new double[paths];
        for (int round = 0; round < Math.max(1, (int) seconds); round++) {
          double[][] slice = {
            grpcCount(direct, clients, 1, null), grpcCount(viaInterceptor, clients, 1, forInterceptor),
            grpcCount(viaProxy, clients, 1, forProxy), grpcCount(viaProxy, FREE, clients, 1),
            httpCount(http, httpDirect, clients, 1, null), httpCount(http, httpViaProxy, clients, 1, forHttp),
            httpCount(http, httpViaProxy, clients, 1, null)};
          for (int i = 0; i < paths; i++) {
            calls[i] += slice[i][0];
            time[i] += slice[i][1];
          }
        }
        double unpaid = calls[0] / time[0];
        double interceptor = calls[1] / time[1];
        double proxied = calls[2] / time[2];
        double proxiedFree = calls[3] / time[3];
        double httpUnpaid = calls[4] / time[4];
        double httpPaid = calls[5] / time[5];
        double httpProxiedFree = calls[6] / time[6];
        out.put("clients", clients);
        out.put("roundsOfOneSecondPerPath", seconds);
        out.put("authorizationWindowCalls", WINDOW_CALLS);
        out.put("ed25519VerifiesPerSecond", verifyBound);
        out.put("grpcUnpaidPerSecond", unpaid);
        out.put("grpcPaidInterceptorPerSecond", interceptor);
        out.put("grpcPaidProxyPerSecond", proxied);
        out.put("grpcUnpaidProxyPerSecond", proxiedFree);
        out.put("httpUnpaidPerSecond", httpUnpaid);
        out.put("httpPaidProxyPerSecond", httpPaid);
        out.put("httpUnpaidProxyPerSecond", httpProxiedFree);
        System.out.printf("channels, %d clients, %.0f rounds of 1 s per path, the paths taking turns; buyers authorize %d calls ahead:%n",
            clients, seconds, WINDOW_CALLS);
        System.out.printf("  Ed25519 verify bound (%d threads): %.0f verifies/s%n", cores, verifyBound);
        System.out.printf("  gRPC unpaid:               %8.0f calls/s%n", unpaid);
        System.out.printf("  gRPC paid, interceptor:    %8.0f calls/s  (%.0f %% of unpaid; target >= 60 %%)%n", interceptor, 100 * interceptor / unpaid);
        System.out.printf("  gRPC paid, proxy:          %8.0f calls/s  (%.0f %% of unpaid)%n", proxied, 100 * proxied / unpaid);
        System.out.printf("  gRPC unpaid, proxy:        %8.0f calls/s  (%.0f %% of unpaid: the proxy's hop alone)%n", proxiedFree,
            100 * proxiedFree / unpaid);
        System.out.printf("  HTTP unpaid:               %8.0f calls/s%n", httpUnpaid);
        System.out.printf("  HTTP paid, proxy:          %8.0f calls/s  (%.0f %% of unpaid)%n", httpPaid, 100 * httpPaid / httpUnpaid);
        System.out.printf("  HTTP unpaid, proxy:        %8.0f calls/s  (%.0f %% of unpaid: the proxy's hop alone)%n", httpProxiedFree,
            100 * httpProxiedFree / httpUnpaid);

        for (var path : List.of(Map.entry("interceptor", viaInterceptor), Map.entry("proxy", viaProxy))) {
          double peak = path.getKey().equals("interceptor") ? interceptor : proxied;
          double rate = peak / 2;
          // Unpaid and paid take turns, one second each, so that load from outside weighs on both alike.
          Recorder baseRecorder = new Recorder(3);
          Recorder chargedRecorder = new Recorder(3);
          List<Payment> payments = presigned(1, (long) (rate * (seconds + 1) * 1.1) + 10).getFirst();
          int used = 0;
          unpaidServer.reset();
          paidServer.reset();
          for (int round = 0; round < Math.max(1, (int) seconds); round++) {
            grpcLatency(direct, rate, 1, null, 0, baseRecorder);
            used += grpcLatency(path.getValue(), rate, 1, payments, used, chargedRecorder);
          }
          Histogram base = baseRecorder.getIntervalHistogram();
          Histogram charged = chargedRecorder.getIntervalHistogram();
          Map<String, Object> latency = new LinkedHashMap<>();
          latency.put("ratePerSecond", rate);
          latency.put("unpaidP50Micros", base.getValueAtPercentile(50) / 1e3);
          latency.put("unpaidP99Micros", base.getValueAtPercentile(99) / 1e3);
          latency.put("paidP50Micros", charged.getValueAtPercentile(50) / 1e3);
          latency.put("paidP99Micros", charged.getValueAtPercentile(99) / 1e3);
          latency.put("addedP50Micros", (charged.getValueAtPercentile(50) - base.getValueAtPercentile(50)) / 1e3);
          latency.put("addedP99Micros", (charged.getValueAtPercentile(99) - base.getValueAtPercentile(99)) / 1e3);
          out.put("latency-" + path.getKey(), latency);
          System.out.printf("  latency at half of the %s's peak (%.0f calls/s, open loop): unpaid p50 %.0f / p99 %.0f us,"
              + " paid p50 %.0f / p99 %.0f us -> added p50 %.0f us, p99 %.0f us (target p99 < 1000 us)%n",
              path.getKey(), rate, base.getValueAtPercentile(50) / 1e3, base.getValueAtPercentile(99) / 1e3,
              charged.getValueAtPercentile(50) / 1e3, charged.getValueAtPercentile(99) / 1e3,
              (charged.getValueAtPercentile(50) - base.getValueAtPercentile(50)) / 1e3,
              (charged.getValueAtPercentile(99) - base.getValueAtPercentile(99)) / 1e3);
          if (path.getKey().equals("interceptor")) {
            // The same calls timed inside the servers, from a call's arrival to its start: free of the
            // client's scheduling, which on 2 shared cores makes the tails above mostly noise.
            Histogram gated = paidServer.histogram();
            Histogram plain = unpaidServer.histogram();
            latency.put("serverUnpaidP50Micros", plain.getValueAtPercentile(50) / 1e3);
            latency.put("serverUnpaidP99Micros", plain.getValueAtPercentile(99) / 1e3);
            latency.put("serverPaidP50Micros", gated.getValueAtPercentile(50) / 1e3);
            latency.put("serverPaidP99Micros", gated.getValueAtPercentile(99) / 1e3);
            System.out.printf("    inside the server, arrival to start (the payment's own time): unpaid p50 %.1f / p99 %.1f us,"
                + " paid p50 %.1f / p99 %.1f us (target for what a payment adds: p99 < 1000 us)%n",
                plain.getValueAtPercentile(50) / 1e3, plain.getValueAtPercentile(99) / 1e3,
                gated.getValueAtPercentile(50) / 1e3, gated.getValueAtPercentile(99) / 1e3);
          }
        }
        for (ManagedChannel c : List.of(direct, viaInterceptor, viaProxy)) {
          c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
      } finally {
        httpUpstream.stop(0);
        toUpstream.shutdownNow();
        upstream.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        paid.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
    return out;
  }

  private static ManagedChannel channelTo(int port) {
    return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  private static double verifyBound(int threads) throws Exception {
    SecureRandom random = new SecureRandom();
    int inputs = 1024;
    KeyPair[] keys = new KeyPair[inputs];
    byte[][] messages = new byte[inputs][PaymentAuthorization.SIZE];
    io.quorumpay.core.crypto.Signature[] signatures = new io.quorumpay.core.crypto.Signature[inputs];
    for (int i = 0; i < inputs; i++) {
      keys[i] = KeyPair.generate(random);
      random.nextBytes(messages[i]);
      signatures[i] = keys[i].sign(messages[i]);
    }
    CryptoBound.rate(threads, 1, i -> keys[i].publicKey().verifies(messages[i], signatures[i]));
    return CryptoBound.rate(threads, 3, i -> keys[i].publicKey().verifies(messages[i], signatures[i]));
  }

  /**
   * Per client, a fresh channel and the payment each of its calls carries, by the window rule
   * ({@link #WINDOW_CALLS} calls ahead: one signature every half window), signed before the clock starts.
   */
  private List<List<Payment>> presigned(int clients, long totalCalls) throws Exception {
    AuthorizationWindow window = new AuthorizationWindow(WINDOW_CALLS * PRICE);
    long perClient = Math.max(1, totalCalls / clients + 1);
    List<Future<List<Payment>>> lists = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    for (int c = 0; c < clients; c++) {
      ChannelId id = ChannelId.of(network, new AccountId(buyer.publicKey()), new SequenceNumber(channelsOpened++));
      directory.put(new ChannelView(id, new AccountId(buyer.publicKey()), buyer.publicKey(), new AccountId(seller.publicKey()),
          new AssetId("QPC"), new Amount(Long.MAX_VALUE / 2), SequenceNumber.ZERO, Long.MAX_VALUE / 2, group));
      lists.add(pool.submit(() -> {
        List<Payment> payments = new ArrayList<>((int) perClient);
        Payment current = null;
        long authorized = 0;
        for (long k = 0; k < perClient; k++) {
          if (window.next(authorized, k * PRICE, PRICE, Long.MAX_VALUE / 2) instanceof AuthorizationWindow.Step.Sign sign) {
            authorized = sign.amount();
            current = new Payment(id, 0, authorized,
                new PaymentAuthorization(network, id, SequenceNumber.ZERO, new Amount(authorized)).sign(buyer));
          }
          payments.add(current);
        }
        return payments;
      }));
    }
    List<List<Payment>> out = new ArrayList<>();
    for (Future<List<Payment>> l : lists) {
      out.add(l.get());
    }
    pool.shutdown();
    return out;
  }

  private static byte[] grpcCall(ManagedChannel channel, MethodDescriptor<byte[], byte[]> method, Payment payment) {
    if (payment == null) {
      return ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT, REQUEST);
    }
    Metadata headers = ChannelServerInterceptor.metadata(payment);
    return ClientCalls.blockingUnaryCall(ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)),
        METHOD, CallOptions.DEFAULT, REQUEST);
  }

  /** Pre-signed payments per client and how far each client got: rounds go on where the last stopped. */
  private record Paid(List<List<Payment>> payments, int[] next) {
    Paid(List<List<Payment>> payments) {
      this(payments, new int[payments.size()]);
    }
  }

  private static double grpcRate(ManagedChannel channel, int clients, double seconds, Paid paid) throws Exception {
    double[] counted = grpcCount(channel, clients, seconds, paid);
    return counted[0] / counted[1];
  }

  private static double httpRate(HttpClient http, URI base, int clients, double seconds, Paid paid) throws Exception {
    double[] counted = httpCount(http, base, clients, seconds, paid);
    return counted[0] / counted[1];
  }

  private static double[] grpcCount(ManagedChannel channel, int clients, double seconds, Paid paid) throws Exception {
    return closedLoop(clients, seconds, paid, p -> grpcCall(channel, METHOD, p));
  }

  /** Unpaid calls to {@code method} (priced 0 at a proxy: forwarded free). */
  private static double[] grpcCount(ManagedChannel channel, MethodDescriptor<byte[], byte[]> method, int clients, double seconds)
      throws Exception {
    return closedLoop(clients, seconds, null, p -> grpcCall(channel, method, null));
  }

  private static double grpcRate(ManagedChannel channel, MethodDescriptor<byte[], byte[]> method, int clients, double seconds)
      throws Exception {
    double[] counted = grpcCount(channel, method, clients, seconds);
    return counted[0] / counted[1];
  }

  private static double[] httpCount(HttpClient http, URI base, int clients, double seconds, Paid paid) throws Exception {
    return closedLoop(clients, seconds, paid, p -> {
      // GET: the JDK client retries a GET whose pooled connection the server had just closed.
      HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(p == null ? "/free" : "/paid")).GET();
      if (p != null) {
        request.headers(p.httpHeaders());
      }
      try {
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
          throw new IllegalStateException("HTTP " + response.statusCode() + ": " + new String(response.body()));
        }
        return response.body();
      } catch (java.io.IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private interface Call {
    byte[] run(Payment payment);
  }

  /**
   * {@code clients} threads each calling in a loop for {@code seconds} (paid calls also stop when
   * their payments run out): the calls made and the seconds taken.
   */
  private static double[] closedLoop(int clients, double seconds, Paid paid, Call call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    List<Future<Long>> counts = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      counts.add(pool.submit(() -> {
        long n = 0;
        if (paid == null) {
          for (; System.nanoTime() < end; n++) {
            call.run(null);
          }
          return n;
        }
        List<Payment> mine = paid.payments().get(client);
        for (; System.nanoTime() < end && paid.next()[client] < mine.size(); n++) {
          call.run(mine.get(paid.next()[client]++));
        }
        return n;
      }));
    }
    long total = 0;
    for (Future<Long> count : counts) {
      total += count.get();
    }
    long elapsed = System.nanoTime() - start;
    pool.shutdown();
    return new double[] {total, elapsed / 1e9};
  }

  /**
   * Records in {@code recorder} the latency of calls issued at a fixed rate for {@code seconds}
   * (open loop, from each call's scheduled start), paid with {@code payments} from index {@code
   * first} on (null: unpaid). Returns how many calls it made.
   */
  private static int grpcLatency(ManagedChannel channel, double rate, double seconds, List<Payment> payments, int first,
      Recorder recorder) throws Exception {
    long interval = (long) (1e9 / rate);
    int calls = (int) (rate * seconds);
    long start = System.nanoTime() + 10_000_000;
    AtomicInteger inFlight = new AtomicInteger();
    IntFunction<Metadata> headers = i -> payments == null ? new Metadata() : ChannelServerInterceptor.metadata(payments.get(first + i));
    for (int i = 0; i < calls; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      inFlight.incrementAndGet();
      var future = ClientCalls.futureUnaryCall(
          ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers.apply(i))).newCall(METHOD, CallOptions.DEFAULT),
          REQUEST);
      future.addListener(() -> {
        recorder.recordValue(Math.max(0, System.nanoTime() - due));
        inFlight.decrementAndGet();
      }, Runnable::run);
    }
    for (int i = 0; i < 1000 && inFlight.get() > 0; i++) {
      Thread.sleep(10);
    }
    return calls;
  }

  /** Times, inside a server, each call from its arrival at the interceptors to its start (all interceptors after this one). */
  private static final class ServerTime implements ServerInterceptor {
    private final Recorder recorder = new Recorder(3);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      long arrived = System.nanoTime();
      try {
        return next.startCall(call, headers);
      } finally {
        recorder.recordValue(System.nanoTime() - arrived);
      }
    }

    void reset() {
      recorder.reset();
    }

    Histogram histogram() {
      return recorder.getIntervalHistogram();
    }
  }
}
