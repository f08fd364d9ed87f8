package io.quorumpay.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.quorumpay.api.AccountInfoReply;
import io.quorumpay.api.AccountInfoRequest;
import io.quorumpay.api.AuthorityGrpc;
import io.quorumpay.api.Balance;
import io.quorumpay.api.ConfirmReply;
import io.quorumpay.api.ConfirmRequest;
import io.quorumpay.api.CreditRequest;
import io.quorumpay.api.HealthReply;
import io.quorumpay.api.HealthRequest;
import io.quorumpay.api.MalformedRequests;
import io.quorumpay.api.OrderRequest;
import io.quorumpay.api.RpcErrors;
import io.quorumpay.api.ShardPeerGrpc;
import io.quorumpay.api.Wire;
import io.quorumpay.authority.config.AuthorityConfig;
import io.quorumpay.core.authority.SiblingSeal;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.CrossShardCredit;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.messages.VoteSignature;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Four authorities of two shards each and the primary, in this JVM, over gRPC on loopback with RocksDB on disk. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorityNetworkTest {
  static final AssetId QPC = new AssetId("QPC");
  static final Duration SETTLE = Duration.ofSeconds(20);

  @TempDir
  static Path dir;

  InProcessNetwork network;
  TestClient client;
  TestUsers accounts;
  final SecureRandom random = new SecureRandom();

  @BeforeAll
  void start() throws Exception {
    network = new InProcessNetwork(dir, 4, 2);
    client = new TestClient(network.committee);
    accounts = new TestUsers(network, client);
  }

  @AfterAll
  void stop() {
    if (network == null) {
      return;
    }
    client.close();
    network.close();
    assertThat(network.fatal).isEmpty();
  }

  KeyPair user(int shard) {
    return accounts.on(shard);
  }

  static AccountId id(KeyPair key) {
    return TestUsers.id(key);
  }

  void fund(KeyPair user, long amount) throws Exception {
    accounts.fund(user, amount);
  }

  SignedOrder<TransferOrder> order(KeyPair sender, Recipient recipient, long amount, long sequence) {
    return accounts.order(sender, recipient, amount, sequence);
  }

  SignedOrder<TransferOrder> pay(KeyPair sender, KeyPair recipient, long amount, long sequence) {
    return accounts.pay(sender, recipient, amount, sequence);
  }

  void expectBalances(KeyPair user, long expected) throws Exception {
    accounts.expectBalances(user, expected);
  }

  @Test
  void paysWithinAndAcrossShardsAndRedeemsOnce() throws Exception {
    KeyPair alice = user(0);
    KeyPair bob = user(0);
    KeyPair carol = user(1);
    fund(alice, 1000);

    Certificate toBob = client.pay(pay(alice, bob, 100, 0));
    Certificate toCarol = client.pay(pay(alice, carol, 200, 1));
    expectBalances(alice, 700);
    expectBalances(bob, 100);
    expectBalances(carol, 200);
    assertThat(client.confirm(0, toBob)).isEqualTo(ConfirmReply.Outcome.ALREADY_APPLIED);
    assertThat(client.info(2, id(carol)).getReceivedTotal()).isEqualTo(1);

    PrimaryAddress payout = PrimaryAddress.parse("0x00000000000000000000000000000000000000b0");
    long fundsBefore = network.primaryClient.status().funds().get(QPC);
    Certificate redeem = client.pay(order(carol, new Recipient.Primary(payout), 50, 0));
    var receipt = network.primaryClient.redeem(redeem);
    assertThat(receipt.amount()).isEqualTo(new Amount(50));
    ProtocolException replay = catchThrowableOfType(ProtocolException.class, () -> network.primaryClient.redeem(redeem));
    assertThat(replay.error().code()).isEqualTo(io.quorumpay.core.error.ProtocolError.Code.REDEEM_REPLAY);
    assertThat(network.primaryClient.status().funds().get(QPC)).isEqualTo(fundsBefore - 50);
    expectBalances(carol, 150);
    assertThat(((TransferOrder) toCarol.order()).amount().units()).isEqualTo(200);
  }

  @Test
  void concurrentSendersConserveMoney() throws Exception {
    List<KeyPair> users = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      users.add(user(i % 2));
      fund(users.get(i), 1000);
    }
    ExecutorService pool = Executors.newFixedThreadPool(users.size());
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < users.size(); i++) {
      int sender = i;
      done.add(pool.submit(() -> {
        Random choice = new Random(sender);
        for (int n = 0; n < 10; n++) {
          KeyPair to = users.get((sender + 1 + choice.nextInt(users.size() - 1)) % users.size());
          client.pay(pay(users.get(sender), to, 1 + choice.nextInt(20), n));
        }
        return null;
      }));
    }
    for (Future<?> future : done) {
      future.get();
    }
    pool.shutdown();
    for (int a = 0; a < client.size(); a++) {
      int authority = a;
      Eventually.within(SETTLE, () -> {
        long total = 0;
        for (KeyPair user : users) {
          total += client.balance(authority, id(user), QPC);
          assertThat(client.info(authority, id(user)).getNextSequenceNumber()).isEqualTo(10);
        }
        assertThat(total).as("money at authority %d", authority).isEqualTo(6000);
      });
    }
  }

  @Test
  void paymentsCompleteWithOneAuthorityDownAndItCatchesUpFromItsPeersByItself() throws Exception {
    KeyPair dave = user(0);
    KeyPair erin = user(1);
    fund(dave, 500);
    network.stop(3);
    try {
      Certificate certificate = client.pay(pay(dave, erin, 120, 0));
      assertThat(certificate.votes()).hasSize(3);
      for (int a = 0; a < 3; a++) {
        int authority = a;
        Eventually.within(SETTLE, () -> assertThat(client.balance(authority, id(erin), QPC)).isEqualTo(120));
      }
      network.restart(3);
      Eventually.within(SETTLE, () -> assertThat(client.healthy(3)).isTrue());
      // Nobody sends authority 3 the certificate it missed: it reads its peers' applied logs and
      // applies it (once: the deposit it had on disk is not credited twice).
      expectBalances(dave, 380);
      expectBalances(erin, 120);
      assertThat(client.confirm(3, certificate)).isEqualTo(ConfirmReply.Outcome.ALREADY_APPLIED);
      // Its health says how far it has read each peer's log.
      HealthReply health = client.stub(3, id(dave)).health(HealthRequest.getDefaultInstance());
      assertThat(health.getAppliedCount()).isPositive();
      assertThat(health.getPeersList()).hasSize(3).allSatisfy(peer -> assertThat(peer.getCursor()).isPositive());
    } finally {
      if (network.nodes.get(3) == null) {
        network.restart(3);
      }
    }
  }

  @Test
  void badInputGetsAClearErrorAndChangesNothing() throws Exception {
    KeyPair alice = user(0);
    KeyPair bob = user(1);
    fund(alice, 300);
    int aliceShard = client.assignment.shardOf(id(alice));

    // Bytes that are not a signed order.
    assertRefused(() -> client.stub(0, aliceShard).submitOrder(OrderRequest.newBuilder()
        .setSignedOrder(ByteString.copyFrom(new byte[] {1, 2, 3})).build()), Status.Code.INVALID_ARGUMENT, "MALFORMED", "truncated");
    // Bytes that are not protobuf at all.
    StatusRuntimeException garbage = catchThrowableOfType(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
        client.channels.get(0).get(aliceShard), rawMethod(AuthorityGrpc.getSubmitOrderMethod().getFullMethodName()),
        io.grpc.CallOptions.DEFAULT.withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS), new byte[] {(byte) 0xff, (byte) 0xff, 0x0f}));
    assertThat(garbage.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(RpcErrors.errorCode(garbage)).contains(io.quorumpay.core.error.ProtocolError.Code.MALFORMED);
    assertThat(garbage.getStatus().getDescription()).contains("not a valid protobuf message");
    // A message far over the size limit.
    assertRefused(() -> client.stub(0, aliceShard).submitOrder(OrderRequest.newBuilder()
        .setSignedOrder(ByteString.copyFrom(new byte[200_000])).build()), Status.Code.RESOURCE_EXHAUSTED, null, null);
    // A signature that is not the sender's.
    SignedOrder<TransferOrder> good = pay(alice, bob, 10, 0);
    SignedOrder<TransferOrder> forged = new SignedOrder<TransferOrder>(good.order(), bob.sign(good.order().encode()));
    assertRefused(() -> client.vote(0, forged), Status.Code.UNAUTHENTICATED, "INVALID_SIGNATURE", "invalid signature");
    // The wrong shard: the error names the right one.
    assertRefused(() -> client.stub(0, 1 - aliceShard).submitOrder(OrderRequest.newBuilder()
            .setSignedOrder(ByteString.copyFrom(good.encode())).build()),
        Status.Code.FAILED_PRECONDITION, "WRONG_SHARD", "belongs to shard " + aliceShard);
    // Signed for another network.
    SignedOrder<TransferOrder> foreign = SignedOrder.sign(new TransferOrder(NetworkId.named("elsewhere"), id(alice),
        new Recipient.Account(id(bob)), QPC, new Amount(10), SequenceNumber.ZERO, UserData.EMPTY), alice);
    assertRefused(() -> client.vote(0, foreign), Status.Code.INVALID_ARGUMENT, "WRONG_NETWORK", "network");
    // More than the balance.
    assertRefused(() -> client.vote(0, pay(alice, bob, 301, 0)), Status.Code.FAILED_PRECONDITION, "INSUFFICIENT_BALANCE", "cannot pay");
    // A certificate with votes from outside the committee.
    TransferOrder order = good.order();
    List<VoteSignature> strangers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      strangers.add(Vote.sign(order, KeyPair.generate(random)).toSignature());
    }
    strangers.sort(Comparator.comparing(VoteSignature::authority));
    Certificate fake = new Certificate(order, strangers);
    assertRefused(() -> client.stub(0, aliceShard).confirm(ConfirmRequest.newBuilder()
        .setCertificate(ByteString.copyFrom(fake.encode())).build()), Status.Code.PERMISSION_DENIED, "UNKNOWN_AUTHORITY", "not a member");
    // A certificate whose votes are a quorum's but one signature is bad.
    Certificate real = client.certify(good).orElseThrow();
    List<VoteSignature> tampered = new ArrayList<>(real.votes());
    tampered.set(0, new VoteSignature(tampered.get(0).authority(), new Signature(Bytes.copyOf(new byte[64]))));
    assertRefused(() -> client.confirm(1, new Certificate(order, tampered)), Status.Code.UNAUTHENTICATED, "INVALID_SIGNATURE", null);

    // Nothing changed: the certificate was never confirmed, the balance is whole, and the vote stands.
    for (int a = 0; a < client.size(); a++) {
      var info = client.info(a, id(alice));
      assertThat(info.getNextSequenceNumber()).isZero();
      assertThat(client.balance(a, id(alice), QPC)).isEqualTo(300);
    }
    // A different order at the voted sequence number is refused; the same order gets the same vote.
    assertRefused(() -> client.vote(0, pay(alice, bob, 11, 0)), Status.Code.ALREADY_EXISTS, "CONFLICTING_ORDER", "finish that order first");
    assertThat(client.vote(0, good).signature()).isEqualTo(client.vote(0, good).signature());
  }

  @Test
  void accountInfoRefusesNumbersOutOfRange() throws Exception {
    KeyPair alice = user(0);
    fund(alice, 40);
    AccountInfoRequest request = AccountInfoRequest.newBuilder().setAccount(Wire.bytes(id(alice))).build();
    // A uint32 of 2^31 or more arrives in Java as a negative int.
    for (int limit : new int[] {0xFFFFFFFF, 1 << 31, 1001}) {
      assertRefused(() -> client.stub(0, id(alice)).accountInfo(request.toBuilder().setReceivedLimit(limit).build()),
          Status.Code.OUT_OF_RANGE, "OUT_OF_RANGE", "received_limit out of range: at most 1000");
    }
    assertRefused(() -> client.stub(0, id(alice)).accountInfo(request.toBuilder().setReceivedFrom(1L << 63).build()),
        Status.Code.OUT_OF_RANGE, "OUT_OF_RANGE", "received_from out of range");
    assertRefused(() -> client.stub(0, id(alice)).accountInfo(request.toBuilder().setCertificateAt(-1L).build()),
        Status.Code.OUT_OF_RANGE, "OUT_OF_RANGE", "certificate_at out of range");

    // The shard still answers, and the account is as it was.
    AccountInfoReply info = client.stub(0, id(alice)).accountInfo(request.toBuilder().setReceivedLimit(1000).build());
    assertThat(info.getNextSequenceNumber()).isZero();
    assertThat(info.getBalancesList()).extracting(Balance::getUnits).containsExactly(40L);
  }

  @Test
  void badCreditRequestsBetweenShardsAreRefusedAndChangeNothing() throws Exception {
    KeyPair alice = user(0);
    KeyPair bob = user(0);
    KeyPair carol = user(1);
    fund(alice, 100);
    // A genuine certificate that pays an account of shard 0, never confirmed.
    Certificate sameShard = client.certify(pay(alice, bob, 10, 0)).orElseThrow();
    AuthorityConfig config = AuthorityConfig.read(network.layout.authorityFiles().get(0));
    // This test holds authority 0's key, so it can seal credits as its shards do: the checks after the seal run.
    SiblingSeal seal = new SiblingSeal(config.key());
    ManagedChannel channel = Grpc.newChannelBuilder(config.peerAddresses().get(1), InsecureChannelCredentials.create()).build();
    try {
      var peer = ShardPeerGrpc.newBlockingStub(channel).withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS);
      long received = client.info(0, id(carol)).getReceivedTotal();
      assertRefused(() -> peer.credit(CreditRequest.getDefaultInstance()), Status.Code.OUT_OF_RANGE, "OUT_OF_RANGE", "1 to 64");
      List<byte[]> tooMany = new ArrayList<>();
      for (int i = 0; i < 65; i++) {
        tooMany.add(new CrossShardCredit(0, 1, i, sameShard).encode());
      }
      assertRefused(() -> peer.credit(accounts.sealed(seal, 1, tooMany)), Status.Code.OUT_OF_RANGE, "OUT_OF_RANGE", "1 to 64");
      assertRefused(() -> peer.credit(accounts.sealed(seal, 1, List.of(new CrossShardCredit(0, 1, 0, sameShard).encode(),
              new CrossShardCredit(1, 1, 0, sameShard).encode()))),
          Status.Code.FAILED_PRECONDITION, "CREDIT_MISROUTED", "more than one shard");
      assertRefused(() -> peer.credit(accounts.sealed(seal, 1, List.of(new CrossShardCredit(0, 1, 0, sameShard).encode()))),
          Status.Code.FAILED_PRECONDITION, "CREDIT_MISROUTED", "does not pay an account of shard 1");
      assertRefused(() -> peer.credit(accounts.sealed(seal, 1, List.of(new byte[] {1, 2, 3}))), Status.Code.INVALID_ARGUMENT, "MALFORMED", null);
      // Without this authority's seal nothing is even decoded.
      assertRefused(() -> peer.credit(CreditRequest.newBuilder().addCredits(ByteString.copyFrom(new byte[] {1, 2, 3})).build()),
          Status.Code.PERMISSION_DENIED, "NOT_A_SIBLING", "no seal");
      assertThat(client.info(0, id(carol)).getReceivedTotal()).isEqualTo(received);
      assertThat(client.balance(0, id(bob), QPC)).isZero();
    } finally {
      channel.shutdownNow();
    }
  }

  interface Call {
    Object run() throws Exception;
  }

  static void assertRefused(Call call, Status.Code status, String code, String messagePart) {
    Throwable thrown = catchThrowableOfType(Exception.class, call::run);
    assertThat(thrown).as("expected a refusal").isNotNull();
    if (thrown instanceof ProtocolException refusal) {
      assertThat(refusal.error().code().name()).isEqualTo(code);
      if (messagePart != null) {
        assertThat(refusal.getMessage()).contains(messagePart);
      }
      return;
    }
    StatusRuntimeException e = (StatusRuntimeException) thrown;
    assertThat(e.getStatus().getCode()).isEqualTo(status);
    if (code != null) {
      assertThat(RpcErrors.errorCode(e).map(Enum::name)).contains(code);
    }
    if (messagePart != null) {
      assertThat(e.getStatus().getDescription()).contains(messagePart);
    }
  }

  static MethodDescriptor<byte[], byte[]> rawMethod(String name) {
    return MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(name)
        .setRequestMarshaller(MalformedRequests.BYTES).setResponseMarshaller(MalformedRequests.BYTES).build();
  }
}
