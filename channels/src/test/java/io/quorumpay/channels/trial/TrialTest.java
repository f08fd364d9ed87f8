package io.quorumpay.channels.trial;

import static io.quorumpay.channels.InterceptorTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.quorumpay.channels.ChannelServerInterceptor;
import io.quorumpay.channels.Echo;
import io.quorumpay.channels.Fixture;
import io.quorumpay.channels.PaymentGate;
import io.quorumpay.channels.Prices;
import io.quorumpay.channels.TrialGate;
import io.quorumpay.channels.ledger.RocksLedger;
import io.quorumpay.channels.policy.ChannelRefusal;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.types.GroupId;
import io.quorumpay.core.types.NetworkId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Free trial calls over real gRPC, counted in RocksDB across restarts. */
class TrialTest {
  @TempDir Path dir;
  private final Fixture f = new Fixture(31);
  private final Echo echo = new Echo();
  private RocksLedger ledger;
  private RocksTrialCounter counter;
  private Server server;
  private ManagedChannel client;

  private void start() throws Exception {
    ledger = RocksLedger.open(dir.resolve("ledger"));
    counter = RocksTrialCounter.open(dir.resolve("trials"));
    TrialGate trials = new TrialGate(f.terms, f.seller.publicKey(), f.height::get, counter);
    Prices prices = new Prices(Map.of("/test.Echo/Say", 10L), null);
    PaymentGate gate = new PaymentGate(f.terms, f.directory, f.height::get, ledger, prices::price, trials);
    server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .addService(ServerInterceptors.intercept(echo.service(), new ChannelServerInterceptor(gate))).build().start();
    client = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      counter.close();
      ledger.close();
      client = null;
    }
  }

  private TrialToken token(NetworkId network, GroupId group, int id, long calls, long expiresAt) {
    byte[] tokenId = new byte[16];
    tokenId[0] = (byte) id;
    return new TrialToken(network, group, Bytes.copyOf(tokenId), Bytes.copyOf(new byte[32]), calls, expiresAt);
  }

  private byte[] call(byte[] token) {
    return Echo.call(client, Echo.SAY, ChannelServerInterceptor.trialMetadata(token), new byte[] {5});
  }

  @Test
  void aTokenGrantsItsFreeCallsOnceEvenAcrossARestart() throws Exception {
    start();
    byte[] token = token(f.network, f.group, 1, 3, 1_000).sign(f.seller);
    call(token);
    call(token);
    stop();
    start();
    call(token);
    assertRefused(() -> call(token), Status.Code.RESOURCE_EXHAUSTED, ChannelRefusal.Code.TRIAL_EXHAUSTED);
    stop();
    start();
    assertRefused(() -> call(token), Status.Code.RESOURCE_EXHAUSTED, ChannelRefusal.Code.TRIAL_EXHAUSTED);
    assertThat(echo.served.get()).isEqualTo(3);
    assertThat(ledger.list(10)).isEmpty();
  }

  @Test
  void forgedExpiredOrForeignTokensAreRefused() throws Exception {
    start();
    KeyPair stranger = KeyPair.generate(new Random(2));
    assertRefused(() -> call(token(f.network, f.group, 2, 3, 1_000).sign(stranger)),
        Status.Code.UNAUTHENTICATED, ChannelRefusal.Code.TRIAL_INVALID);
    assertRefused(() -> call(token(f.network, new GroupId(Bytes.copyOf(new byte[32])), 3, 3, 1_000).sign(f.seller)),
        Status.Code.UNAUTHENTICATED, ChannelRefusal.Code.TRIAL_INVALID);
    assertRefused(() -> call(token(NetworkId.named("other"), f.group, 4, 3, 1_000).sign(f.seller)),
        Status.Code.UNAUTHENTICATED, ChannelRefusal.Code.TRIAL_INVALID);
    assertRefused(() -> call(token(f.network, f.group, 5, 3, f.height.get()).sign(f.seller)),
        Status.Code.UNAUTHENTICATED, ChannelRefusal.Code.TRIAL_INVALID);
    byte[] tampered = token(f.network, f.group, 6, 3, 1_000).sign(f.seller);
    tampered[TrialToken.SIGNED_SIZE - 9] ^= 1; // more calls than the seller granted
    assertRefused(() -> call(tampered), Status.Code.UNAUTHENTICATED, ChannelRefusal.Code.TRIAL_INVALID);
    assertRefused(() -> call(new byte[10]), Status.Code.UNAUTHENTICATED, ChannelRefusal.Code.TRIAL_INVALID);
    assertThat(echo.served.get()).isZero();
  }
}
