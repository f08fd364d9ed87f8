package io.quorumpay.channels.proxy;

import static io.quorumpay.channels.InterceptorTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.quorumpay.channels.ChannelServerInterceptor;
import io.quorumpay.channels.Echo;
import io.quorumpay.channels.Fixture;
import io.quorumpay.channels.PaymentGate;
import io.quorumpay.channels.PriceFile;
import io.quorumpay.channels.RefusalStatus;
import io.quorumpay.channels.ledger.RocksLedger;
import io.quorumpay.channels.policy.ChannelRecord;
import io.quorumpay.channels.policy.ChannelRefusal;
import io.quorumpay.channels.policy.Payment;
import io.quorumpay.channels.trial.TrialToken;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.GroupId;
import io.quorumpay.core.types.SequenceNumber;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gRPC and HTTP proxies in front of real upstream services, prices from a file that changes. */
class ProxiesTest {
  @TempDir Path dir;
  private final Fixture f = new Fixture(21);
  private RocksLedger ledger;
  private PriceFile prices;
  private PaymentGate gate;

  @BeforeEach
  void setUp() throws Exception {
    ledger = RocksLedger.open(dir.resolve("ledger"));
    Files.writeString(dir.resolve("prices.yaml"), """
        methods:
          /test.Echo/Say: 10
          /v1/echo: 10
          /v1/free: 0
        """);
    prices = PriceFile.open(dir.resolve("prices.yaml"));
    gate = new PaymentGate(f.terms, f.directory, f.height::get, ledger, prices::price);
  }

  @AfterEach
  void tearDown() {
    prices.close();
    ledger.close();
  }

  @Test
  void grpcProxyChargesAndPassesCallsThroughAndReloadsPrices() throws Exception {
    Echo echo = new Echo();
    Server upstream = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .addService(echo.service()).build().start();
    ManagedChannel toUpstream = NettyChannelBuilder.forAddress("127.0.0.1", upstream.getPort()).usePlaintext().build();
    try (GrpcProxy proxy = GrpcProxy.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), toUpstream, gate)) {
      ManagedChannel client = NettyChannelBuilder.forAddress("127.0.0.1", proxy.port()).usePlaintext().build();
      byte[] answer = Echo.call(client, Echo.SAY, ChannelServerInterceptor.metadata(f.pay(0, 10)), new byte[] {4, 2});
      assertThat(answer).containsExactly(4, 2);
      assertThat(echo.served.get()).isEqualTo(1);
      assertRefused(() -> Echo.call(client, Echo.SAY, new Metadata(), new byte[0]), Status.Code.UNAUTHENTICATED,
          ChannelRefusal.Code.PAYMENT_MISSING);
      var nonce = assertRefused(() -> Echo.call(client, Echo.SAY, ChannelServerInterceptor.metadata(f.pay(2, 20)), new byte[0]),
          Status.Code.ABORTED, ChannelRefusal.Code.INCORRECT_NONCE);
      assertThat(Status.trailersFromThrowable(nonce).get(RefusalStatus.CURRENT_NONCE_KEY)).isEqualTo("0");
      // /test.Echo/Free has no price and the file no default: not for sale.
      assertRefused(() -> Echo.call(client, Echo.FREE, new Metadata(), new byte[0]), Status.Code.UNIMPLEMENTED,
          ChannelRefusal.Code.UNPRICED_METHOD);
      assertThat(echo.served.get()).isEqualTo(1);
      // The seller makes Say free: after a reload it is served without payment.
      Files.writeString(dir.resolve("prices.yaml"), "default: 0\nmethods:\n  /test.Echo/Say: 0\n");
      assertThat(prices.reload()).isTrue();
      assertThat(Echo.call(client, Echo.SAY, new Metadata(), new byte[] {7})).containsExactly(7);
      assertThat(Echo.call(client, Echo.FREE, new Metadata(), new byte[] {8})).containsExactly(8);
      // A bad file keeps the prices in force.
      Files.writeString(dir.resolve("prices.yaml"), "methods:\n  /test.Echo/Say: -5\n");
      assertThat(prices.reload()).isFalse();
      assertThat(Echo.call(client, Echo.SAY, new Metadata(), new byte[] {9})).containsExactly(9);
      client.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } finally {
      toUpstream.shutdownNow();
      upstream.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void httpProxyChargesAndRefusesBadInputWithItsStatus() throws Exception {
    AtomicLong served = new AtomicLong();
    HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    upstream.createContext("/", exchange -> {
      try (exchange) {
        served.incrementAndGet();
        byte[] body = exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("x-upstream", "yes");
        exchange.getResponseHeaders().set("x-saw-signature", String.valueOf(exchange.getRequestHeaders().containsKey(Payment.SIGNATURE_HEX_HEADER)));
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
      }
    });
    upstream.start();
    URI upstreamUri = URI.create("http://127.0.0.1:" + upstream.getAddress().getPort());
    HttpClient http = HttpClient.newHttpClient();
    try (HttpProxy proxy = HttpProxy.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), upstreamUri, gate)) {
      String base = "http://127.0.0.1:" + proxy.port();
      HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/echo?x=1"))
          .headers(f.pay(0, 10).httpHeaders()).POST(HttpRequest.BodyPublishers.ofString("hello")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("hello");
      assertThat(ok.headers().firstValue("x-upstream")).contains("yes");
      assertThat(ok.headers().firstValue("x-saw-signature")).contains("false");
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/v1/free")).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode()).isEqualTo(200);
      assertThat(served.get()).isEqualTo(2);
      ChannelRecord before = ledger.list(10).getFirst().record();

      KeyPair stranger = KeyPair.generate(new Random(5));
      ChannelId otherGroups = ChannelId.of(f.network, new AccountId(f.buyer.publicKey()), new SequenceNumber(4242));
      f.directory.put(f.view(otherGroups, 1000, 0, 10_000, new GroupId(Bytes.copyOf(new byte[32]))));
      ChannelId expired = ChannelId.of(f.network, new AccountId(f.buyer.publicKey()), new SequenceNumber(4343));
      f.directory.put(f.view(expired, 1000, 0, f.height.get(), f.group));
      ChannelId unknown = ChannelId.of(f.network, new AccountId(f.buyer.publicKey()), new SequenceNumber(4444));
      String[] good = f.pay(0, 20).httpHeaders();

      expect(http, base, new String[0], 402, ChannelRefusal.Code.PAYMENT_MISSING);
      expect(http, base, replace(good, Payment.CHANNEL_HEADER, "abc"), 400, ChannelRefusal.Code.PAYMENT_MALFORMED);
      expect(http, base, replace(good, Payment.NONCE_HEADER, "+1"), 400, ChannelRefusal.Code.PAYMENT_MALFORMED);
      expect(http, base, replace(good, Payment.AMOUNT_HEADER, "20x"), 400, ChannelRefusal.Code.PAYMENT_MALFORMED);
      expect(http, base, replace(good, Payment.SIGNATURE_HEX_HEADER, "00ff"), 400, ChannelRefusal.Code.PAYMENT_MALFORMED);
      expect(http, base, replace(good, Payment.SIGNATURE_HEX_HEADER, "zz".repeat(64)), 400, ChannelRefusal.Code.PAYMENT_MALFORMED);
      expect(http, base, f.pay(unknown, 0, 20, f.signer).httpHeaders(), 404, ChannelRefusal.Code.UNKNOWN_CHANNEL);
      expect(http, base, f.pay(otherGroups, 0, 20, f.signer).httpHeaders(), 403, ChannelRefusal.Code.WRONG_GROUP);
      HttpResponse<String> nonce = expect(http, base, f.pay(1, 20).httpHeaders(), 409, ChannelRefusal.Code.INCORRECT_NONCE);
      assertThat(nonce.headers().firstValue(RefusalStatus.CURRENT_NONCE_HEADER)).contains("0");
      expect(http, base, f.pay(f.channel, 0, 20, stranger).httpHeaders(), 401, ChannelRefusal.Code.INVALID_SIGNATURE);
      expect(http, base, replace(good, Payment.AMOUNT_HEADER, "30"), 401, ChannelRefusal.Code.INVALID_SIGNATURE);
      expect(http, base, f.pay(expired, 0, 20, f.signer).httpHeaders(), 402, ChannelRefusal.Code.CHANNEL_EXPIRING);
      expect(http, base, f.pay(0, 1_000_001).httpHeaders(), 402, ChannelRefusal.Code.AMOUNT_ABOVE_VALUE);
      HttpResponse<String> insufficient = expect(http, base, f.pay(0, 10).httpHeaders(), 402, ChannelRefusal.Code.INSUFFICIENT_PAYMENT);
      assertThat(insufficient.headers().firstValue(RefusalStatus.NEEDED_HEADER)).contains("20");
      expect(http, base, f.pay(0, 5).httpHeaders(), 402, ChannelRefusal.Code.INSUFFICIENT_PAYMENT);
      expect(http, base, new String[] {TrialToken.HTTP_HEADER, "not hex"}, 401, ChannelRefusal.Code.TRIAL_INVALID);

      assertThat(served.get()).isEqualTo(2);
      assertThat(ledger.list(10)).hasSize(1);
      assertThat(ledger.list(10).getFirst().record()).isEqualTo(before);
      HttpResponse<String> next = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/echo")).headers(good).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(next.statusCode()).isEqualTo(200);
    } finally {
      upstream.stop(0);
    }
  }

  private static String[] replace(String[] headers, String name, String value) {
    String[] copy = headers.clone();
    for (int i = 0; i < copy.length; i += 2) {
      if (copy[i].equals(name)) {
        copy[i + 1] = value;
      }
    }
    return copy;
  }

  private static HttpResponse<String> expect(HttpClient http, String base, String[] headers, int status, ChannelRefusal.Code code)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/v1/echo"));
    if (headers.length > 0) {
      request.headers(headers);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue(RefusalStatus.CODE_HEADER)).contains(code.name());
    assertThat(response.body()).contains("\"code\":\"" + code.name() + "\"");
    return response;
  }
}
