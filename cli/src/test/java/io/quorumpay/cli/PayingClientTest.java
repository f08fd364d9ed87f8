package io.quorumpay.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.primary.RemotePrimaryChain;
import io.quorumpay.authority.local.FreePorts;
import io.quorumpay.authority.local.LocalNetwork;
import io.quorumpay.authority.local.LocalNetworkRunner;
import io.quorumpay.channels.ChannelServerInterceptor;
import io.quorumpay.channels.PaymentGate;
import io.quorumpay.channels.Prices;
import io.quorumpay.channels.RefusalStatus;
import io.quorumpay.channels.api.ChannelControlGrpc;
import io.quorumpay.channels.api.StateReply;
import io.quorumpay.channels.api.StateRequest;
import io.quorumpay.channels.buyer.ChannelPayer;
import io.quorumpay.channels.buyer.ChannelPolicy;
import io.quorumpay.channels.buyer.ChannelRecovery;
import io.quorumpay.channels.buyer.PayingClientInterceptor;
import io.quorumpay.channels.buyer.SellerAccount;
import io.quorumpay.channels.claims.ClaimPolicy;
import io.quorumpay.channels.claims.Claims;
import io.quorumpay.channels.claims.CommitteeClaimSubmitter;
import io.quorumpay.channels.claims.ControlService;
import io.quorumpay.channels.directory.CommitteeChannelDirectory;
import io.quorumpay.channels.directory.CommitteePrimaryHeight;
import io.quorumpay.channels.directory.InMemoryChannelDirectory;
import io.quorumpay.channels.ledger.RocksLedger;
import io.quorumpay.channels.policy.Authorization;
import io.quorumpay.channels.policy.ChannelRefusal;
import io.quorumpay.channels.policy.Payment;
import io.quorumpay.channels.policy.SellerTerms;
import io.quorumpay.client.CommitteeClient;
import io.quorumpay.client.PayKit;
import io.quorumpay.client.PayKitException;
import io.quorumpay.client.SignedAuthorization;
import io.quorumpay.client.WalletChannel;
import io.quorumpay.client.WalletFile;
import io.quorumpay.core.client.VerifiedChannel;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.messages.PaymentAuthorization;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.GroupId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.primary.DevChain;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The buyer's side over real gRPC against a real local network: {@link PayingClientInterceptor} opens
 * a channel on demand and pays every call, the seller learns the channel from {@code qp-channel-sender}
 * (bounded), a claim moves the channel and the interceptor follows it with one retry; a reinstalled
 * wallet recovers its channel from the seller's {@code ChannelState}, and a forged answer is rejected.
 */
class PayingClientTest {
  static final AssetId QPC = ChannelsCommitteeTest.QPC;
  static final long PRICE = ChannelsCommitteeTest.PRICE;
  static final GroupId GROUP = new GroupId(Bytes.copyOf(new byte[32]));

  @TempDir
  Path dir;

  final SecureRandom random = new SecureRandom();
  final AtomicLong served = new AtomicLong();

  ServerServiceDefinition echo() {
    return ServerServiceDefinition.builder("test.Echo")
        .addMethod(ChannelsCommitteeTest.SAY, ServerCalls.asyncUnaryCall((request, out) -> {
          served.incrementAndGet();
          out.onNext(request);
          out.onCompleted();
        }))
        .build();
  }

  static byte[] say(Channel channel) {
    return ClientCalls.blockingUnaryCall(channel, ChannelsCommitteeTest.SAY, CallOptions.DEFAULT, new byte[] {4, 2});
  }

  static String refusal(Throwable e) {
    Metadata trailers = Status.trailersFromThrowable(e);
    return trailers == null ? null : trailers.get(RefusalStatus.CODE_KEY);
  }

  @Test
  void theInterceptorPaysFollowsClaimsAndAReinstalledWalletRecoversItsChannel() throws Exception {
    LocalNetwork.Layout layout = LocalNetwork.init(dir.resolve("net"), "paying-client", 4, 1, false, FreePorts::next);
    CommitteeFile committeeFile = CommitteeFile.read(layout.committeeFile());
    NetworkId network = committeeFile.committee().network();
    KeyPair buyerKey = KeyPair.generate(random);
    try (LocalNetworkRunner running = LocalNetworkRunner.start(layout, dir.resolve("logs"), Duration.ofSeconds(60), name -> { });
        CommitteeClient committee = new CommitteeClient(committeeFile, InsecureChannelCredentials.create(), Duration.ofSeconds(2));
        RemotePrimaryChain primary = new RemotePrimaryChain(
            Grpc.newChannelBuilder(layout.primaryEndpoint(), InsecureChannelCredentials.create()).build());
        PayKit seller = PayKit.open(WalletFile.create(dir.resolve("seller.json"), KeyPair.generate(random)), committee, primary);
        // The seller watches at most one channel learned from calls, one lookup at a time.
        CommitteeChannelDirectory directory = CommitteeChannelDirectory.start(seller.channelReader()::read, Duration.ofMillis(300),
            new CommitteeChannelDirectory.Limits(1, 1, 1_000, Duration.ofSeconds(30), 1_000));
        CommitteePrimaryHeight height = CommitteePrimaryHeight.start(primary, Duration.ofMillis(200));
        RocksLedger ledger = RocksLedger.open(dir.resolve("ledger"));
        CommitteeClaimSubmitter submitter = new CommitteeClaimSubmitter(seller, directory)) {
      PayKit buyer = PayKit.open(WalletFile.create(dir.resolve("buyer.json"), buyerKey), committee, primary);
      buyer.deposit(DevChain.faucetAddress(), QPC, new Amount(10_000));
      ChannelsCommitteeTest.await("the buyer's deposit", () -> ChannelsCommitteeTest.balance(buyer), 10_000);

      SellerTerms terms = new SellerTerms(network, GROUP, seller.account(), 10);
      Prices prices = new Prices(Map.of("/test.Echo/Say", PRICE), null);
      PaymentGate gate = new PaymentGate(terms, directory, height, ledger, prices::price);
      Claims claims = new Claims(ledger, directory, height, submitter, new ClaimPolicy.Thresholds(1_000_000, 1));
      Server server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
          .addService(ServerInterceptors.intercept(echo(), new ChannelServerInterceptor(gate)))
          .addService(new ControlService(claims, terms, seller.account().key(), height))
          .build().start();
      ManagedChannel wire = Grpc.newChannelBuilder("127.0.0.1:" + server.getPort(), InsecureChannelCredentials.create()).build();
      // Window 0: every call signs exactly its price more (later payers use the default window).
      ChannelPolicy policy = new ChannelPolicy(new Amount(2_000), 100_000, 50, false, Amount.ZERO);
      SellerAccount sellerAccount = new SellerAccount(seller.account(), GROUP, QPC);
      try {
        // No channel yet: the first paid call opens one (certified), announces its sender, and is served.
        ChannelPayer payer = new ChannelPayer(buyer, sellerAccount, policy);
        Channel paying = ClientInterceptors.intercept(wire, new PayingClientInterceptor(payer, prices::price));
        assertThat(buyer.channels()).isEmpty();
        assertThat(say(paying)).containsExactly(4, 2);
        ChannelId id = payer.channel();
        assertThat(buyer.channels()).hasSize(1);
        assertThat(directory.channel(id)).isPresent();
        for (int i = 0; i < 4; i++) {
          say(paying);
        }
        // Concurrent calls on the one channel: every one paid once, every one served.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<byte[]>> concurrent = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
          concurrent.add(pool.submit((Callable<byte[]>) () -> say(paying)));
        }
        for (Future<byte[]> call : concurrent) {
          assertThat(call.get(60, TimeUnit.SECONDS)).containsExactly(4, 2);
        }
        pool.shutdown();
        assertThat(served.get()).isEqualTo(29);
        assertThat(buyer.channels().getFirst().authorized()).isEqualTo(29 * PRICE);
        assertThat(buyer.channels().getFirst().nonce()).isZero();

        // The seller claims: the next call is refused at nonce 0, the interceptor sees the claim certified and pays at nonce 1.
        assertThat(claims.start(id)).isInstanceOf(Claims.Outcome.Started.class);
        assertThat(say(paying)).containsExactly(4, 2);
        assertThat(served.get()).isEqualTo(30);
        assertThat(buyer.channels().getFirst().nonce()).isEqualTo(1);
        assertThat(buyer.channels().getFirst().authorized()).isEqualTo(PRICE);
        ChannelsCommitteeTest.await("the seller's claim", () -> ChannelsCommitteeTest.balance(seller), 29 * PRICE);

        // A call refused before charging (a seller that knows no channels: UNKNOWN_CHANNEL) costs nothing: its
        // authorization stays unused, and the claim takes only the calls served.
        PaymentGate blind = new PaymentGate(terms, new InMemoryChannelDirectory(), height, ledger, prices::price);
        Server refusing = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
            .addService(ServerInterceptors.intercept(echo(), new ChannelServerInterceptor(blind))).build().start();
        ManagedChannel refusingWire = Grpc.newChannelBuilder("127.0.0.1:" + refusing.getPort(), InsecureChannelCredentials.create()).build();
        try {
          Channel toRefusing = ClientInterceptors.intercept(refusingWire, new PayingClientInterceptor(payer, prices::price));
          assertThatThrownBy(() -> say(toRefusing)).satisfies(e -> assertThat(refusal(e)).isEqualTo("UNKNOWN_CHANNEL"));
          assertThat(buyer.channels().getFirst().authorized()).isEqualTo(2 * PRICE);
          assertThat(say(paying)).containsExactly(4, 2);
          assertThat(served.get()).isEqualTo(31);
          assertThat(buyer.channels().getFirst().authorized()).isEqualTo(3 * PRICE);
          assertThat(claims.unclaimed()).singleElement().satisfies(c -> {
            assertThat(c.served()).as("what a claim takes: the two calls served at nonce 1").isEqualTo(2 * PRICE);
            assertThat(c.authorization().amount()).isEqualTo(3 * PRICE);
          });
          assertThat(say(paying)).containsExactly(4, 2);
          assertThat(buyer.channels().getFirst().authorized()).isEqualTo(4 * PRICE);
        } finally {
          refusingWire.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
          refusing.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }

        // Announced channels are bounded: the directory is full, so a second channel of the buyer stays unknown.
        VerifiedChannel second = buyer.openChannel(seller.account(), QPC, new Amount(100), primary.status().height() + 100_000,
            GROUP, false);
        SignedAuthorization onSecond = buyer.authorize(second.id(), new Amount(PRICE));
        assertThatThrownBy(() -> callWith(wire, onSecond, buyer)).satisfies(e -> assertThat(refusal(e)).isEqualTo("UNKNOWN_CHANNEL"));
        assertThat(directory.channel(second.id())).isEmpty();
        // A malformed sender header is refused as such; nothing is served.
        Metadata badSender = ChannelServerInterceptor.metadata(payment(onSecond));
        badSender.put(Metadata.Key.of(Payment.SENDER_HEADER, Metadata.ASCII_STRING_MARSHALLER), "not-an-account");
        assertThatThrownBy(() -> say(ClientInterceptors.intercept(wire, MetadataUtils.newAttachHeadersInterceptor(badSender))))
            .satisfies(e -> assertThat(refusal(e)).isEqualTo("PAYMENT_MALFORMED"));
        assertThat(served.get()).isEqualTo(32);

        // Five more calls at nonce 1, then the wallet is reinstalled: a new file with the same key knows no channel.
        for (int i = 0; i < 5; i++) {
          say(paying);
        }
        assertThat(buyer.channels().getFirst().authorized()).isEqualTo(9 * PRICE);
        buyer.close();
        PayKit reinstalled = PayKit.open(WalletFile.create(dir.resolve("reinstalled.json"), buyerKey), committee, primary);
        assertThat(reinstalled.channels()).isEmpty();
        // Without recovery, an authorization from 0 pays for nothing beyond what the seller holds: the one call of room
        // the refused call left under the buyer's 9 × PRICE (8 served) is used, and then nothing more.
        PayKit scratch = PayKit.open(WalletFile.create(dir.resolve("scratch.json"), buyerKey), committee, primary);
        scratch.recoverChannel(id, 1, Amount.ZERO, null);
        assertThat(callWith(wire, scratch.authorize(id, new Amount(PRICE)), scratch)).containsExactly(4, 2);
        SignedAuthorization low = scratch.authorize(id, new Amount(PRICE));
        assertThatThrownBy(() -> callWith(wire, low, scratch)).satisfies(e -> assertThat(refusal(e)).isEqualTo("INSUFFICIENT_PAYMENT"));
        assertThat(served.get()).isEqualTo(38);
        scratch.close();

        // A seller's forged answers are rejected, and nothing changes.
        try (FakeSeller forged = new FakeSeller(StateReply.newBuilder().setNonce(1).setAmount(50 * PRICE)
            .setSignature(ByteString.copyFrom(new PaymentAuthorization(network, id, new SequenceNumber(1), new Amount(50 * PRICE))
                .sign(KeyPair.generate(random)).bytes().toArray())).build());
            FakeSeller tampered = new FakeSeller(StateReply.newBuilder().setNonce(1).setAmount(50 * PRICE)
                .setSignature(ByteString.copyFrom(new PaymentAuthorization(network, id, new SequenceNumber(1), new Amount(8 * PRICE))
                    .sign(buyerKey).bytes().toArray())).build())) {
          assertThatThrownBy(() -> ChannelRecovery.recover(reinstalled, forged.channel, id))
              .isInstanceOfSatisfying(PayKitException.class, e -> assertThat(e.kind()).isEqualTo(PayKitException.Kind.REFUSED));
          assertThatThrownBy(() -> ChannelRecovery.recover(reinstalled, tampered.channel, id))
              .isInstanceOfSatisfying(PayKitException.class, e -> assertThat(e.kind()).isEqualTo(PayKitException.Kind.REFUSED));
          assertThat(reinstalled.channels()).isEmpty();
        }
        // The seller's refusal comes through as such (it watches no such channel), not as an unreachable seller.
        assertThatThrownBy(() -> ChannelRecovery.recover(reinstalled, wire, second.id()))
            .isInstanceOfSatisfying(PayKitException.class, e -> {
              assertThat(e.kind()).isEqualTo(PayKitException.Kind.REFUSED);
              assertThat(ChannelRecovery.refusal(e)).contains(ChannelRefusal.Code.UNKNOWN_CHANNEL);
            });
        assertThat(reinstalled.channels()).isEmpty();
        // The seller's own state request checks: another key, or a stale height, are refused.
        long now = reinstalled.primaryHeight();
        StateRequest.Builder request = StateRequest.newBuilder().setChannelId(ByteString.copyFrom(id.bytes().toArray()))
            .setHeight(now).setKey(ByteString.copyFrom(seller.account().key().bytes().toArray()))
            .setSignature(ByteString.copyFrom(reinstalled.signChannelStateRequest(id, now).signature().bytes().toArray()));
        var control = ChannelControlGrpc.newBlockingStub(wire);
        assertThatThrownBy(() -> control.channelState(request.build()))
            .satisfies(e -> assertThat(refusal(e)).isEqualTo("CONTROL_UNAUTHENTICATED"));
        SignedAuthorization.Signer stale = reinstalled.signChannelStateRequest(id, now + 1_000);
        assertThatThrownBy(() -> control.channelState(request.setHeight(now + 1_000)
            .setKey(ByteString.copyFrom(stale.key().bytes().toArray()))
            .setSignature(ByteString.copyFrom(stale.signature().bytes().toArray())).build()))
            .satisfies(e -> assertThat(refusal(e)).isEqualTo("CONTROL_STALE"));

        // The real seller's answer is the wallet's own signature: adopted, and the next call through a new interceptor is paid.
        WalletChannel recovered = ChannelRecovery.recover(reinstalled, wire, id);
        assertThat(recovered.nonce()).isEqualTo(1);
        assertThat(recovered.authorized()).isEqualTo(9 * PRICE);
        // Its policy wants a quarter of 6,800 left in the channel (it holds 2,000 − 290 claimed): the payer adds 6,800 first.
        // Its window is the default, 6,800 / 64 = 106: it signs 90 + 10 + 106 from the recovered 90, then reuses those bytes.
        reinstalled.sync();
        ChannelPayer again = new ChannelPayer(reinstalled, sellerAccount, new ChannelPolicy(new Amount(6_800), 100_000, 50, false));
        Channel payingAgain = ClientInterceptors.intercept(wire, new PayingClientInterceptor(again, prices::price));
        assertThat(say(payingAgain)).containsExactly(4, 2);
        assertThat(again.channel()).isEqualTo(id);
        assertThat(served.get()).isEqualTo(39);
        long window = 6_800 / ChannelPolicy.DEFAULT_WINDOW_SHARE;
        assertThat(reinstalled.channels()).singleElement().satisfies(c -> assertThat(c.authorized()).isEqualTo(10 * PRICE + window));
        assertThat(reinstalled.channel(id).value()).isEqualTo(2_000 - 29 * PRICE + 6_800);
        say(payingAgain); // no second top-up, and no new signature: the window covers it
        assertThat(reinstalled.channel(id).value()).isEqualTo(2_000 - 29 * PRICE + 6_800);
        assertThat(reinstalled.channels()).singleElement().satisfies(c -> assertThat(c.authorized()).isEqualTo(10 * PRICE + window));
        assertThat(served.get()).isEqualTo(40);

        // A payer whose margin the channel's expiration is within extends it (no value added) before paying, on the same channel.
        long expiration = reinstalled.channel(id).expiration();
        ChannelPayer late = new ChannelPayer(reinstalled, sellerAccount, new ChannelPolicy(new Amount(6_800), 300_000, 200_000, false));
        Channel payingLate = ClientInterceptors.intercept(wire, new PayingClientInterceptor(late, prices::price));
        assertThat(say(payingLate)).containsExactly(4, 2);
        assertThat(late.channel()).isEqualTo(id);
        assertThat(reinstalled.channel(id).expiration()).isGreaterThan(expiration)
            .isGreaterThan(reinstalled.primaryHeight() + 200_000);
        assertThat(reinstalled.channel(id).value()).isEqualTo(2_000 - 29 * PRICE + 6_800);
        // A new payer (as after a restart) resends what the wallet saved, which the seller has not used up: no window added.
        assertThat(reinstalled.channels()).singleElement().satisfies(c -> assertThat(c.authorized()).isEqualTo(10 * PRICE + window));
        assertThat(served.get()).isEqualTo(41);

        // A claim starts while 8 threads are mid-batch on the channel: every call is served (a call refused at the old
        // nonce follows the claim's certificate and is served on its retry), and nothing is served unpaid.
        ExecutorService batch = Executors.newFixedThreadPool(8);
        CountDownLatch midBatch = new CountDownLatch(16);
        List<Future<byte[]>> racing = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
          racing.add(batch.submit((Callable<byte[]>) () -> {
            byte[] answer = say(payingLate);
            midBatch.countDown();
            return answer;
          }));
        }
        assertThat(midBatch.await(60, TimeUnit.SECONDS)).isTrue();
        Claims.Outcome midBatchClaim = claims.start(id);
        assertThat(midBatchClaim).isInstanceOf(Claims.Outcome.Started.class);
        long claimed = ((Claims.Outcome.Started) midBatchClaim).claim().actual();
        for (Future<byte[]> call : racing) {
          assertThat(call.get(60, TimeUnit.SECONDS)).containsExactly(4, 2);
        }
        batch.shutdown();
        assertThat(served.get()).isEqualTo(89);
        Claims.Held held = claims.state(id).orElseThrow();
        assertThat(held.nonce()).isEqualTo(2);
        long heldAtTwo = held.highest().map(Authorization::amount).orElse(0L);
        // Served at nonce 1 (12 before the batch) and 2, against what the claim took at 1 (exactly what was served there)
        // and what the seller holds at 2.
        assertThat((served.get() - 29) * PRICE).isLessThanOrEqualTo(claimed + heldAtTwo);
        assertThat(reinstalled.channels()).singleElement().satisfies(c -> {
          assertThat(c.nonce()).isEqualTo(2);
          assertThat(c.authorized()).isEqualTo(heldAtTwo);
        });
        ChannelsCommitteeTest.await("the second claim", () -> ChannelsCommitteeTest.balance(seller), 29 * PRICE + claimed);
        reinstalled.close();
      } finally {
        wire.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /** One seller process: its ledger on disk in {@code dir}, a claims keeper, and a server with the paid echo and control API. */
  static final class SellerProcess implements AutoCloseable {
    final RocksLedger ledger;
    final Claims claims;
    final Server server;
    final ManagedChannel wire;

    SellerProcess(Path dir, SellerTerms terms, CommitteeChannelDirectory directory, CommitteePrimaryHeight height,
        CommitteeClaimSubmitter submitter, Prices prices, PayKit seller, ServerServiceDefinition echo) throws java.io.IOException {
      ledger = RocksLedger.open(dir);
      claims = new Claims(ledger, directory, height, submitter, new ClaimPolicy.Thresholds(1_000_000, 1));
      server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
          .addService(ServerInterceptors.intercept(echo, new ChannelServerInterceptor(new PaymentGate(terms, directory, height, ledger,
              prices::price))))
          .addService(new ControlService(claims, terms, seller.account().key(), height))
          .build().start();
      wire = Grpc.newChannelBuilder("127.0.0.1:" + server.getPort(), InsecureChannelCredentials.create()).build();
    }

    @Override
    public void close() throws InterruptedException {
      wire.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      ledger.close();
    }
  }

  static long authorized(PayKit wallet) {
    return wallet.channels().getFirst().authorized();
  }

  @Test
  void restartsCostNoRefusedCallNorAddWindowsAndASellerClaimingMoreThanServedIsPaidExactlyFromThenOn() throws Exception {
    LocalNetwork.Layout layout = LocalNetwork.init(dir.resolve("net"), "paying-restarts", 4, 1, false, FreePorts::next);
    CommitteeFile committeeFile = CommitteeFile.read(layout.committeeFile());
    try (LocalNetworkRunner running = LocalNetworkRunner.start(layout, dir.resolve("logs"), Duration.ofSeconds(60), name -> { });
        CommitteeClient committee = new CommitteeClient(committeeFile, InsecureChannelCredentials.create(), Duration.ofSeconds(2));
        RemotePrimaryChain primary = new RemotePrimaryChain(
            Grpc.newChannelBuilder(layout.primaryEndpoint(), InsecureChannelCredentials.create()).build());
        PayKit seller = PayKit.open(WalletFile.create(dir.resolve("seller.json"), KeyPair.generate(random)), committee, primary);
        CommitteeChannelDirectory directory = CommitteeChannelDirectory.start(seller.channelReader()::read, Duration.ofMillis(300));
        CommitteePrimaryHeight height = CommitteePrimaryHeight.start(primary, Duration.ofMillis(200));
        CommitteeClaimSubmitter submitter = new CommitteeClaimSubmitter(seller, directory);
        PayKit buyer = PayKit.open(WalletFile.create(dir.resolve("buyer.json"), KeyPair.generate(random)), committee, primary)) {
      buyer.deposit(DevChain.faucetAddress(), QPC, new Amount(10_000));
      ChannelsCommitteeTest.await("the buyer's deposit", () -> ChannelsCommitteeTest.balance(buyer), 10_000);
      SellerTerms terms = new SellerTerms(committeeFile.committee().network(), GROUP, seller.account(), 10);
      Prices prices = new Prices(Map.of("/test.Echo/Say", PRICE), null);
      SellerAccount account = new SellerAccount(seller.account(), GROUP, QPC);
      long window = 10 * PRICE;
      ChannelPolicy policy = new ChannelPolicy(new Amount(2_000), 100_000, 50, false, new Amount(window));

      SellerProcess first = new SellerProcess(dir.resolve("ledger"), terms, directory, height, submitter, prices, seller, echo());
      ChannelPayer before = new ChannelPayer(buyer, account, policy);
      Channel paying = ClientInterceptors.intercept(first.wire, new PayingClientInterceptor(before, prices::price));
      for (int i = 0; i < 7; i++) {
        say(paying);
      }
      ChannelId id = before.channel();
      // Signed at the first call (110) and at the seventh (60 spent + 10 + 100).
      assertThat(authorized(buyer)).isEqualTo(7 * PRICE + window);

      // The buyer restarts: a new payer resends the saved 170, identical bytes, and adds nothing while the seller takes them.
      ChannelPayer after = new ChannelPayer(buyer, account, policy);
      Channel payingAfter = ClientInterceptors.intercept(first.wire, new PayingClientInterceptor(after, prices::price));
      assertThat(buyer.authorization(id).signature())
          .isEqualTo(first.claims.state(id).orElseThrow().highest().orElseThrow().signature());
      for (int i = 0; i < 10; i++) {
        say(payingAfter);
        assertThat(authorized(buyer)).isEqualTo(7 * PRICE + window);
      }
      // The seller has now accepted all 170: it refuses the next call needing 180, the payer takes 170 as spent, signs
      // 170 + 10 + 100 and the call is retried and served; the caller sees no refusal.
      say(payingAfter);
      assertThat(served.get()).isEqualTo(18);
      assertThat(authorized(buyer)).isEqualTo(18 * PRICE + window);

      // The seller restarts: it counts all 280 as served, refuses the next call (needing 290), and the retry pays from there.
      first.close();
      long beforeSeller = served.get();
      try (SellerProcess second = new SellerProcess(dir.resolve("ledger"), terms, directory, height, submitter, prices, seller, echo())) {
        Channel payingSecond = ClientInterceptors.intercept(second.wire, new PayingClientInterceptor(after, prices::price));
        say(payingSecond);
        assertThat(served.get()).isEqualTo(beforeSeller + 1);
        assertThat(authorized(buyer)).isEqualTo(29 * PRICE + window);
        say(payingSecond);
        assertThat(authorized(buyer)).isEqualTo(29 * PRICE + window);
        // The claim takes what the seller counts: the 20 calls served and the window the crash left unused, no more.
        Claims.Outcome claim = second.claims.start(id);
        assertThat(claim).isInstanceOf(Claims.Outcome.Started.class);
        long claimed = ((Claims.Outcome.Started) claim).claim().actual();
        assertThat(served.get()).isEqualTo(20);
        assertThat(claimed).isEqualTo(20 * PRICE + window);
        ChannelsCommitteeTest.await("the seller's claim", () -> ChannelsCommitteeTest.balance(seller), claimed);

        // At nonce 1 the payer starts from nothing, so it knows everything sent there: two calls, 20.
        say(payingSecond);
        say(payingSecond);
        assertThat(buyer.channels().getFirst().nonce()).isEqualTo(1);
        assertThat(authorized(buyer)).isEqualTo(PRICE + window);
        // A dishonest seller claims the whole 110 it holds (the committee allows up to the authorization).
        SignedAuthorization planned = buyer.authorization(id);
        assertThat(planned.authorization().nonce().value()).isEqualTo(1);
        seller.claim(buyer.account(), planned.authorization(), planned.signature(), planned.authorization().amount(), Amount.ZERO);
        ChannelsCommitteeTest.await("the directory at nonce 2",
            () -> directory.channel(id).map(c -> c.nonce().value()).orElse(-1L), 2);
        // The next call follows the claim, sees it took 110 of the 20 sent, and from then on the payer signs each call exactly.
        say(payingSecond);
        assertThat(buyer.channels().getFirst().nonce()).isEqualTo(2);
        assertThat(authorized(buyer)).isEqualTo(PRICE);
        say(payingSecond);
        assertThat(authorized(buyer)).isEqualTo(2 * PRICE);
        assertThat(served.get()).isEqualTo(24);

        // A seller lying about its count (it refuses every call, needing one call more than it carried) gets one resync per
        // authorization the payer's own count signed, not one per refused call: a new payer (window 100 again) signs 110 for
        // its first call, is told the seller accepted all of it, signs 220 for the retry, and the refusal of that 220 stands.
        Server liar = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
            .addService(ServerInterceptors.intercept(echo(), new io.grpc.ServerInterceptor() {
              @Override
              public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call, Metadata headers,
                  io.grpc.ServerCallHandler<Q, R> next) {
                long carried = Long.parseLong(headers.get(Metadata.Key.of(Payment.AMOUNT_HEADER, Metadata.ASCII_STRING_MARSHALLER)));
                ChannelRefusal refusal = new ChannelRefusal.InsufficientPayment(PRICE, carried + PRICE);
                call.close(RefusalStatus.status(refusal), RefusalStatus.trailers(refusal));
                return new io.grpc.ServerCall.Listener<>() { };
              }
            })).build().start();
        ManagedChannel toLiar = Grpc.newChannelBuilder("127.0.0.1:" + liar.getPort(), InsecureChannelCredentials.create()).build();
        try {
          Channel payingLiar = ClientInterceptors.intercept(toLiar,
              new PayingClientInterceptor(new ChannelPayer(buyer, account, policy), prices::price));
          for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> say(payingLiar)).satisfies(e -> assertThat(refusal(e)).isEqualTo("INSUFFICIENT_PAYMENT"));
          }
          assertThat(authorized(buyer)).isEqualTo(2 * (PRICE + window));
        } finally {
          toLiar.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
          liar.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        assertThat(served.get()).isEqualTo(24);
      }
    }
  }

  static Payment payment(SignedAuthorization paid) {
    return new Payment(paid.authorization().channel(), paid.authorization().nonce().value(), paid.authorization().amount().units(),
        paid.signature());
  }

  static byte[] callWith(Channel wire, SignedAuthorization paid, PayKit sender) {
    return say(ClientInterceptors.intercept(wire,
        MetadataUtils.newAttachHeadersInterceptor(ChannelServerInterceptor.metadata(payment(paid), announcement(paid, sender)))));
  }

  static Payment.Sender.Named announcement(SignedAuthorization paid, PayKit sender) {
    try {
      return new Payment.Sender.Named(sender.account(), sender.channel(paid.authorization().channel()).open().sequenceNumber());
    } catch (io.quorumpay.client.PayKitException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A seller's control API that answers every state request with one fixed reply. */
  static final class FakeSeller implements AutoCloseable {
    final Server server;
    final ManagedChannel channel;

    FakeSeller(StateReply reply) throws java.io.IOException {
      server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
          .addService(new ChannelControlGrpc.ChannelControlImplBase() {
            @Override
            public void channelState(StateRequest request, StreamObserver<StateReply> out) {
              out.onNext(reply);
              out.onCompleted();
            }
          }).build().start();
      channel = Grpc.newChannelBuilder("127.0.0.1:" + server.getPort(), InsecureChannelCredentials.create()).build();
    }

    @Override
    public void close() {
      channel.shutdownNow();
      server.shutdownNow();
    }
  }
}
