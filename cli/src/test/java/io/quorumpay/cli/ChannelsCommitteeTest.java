package io.quorumpay.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.primary.RemotePrimaryChain;
import io.quorumpay.authority.local.FreePorts;
import io.quorumpay.authority.local.LocalNetwork;
import io.quorumpay.authority.local.LocalNetworkRunner;
import io.quorumpay.channels.ChannelServerInterceptor;
import io.quorumpay.channels.PaymentGate;
import io.quorumpay.channels.Prices;
import io.quorumpay.channels.claims.ClaimPolicy;
import io.quorumpay.channels.claims.Claims;
import io.quorumpay.channels.claims.CommitteeClaimSubmitter;
import io.quorumpay.channels.directory.CommitteeChannelDirectory;
import io.quorumpay.channels.directory.CommitteePrimaryHeight;
import io.quorumpay.channels.ledger.RocksLedger;
import io.quorumpay.channels.policy.ChannelView;
import io.quorumpay.channels.policy.Payment;
import io.quorumpay.channels.policy.SellerTerms;
import io.quorumpay.channels.proxy.RawMarshaller;
import io.quorumpay.client.CommitteeClient;
import io.quorumpay.client.PayKit;
import io.quorumpay.client.SignedAuthorization;
import io.quorumpay.client.WalletFile;
import io.quorumpay.core.client.VerifiedChannel;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.GroupId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.primary.DevChain;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seller's committee-backed channel parts over a real local network: a buyer's wallet opens and
 * funds a channel, pays calls through {@link ChannelServerInterceptor} with its authorizations, and
 * the seller's claim goes through the committee; the books add up.
 */
class ChannelsCommitteeTest {
  static final AssetId QPC = new AssetId("QPC");
  static final long PRICE = 10;
  static final MethodDescriptor<byte[], byte[]> SAY = MethodDescriptor.<byte[], byte[]>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName(MethodDescriptor.generateFullMethodName("test.Echo", "Say"))
      .setRequestMarshaller(RawMarshaller.INSTANCE)
      .setResponseMarshaller(RawMarshaller.INSTANCE)
      .build();

  @TempDir
  Path dir;

  final SecureRandom random = new SecureRandom();

  static void await(String what, LongSupplier value, long expected) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (value.getAsLong() != expected) {
      assertThat(System.currentTimeMillis()).as("%s: %d, not %d", what, value.getAsLong(), expected).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  static long balance(PayKit wallet) {
    try {
      return wallet.balance().of(QPC);
    } catch (Exception e) {
      return -1;
    }
  }

  static byte[] call(ManagedChannel channel, SignedAuthorization paid) {
    var payment = new Payment(paid.authorization().channel(), paid.authorization().nonce().value(),
        paid.authorization().amount().units(), paid.signature());
    var intercepted = ClientInterceptors.intercept(channel,
        MetadataUtils.newAttachHeadersInterceptor(ChannelServerInterceptor.metadata(payment)));
    return ClientCalls.blockingUnaryCall(intercepted, SAY, CallOptions.DEFAULT, new byte[] {1, 2, 3});
  }

  @Test
  void callsPaidThroughAChannelAreClaimedThroughTheCommitteeAndTheBooksAddUp() throws Exception {
    LocalNetwork.Layout layout = LocalNetwork.init(dir.resolve("net"), "channels-committee", 4, 2, false, FreePorts::next);
    CommitteeFile committeeFile = CommitteeFile.read(layout.committeeFile());
    NetworkId network = committeeFile.committee().network();
    GroupId group = new GroupId(Bytes.copyOf(new byte[32]));
    ServerServiceDefinition echo = ServerServiceDefinition.builder("test.Echo")
        .addMethod(SAY, ServerCalls.asyncUnaryCall((request, out) -> {
          out.onNext(request);
          out.onCompleted();
        }))
        .build();
    try (LocalNetworkRunner running = LocalNetworkRunner.start(layout, dir.resolve("logs"), Duration.ofSeconds(60), name -> { });
        CommitteeClient committee = new CommitteeClient(committeeFile, InsecureChannelCredentials.create(), Duration.ofSeconds(2));
        RemotePrimaryChain primary = new RemotePrimaryChain(
            Grpc.newChannelBuilder(layout.primaryEndpoint(), InsecureChannelCredentials.create()).build())) {
      PayKit buyer = PayKit.open(WalletFile.create(dir.resolve("buyer.json"), KeyPair.generate(random)), committee, primary);
      PayKit seller = PayKit.open(WalletFile.create(dir.resolve("seller.json"), KeyPair.generate(random)), committee, primary);
      buyer.deposit(DevChain.faucetAddress(), QPC, new Amount(1000));
      await("the buyer's deposit", () -> balance(buyer), 1000);
      long expiration = primary.status().height() + 10_000;
      VerifiedChannel opened = buyer.openChannel(seller.account(), QPC, new Amount(300), expiration, group, true);
      buyer.fundChannel(opened.id(), new Amount(100), expiration + 5);

      try (CommitteeChannelDirectory directory = CommitteeChannelDirectory.start(seller.channelReader()::read, Duration.ofMillis(300));
          CommitteePrimaryHeight height = CommitteePrimaryHeight.start(primary, Duration.ofMillis(300));
          RocksLedger ledger = RocksLedger.open(dir.resolve("ledger"));
          CommitteeClaimSubmitter submitter = new CommitteeClaimSubmitter(seller, directory)) {
        // The seller holds none of the buyer's certificates: the fund's comes from the authorities.
        ChannelView view = directory.watch(opened.id(), buyer.account());
        assertThat(view.value().units()).isEqualTo(400);
        assertThat(view.expiration()).isEqualTo(expiration + 5);
        assertThat(view.recipient()).isEqualTo(seller.account());
        assertThat(height.current()).isPositive();

        Prices prices = new Prices(Map.of("/test.Echo/Say", PRICE), null);
        PaymentGate gate = new PaymentGate(new SellerTerms(network, group, seller.account(), 10), directory, height, ledger,
            prices::price);
        Server server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
            .addService(ServerInterceptors.intercept(echo, new ChannelServerInterceptor(gate))).build().start();
        ManagedChannel client = Grpc.newChannelBuilder("127.0.0.1:" + server.getPort(), InsecureChannelCredentials.create()).build();
        try {
          SignedAuthorization last = null;
          for (int i = 0; i < 3; i++) {
            last = buyer.authorize(opened.id(), new Amount(PRICE));
            assertThat(call(client, last)).containsExactly(1, 2, 3);
          }
          SignedAuthorization replayed = last;
          assertThatThrownBy(() -> call(client, replayed)).isInstanceOf(StatusRuntimeException.class);

          Claims claims = new Claims(ledger, directory, height, submitter, new ClaimPolicy.Thresholds(1_000, 100));
          assertThat(claims.start(opened.id())).isInstanceOf(Claims.Outcome.Started.class);
          await("the seller's claim", () -> balance(seller), 3 * PRICE);
          await("the channel's nonce in the directory", () -> directory.channel(opened.id()).orElseThrow().nonce().value(), 1);
          assertThat(directory.channel(opened.id()).orElseThrow().value().units()).isEqualTo(400 - 3 * PRICE);
          claims.tick();
          assertThat(claims.inProgress()).isEmpty();
          assertThat(claims.unclaimed()).isEmpty();
        } finally {
          client.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
          server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
      }
      // The books: what the buyer deposited is in its balance, the channel and the seller's balance.
      long channel = buyer.channel(opened.id()).value();
      assertThat(channel).isEqualTo(400 - 3 * PRICE);
      assertThat(balance(buyer)).isEqualTo(600);
      assertThat(balance(buyer) + channel + balance(seller)).isEqualTo(1000);
      seller.close(); // the proxy's process holds the seller's wallet from now on

      // The same parts wired by `qp channels proxy`, in front of the service: a paid call through it at the next nonce.
      Server upstream = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(echo).build().start();
      Path prices = dir.resolve("prices.yaml");
      java.nio.file.Files.writeString(prices, "methods:\n  /test.Echo/Say: " + PRICE + "\n");
      int port = FreePorts.next();
      DemoCommandTest.Run[] ran = new DemoCommandTest.Run[1];
      Thread proxy = new Thread(() -> ran[0] = DemoCommandTest.qp("channels", "proxy", "--upstream", "127.0.0.1:" + upstream.getPort(),
          "--prices", prices.toString(), "--listen", "127.0.0.1:" + port, "--ledger", dir.resolve("proxy-ledger").toString(),
          "--channel", opened.id() + ":" + buyer.account().text(), "--wallet", dir.resolve("seller.json").toString(),
          "--network", layout.dir().toString()));
      proxy.start();
      ManagedChannel client = Grpc.newChannelBuilder("127.0.0.1:" + port, InsecureChannelCredentials.create()).build();
      try {
        SignedAuthorization paid = buyer.authorize(opened.id(), new Amount(PRICE));
        assertThat(paid.authorization().nonce().value()).isEqualTo(1);
        long deadline = System.currentTimeMillis() + 30_000;
        byte[] answer = null;
        while (answer == null) {
          try {
            answer = call(client, paid);
          } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).as(e.toString()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
            assertThat(System.currentTimeMillis()).as("the proxy did not start: %s", e).isLessThan(deadline);
            assertThat(proxy.isAlive()).as("the proxy stopped: %s", ran[0]).isTrue();
            Thread.sleep(200);
          }
        }
        assertThat(answer).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> call(client, paid)).isInstanceOf(StatusRuntimeException.class); // a replay pays nothing

        // The seller's claims through the proxy's control API: listed, started, then in progress or done.
        String[] common = {"--control", "127.0.0.1:" + port, "--wallet", dir.resolve("seller.json").toString(), "--network",
            layout.dir().toString()};
        DemoCommandTest.Run unclaimed = DemoCommandTest.qp(concat(new String[] {"channels", "unclaimed"}, common));
        assertThat(unclaimed.exitCode()).as(unclaimed.err()).isZero();
        assertThat(unclaimed.out()).contains("unclaimed: 1 channel(s), " + PRICE + " in all", opened.id() + "  nonce 1  amount " + PRICE,
            "claims in progress: none");
        DemoCommandTest.Run claim = DemoCommandTest.qp(concat(new String[] {"channels", "claim", "--channel", opened.id().toString()},
            common));
        assertThat(claim.exitCode()).as(claim.err()).isZero();
        assertThat(claim.out()).contains("claim started on channel " + opened.id() + " at nonce 1 for " + PRICE);
        DemoCommandTest.Run again = DemoCommandTest.qp(concat(new String[] {"channels", "claim", "--channel", opened.id().toString(),
            "--json"}, common));
        assertThat(again.exitCode()).isEqualTo(Exit.REFUSED); // nothing authorized at nonce 2 (or the claim still in flight)
        assertThat(again.err()).contains("CLAIM_REFUSED");
        DemoCommandTest.Run listed = DemoCommandTest.qp(concat(new String[] {"channels", "unclaimed", "--json"}, common));
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.out()).contains("\"unclaimed\":[]");
        await("the claim through qp channels claim, certified", () -> {
          try {
            return buyer.channel(opened.id()).nonce().value();
          } catch (Exception e) {
            return -1;
          }
        }, 2);
        // Refused: a wallet that is not the seller's, an unknown channel, a bad id, no proxy there.
        Path stranger = dir.resolve("stranger.json");
        WalletFile.create(stranger, KeyPair.generate(random));
        DemoCommandTest.Run foreign = DemoCommandTest.qp("channels", "unclaimed", "--control", "127.0.0.1:" + port, "--wallet",
            stranger.toString(), "--network", layout.dir().toString());
        assertThat(foreign.exitCode()).isEqualTo(Exit.REFUSED);
        assertThat(foreign.err()).contains("CONTROL_UNAUTHENTICATED");
        DemoCommandTest.Run unknown = DemoCommandTest.qp(concat(new String[] {"channels", "claim", "--channel", "ab".repeat(32)}, common));
        assertThat(unknown.exitCode()).isEqualTo(Exit.REFUSED);
        assertThat(unknown.err()).contains("UNKNOWN_CHANNEL");
        DemoCommandTest.Run badId = DemoCommandTest.qp(concat(new String[] {"channels", "claim", "--channel", "xyz"}, common));
        assertThat(badId.exitCode()).isEqualTo(Exit.USAGE);
        DemoCommandTest.Run nobody = DemoCommandTest.qp("channels", "unclaimed", "--control", "127.0.0.1:" + FreePorts.next(),
            "--wallet", dir.resolve("seller.json").toString(), "--network", layout.dir().toString());
        assertThat(nobody.exitCode()).as(nobody.err()).isEqualTo(Exit.UNAVAILABLE);
      } finally {
        proxy.interrupt();
        proxy.join(30_000);
        client.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        upstream.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      assertThat(ran[0].exitCode()).as(ran[0].out() + ran[0].err()).isZero();
      assertThat(ran[0].out()).contains("gRPC proxy on 127.0.0.1:" + port);
    }
  }

  static String[] concat(String[] first, String[] second) {
    String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }

  @Test
  void theProxyRefusesBadArgumentsBeforeOpeningAnything() {
    DemoCommandTest.Run run = DemoCommandTest.qp("channels", "proxy", "--upstream", "nowhere", "--prices", "prices.yaml",
        "--wallet", dir.resolve("none.json").toString(), "--network", dir.resolve("none").toString());
    assertThat(run.exitCode()).isEqualTo(Exit.USAGE);
    assertThat(run.err() + run.out()).contains("--upstream");
    DemoCommandTest.Run noPrices = DemoCommandTest.qp("channels", "proxy", "--upstream", "127.0.0.1:1", "--prices",
        dir.resolve("missing.yaml").toString(), "--wallet", dir.resolve("none.json").toString(), "--network",
        dir.resolve("none").toString());
    assertThat(noPrices.exitCode()).isEqualTo(Exit.USAGE);
    assertThat(noPrices.err() + noPrices.out()).contains("--prices");
    assertThat(dir.resolve("none.json")).doesNotExist();
  }
}
