package io.quorumpay.channels.claims;

import static io.quorumpay.channels.InterceptorTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.quorumpay.channels.Fixture;
import io.quorumpay.channels.PaymentGate;
import io.quorumpay.channels.Prices;
import io.quorumpay.channels.api.ChannelControlGrpc;
import io.quorumpay.channels.api.ClaimsReply;
import io.quorumpay.channels.api.ControlRequest;
import io.quorumpay.channels.ledger.RocksLedger;
import io.quorumpay.channels.policy.ChannelRecord;
import io.quorumpay.channels.policy.ChannelRefusal;
import io.quorumpay.channels.policy.Payment;
import io.quorumpay.channels.policy.PendingClaim;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.messages.PaymentAuthorization;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.SequenceNumber;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claims: bookkeeping in one atomic record, the control API over real gRPC, restarts, the automatic policy. */
class ClaimsTest {
  private static final Prices PRICES = new Prices(Map.of("/m", 10L), null);
  @TempDir Path dir;
  private final Fixture f = new Fixture(41);
  private final InMemoryClaimSubmitter submitter = new InMemoryClaimSubmitter();
  private RocksLedger ledger;
  private Claims claims;
  private Server server;
  private ManagedChannel client;

  private void start(ClaimPolicy.Thresholds thresholds) throws Exception {
    ledger = RocksLedger.open(dir.resolve("ledger"));
    claims = new Claims(ledger, f.directory, f.height::get, submitter, thresholds);
    server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .addService(new ControlService(claims, f.terms, f.seller.publicKey(), f.height::get)).build().start();
    client = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
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

  private void pay(long nonce, long amount) {
    assertThat(f.gate(ledger, PRICES).admit("/m", new Payment.Parsed.Present(f.pay(nonce, amount)), null))
        .isInstanceOf(PaymentGate.Admission.Paid.class);
  }

  private ControlRequest request(KeyPair key, ControlRequests.Kind kind, long height, ChannelId channel) {
    ControlRequest.Builder request = ControlRequest.newBuilder().setHeight(height)
        .setSignature(ByteString.copyFrom(ControlRequests.sign(key, f.network, kind, height, channel).bytes().toArray()));
    if (channel != null) {
      request.setChannelId(ByteString.copyFrom(channel.bytes().toArray()));
    }
    return request.build();
  }

  private ChannelControlGrpc.ChannelControlBlockingStub control() {
    return ChannelControlGrpc.newBlockingStub(client);
  }

  @Test
  void aClaimStartedByTheOperatorSurvivesARestartAndFinishesOnItsCertificate() throws Exception {
    start(new ClaimPolicy.Thresholds(Long.MAX_VALUE, 0));
    pay(0, 10);
    pay(0, 30);
    long now = f.height.get();
    ClaimsReply unclaimed = control().listUnclaimed(request(f.seller, ControlRequests.Kind.LIST_UNCLAIMED, now, null));
    // Two calls served (20), 30 authorized: a claim takes what was served and carries the authorization.
    assertThat(unclaimed.getClaimsList()).hasSize(1);
    assertThat(unclaimed.getClaims(0).getAmount()).isEqualTo(20);
    assertThat(unclaimed.getClaims(0).getAuthorized()).isEqualTo(30);
    assertThat(unclaimed.getClaims(0).getSignature().isEmpty()).isTrue();

    ClaimsReply started = control().startClaim(request(f.seller, ControlRequests.Kind.START_CLAIM, now, f.channel));
    assertThat(started.getClaims(0).getNonce()).isZero();
    assertThat(started.getClaims(0).getAmount()).isEqualTo(20);
    assertThat(started.getClaims(0).getAuthorized()).isEqualTo(30);
    PendingClaim claim = submitter.submitted().getFirst();
    assertThat(claim.actual()).isEqualTo(20);
    assertThat(new PaymentAuthorization(f.network, f.channel, SequenceNumber.ZERO, new Amount(30))
        .isSignedBy(claim.authorization().authorizer(), claim.authorization().signature())).isTrue();
    // The nonce moved with the claim: buyers are told the new one, and pay on at it.
    assertThat(f.gate(ledger, PRICES).admit("/m", new Payment.Parsed.Present(f.pay(0, 40)), null))
        .isEqualTo(new PaymentGate.Admission.Refused(new ChannelRefusal.IncorrectNonce(1, 0)));
    pay(1, 10);
    assertRefused(() -> control().startClaim(request(f.seller, ControlRequests.Kind.START_CLAIM, now, f.channel)),
        Status.Code.FAILED_PRECONDITION, ChannelRefusal.Code.CLAIM_REFUSED);

    stop();
    start(new ClaimPolicy.Thresholds(Long.MAX_VALUE, 0));
    ClaimsReply inProgress = control().listInProgress(request(f.seller, ControlRequests.Kind.LIST_IN_PROGRESS, now, null));
    assertThat(inProgress.getClaimsList()).hasSize(1);
    assertThat(inProgress.getClaims(0).getSignature().toByteArray()).isEqualTo(claim.authorization().signature().bytes().toArray());
    assertThat(inProgress.getClaims(0).getAmount()).isEqualTo(20);
    claims.resume();
    assertThat(submitter.submitted()).hasSize(2).allMatch(claim::equals);

    // The claim's certificate is seen: the channel is at nonce 1 with 20 less.
    f.directory.put(f.view(f.channel, 1_000_000 - 20, 1, 10_000, f.group));
    claims.tick();
    assertThat(claims.inProgress()).isEmpty();
    assertThat(ledger.list(10).getFirst().record().claim()).isEmpty();
    // Read back after the restart, everything authorized at nonce 1 counts as served.
    assertThat(claims.unclaimed().getFirst().served()).isEqualTo(10);
  }

  @Test
  void forgedOrStaleControlRequestsAreRefusedAndChangeNothing() throws Exception {
    start(new ClaimPolicy.Thresholds(Long.MAX_VALUE, 0));
    pay(0, 10);
    ChannelRecord before = ledger.list(10).getFirst().record();
    long now = f.height.get();
    KeyPair stranger = KeyPair.generate(new Random(1));
    assertRefused(() -> control().startClaim(request(stranger, ControlRequests.Kind.START_CLAIM, now, f.channel)),
        Status.Code.UNAUTHENTICATED, ChannelRefusal.Code.CONTROL_UNAUTHENTICATED);
    assertRefused(() -> control().listUnclaimed(request(f.buyer, ControlRequests.Kind.LIST_UNCLAIMED, now, null)),
        Status.Code.UNAUTHENTICATED, ChannelRefusal.Code.CONTROL_UNAUTHENTICATED);
    // A signature for listing does not start a claim.
    ControlRequest listing = request(f.seller, ControlRequests.Kind.LIST_UNCLAIMED, now, f.channel);
    assertRefused(() -> control().startClaim(listing), Status.Code.UNAUTHENTICATED, ChannelRefusal.Code.CONTROL_UNAUTHENTICATED);
    assertRefused(() -> control().startClaim(request(f.seller, ControlRequests.Kind.START_CLAIM, now - 6, f.channel)),
        Status.Code.FAILED_PRECONDITION, ChannelRefusal.Code.CONTROL_STALE);
    assertRefused(() -> control().startClaim(request(f.seller, ControlRequests.Kind.START_CLAIM, now + 6, f.channel)),
        Status.Code.FAILED_PRECONDITION, ChannelRefusal.Code.CONTROL_STALE);
    assertThat(submitter.submitted()).isEmpty();
    assertThat(ledger.list(10).getFirst().record()).isEqualTo(before);
  }

  @Test
  void theAutomaticPolicyClaimsAtTheThresholdAndBeforeExpiration() throws Exception {
    start(new ClaimPolicy.Thresholds(50, 100));
    for (int call = 0; call < 4; call++) {
      pay(0, 100); // authorized ahead: the threshold counts what is served (40 so far)
    }
    claims.tick();
    assertThat(submitter.submitted()).isEmpty();
    pay(0, 100);
    claims.tick();
    assertThat(submitter.submitted()).extracting(PendingClaim::actual).containsExactly(50L);
    assertThat(submitter.submitted()).extracting(c -> c.authorization().amount()).containsExactly(100L);
    // Certificate seen; a small amount at nonce 1 is claimed once expiration comes within 100 blocks.
    f.directory.put(f.view(f.channel, 1_000_000 - 50, 1, 10_000, f.group));
    pay(1, 10);
    claims.tick();
    assertThat(submitter.submitted()).hasSize(1);
    f.height.set(10_000 - 100);
    claims.tick();
    assertThat(submitter.submitted()).extracting(PendingClaim::nonce).containsExactly(0L, 1L);
  }

  private void awaitSubmitted(int count) throws InterruptedException {
    for (int i = 0; i < 250 && submitter.submitted().size() < count; i++) {
      Thread.sleep(20);
    }
  }

  @Test
  void theKeeperResumesClaimsInFlightAndRunsThePolicyInTheBackground() throws Exception {
    start(new ClaimPolicy.Thresholds(50, 0));
    pay(0, 20);
    assertThat(claims.start(f.channel)).isInstanceOf(Claims.Outcome.Started.class);
    try (ClaimKeeper keeper = ClaimKeeper.start(claims, java.time.Duration.ofMillis(20))) {
      awaitSubmitted(2);
      f.directory.put(f.view(f.channel, 1_000_000 - 10, 1, 10_000, f.group));
      for (int call = 1; call <= 5; call++) {
        pay(1, 60); // the fifth call served reaches the threshold
      }
      awaitSubmitted(3);
    }
    // Submitted by hand, resubmitted on the keeper's start, then the policy's claim at nonce 1.
    assertThat(submitter.submitted()).extracting(PendingClaim::nonce).containsExactly(0L, 0L, 1L);
  }
}
