package io.quorumpay.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.quorumpay.api.AccountInfoReply;
import io.quorumpay.api.AccountInfoRequest;
import io.quorumpay.api.AuthorityGrpc;
import io.quorumpay.api.ConfirmReply;
import io.quorumpay.api.ConfirmRequest;
import io.quorumpay.api.OrderRequest;
import io.quorumpay.api.VoteReply;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.primary.RemotePrimaryChain;
import io.quorumpay.authority.local.FreePorts;
import io.quorumpay.authority.local.LocalNetwork;
import io.quorumpay.authority.local.LocalNetworkRunner;
import io.quorumpay.core.client.PaymentDriver;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import io.quorumpay.primary.DevChain;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DrivenPayment} against four authority processes on loopback: where each stop rule
 * returns, with every authority answering or one silent (it takes calls and never answers), a
 * refusal, and the step bound.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang guard only; nothing here is timed
class DrivenPaymentTest {
  /** Ten minutes: far beyond the hang guard, so a run waiting on the silent authority ends only by its stop rule or step bound. */
  static final long FOREVER_MILLIS = 600_000;

  @TempDir
  static Path dir;

  static LocalNetworkRunner network;
  static CommitteeClient committee;
  /** The same committee, but authority 3's address is the silent server's; calls to it never end before ten minutes. */
  static CommitteeClient withSilent;
  /** As {@link #withSilent}, with authorities 2 and 3 silent: no quorum can form. */
  static CommitteeClient withTwoSilent;
  static SilentAuthority silent;
  static RemotePrimaryChain primary;
  static final List<PayKit> wallets = new ArrayList<>();
  final SecureRandom random = new SecureRandom();

  /** Takes every call and never answers it. */
  static final class SilentAuthority extends AuthorityGrpc.AuthorityImplBase implements AutoCloseable {
    final AtomicInteger calls = new AtomicInteger();
    final Server server;

    SilentAuthority() throws Exception {
      server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(this).build().start();
    }

    String address() {
      return "127.0.0.1:" + server.getPort();
    }

    @Override
    public void submitOrder(OrderRequest request, StreamObserver<VoteReply> observer) {
      calls.incrementAndGet();
    }

    @Override
    public void confirm(ConfirmRequest request, StreamObserver<ConfirmReply> observer) {
      calls.incrementAndGet();
    }

    @Override
    public void accountInfo(AccountInfoRequest request, StreamObserver<AccountInfoReply> observer) {
      calls.incrementAndGet();
    }

    @Override
    public void close() {
      server.shutdownNow();
    }
  }

  @BeforeAll
  static void startNetwork() throws Exception {
    LocalNetwork.Layout layout = LocalNetwork.init(dir.resolve("net"), LocalNetwork.uniqueName("driven"), 4, 2, false, FreePorts::next);
    CommitteeFile file = CommitteeFile.read(layout.committeeFile());
    network = LocalNetworkRunner.start(layout, dir.resolve("logs"), Duration.ofSeconds(60), name -> { });
    committee = new CommitteeClient(file, InsecureChannelCredentials.create(), Duration.ofSeconds(5));
    primary = new RemotePrimaryChain(Grpc.newChannelBuilder(layout.primaryEndpoint(), InsecureChannelCredentials.create()).build());
    silent = new SilentAuthority();
    withSilent = silencing(file, 3);
    withTwoSilent = silencing(file, 2, 3);
  }

  /** A client of {@code file}'s committee in which {@code authorities} are at the silent server's address. */
  static CommitteeClient silencing(CommitteeFile file, int... authorities) {
    List<CommitteeFile.Member> members = new ArrayList<>(file.members());
    for (int a : authorities) {
      CommitteeFile.Member member = members.get(a);
      members.set(a, new CommitteeFile.Member(member.name(), member.weight(), member.shards().stream().map(s -> silent.address()).toList()));
    }
    return new CommitteeClient(new CommitteeFile(file.committee(), members, file.depositConfirmations()),
        InsecureChannelCredentials.create(), Duration.ofMillis(FOREVER_MILLIS));
  }

  @AfterAll
  static void stopNetwork() throws Exception {
    for (PayKit wallet : wallets) {
      wallet.close();
    }
    silent.close(); // first: its calls fail at once, so the clients close without waiting for them
    withSilent.close();
    withTwoSilent.close();
    primary.close();
    committee.close();
    network.close();
  }

  /** A signed transfer of 10 from a new wallet funded with 100 (pending in that wallet, which is not used again). */
  SignedOrder<TransferOrder> fundedOrder(String name) throws Exception {
    PayKit wallet = PayKit.open(WalletFile.create(dir.resolve(name + ".json"), KeyPair.generate(random)), committee, primary);
    wallets.add(wallet);
    wallet.deposit(DevChain.faucetAddress(), PayKitNetworkTest.QPC, new Amount(100));
    PayKitNetworkTest.awaitBalance(wallet, 100);
    return wallet.prepareTransfer(new Recipient.Account(new AccountId(KeyPair.generate(random).publicKey())), PayKitNetworkTest.QPC,
        new Amount(10), UserData.EMPTY);
  }

  static DrivenPayment payment(CommitteeClient client, SignedOrder<? extends Order> order, PaymentDriver.Budget budget,
      DrivenPayment.Until until, int maxSteps) {
    PaymentDriver driver = new PaymentDriver(client.committee(), order, List.of(), List.of(), budget);
    return new DrivenPayment(driver, new CommitteeExchange(client, CommitteeExchange.clientIndex(client),
        CommitteeExchange.DepositReader.NONE), until, maxSteps);
  }

  static DrivenPayment.Result.Certified certified(DrivenPayment.Result result) {
    return switch (result) {
      case DrivenPayment.Result.Certified certified -> certified;
      case DrivenPayment.Result.GaveUp gaveUp -> throw new AssertionError("gave up: " + gaveUp.reason().summary());
    };
  }

  static long weightWithout(int authority) {
    return committee.committee().totalWeight() - committee.weight(authority);
  }

  @Test
  void allAnsweredFinishesWithEveryAuthoritysWeight() throws Exception {
    SignedOrder<TransferOrder> order = fundedOrder("all");
    List<Certificate> recorded = new ArrayList<>();
    // Rounds of 30 s: once a quorum confirmed, the last authority has one round to answer; the run ends when it does.
    DrivenPayment.Result result = payment(committee, order, new PaymentDriver.Budget(6, 30_000, 60_000, 256),
        DrivenPayment.Until.ALL_ANSWERED, DrivenPayment.MAX_STEPS).start(recorded::add);

    DrivenPayment.Result.Certified certified = certified(result);
    assertThat(certified.confirmedWeight()).isEqualTo(committee.committee().totalWeight());
    assertThat(certified.certificate().order()).isEqualTo(order.order());
    VerifiedCertificate.check(certified.certificate(), committee.committee());
    assertThat(recorded).containsExactly(certified.certificate());
  }

  @Test
  void atQuorumAnswersWhileOneAuthorityIsSilent() throws Exception {
    SignedOrder<TransferOrder> order = fundedOrder("quorum");
    List<Certificate> recorded = new ArrayList<>();
    // Confirm time and the client's deadline are ten minutes: waiting for every answer would outlast the hang guard.
    // Rounds of 2 s: the three others have all of it to vote, however loaded the machine.
    PaymentDriver.Budget budget = new PaymentDriver.Budget(6, 2_000, FOREVER_MILLIS, 256);
    DrivenPayment.Result result = payment(withSilent, order, budget, DrivenPayment.Until.AT_QUORUM, DrivenPayment.MAX_STEPS)
        .start(recorded::add);

    DrivenPayment.Result.Certified certified = certified(result);
    assertThat(certified.confirmedWeight()).isGreaterThanOrEqualTo(committee.committee().quorumThreshold())
        .isLessThanOrEqualTo(weightWithout(3));
    assertThat(certified.certificate().order()).isEqualTo(order.order());
    assertThat(certified.certificate().votes()).extracting(v -> v.authority()).doesNotContain(committee.name(3));
    assertThat(recorded).containsExactly(certified.certificate());
  }

  @Test
  void aRefusedOrderGivesUpWithTheRefusal() throws Exception {
    KeyPair key = KeyPair.generate(random);
    AccountId self = new AccountId(key.publicKey());
    SignedOrder<TransferOrder> toSelf = SignedOrder.sign(new TransferOrder(committee.committee().network(), self,
        new Recipient.Account(self), PayKitNetworkTest.QPC, new Amount(1), new SequenceNumber(0), UserData.EMPTY), key);
    List<Certificate> recorded = new ArrayList<>();
    DrivenPayment.Result result = payment(committee, toSelf, PaymentDriver.Budget.standard(), DrivenPayment.Until.AT_QUORUM,
        DrivenPayment.MAX_STEPS).start(recorded::add);

    PaymentDriver.Output.GaveUp gaveUp = ((DrivenPayment.Result.GaveUp) result).reason();
    assertThat(gaveUp.why()).isEqualTo(PaymentDriver.Why.REFUSED);
    assertThat(gaveUp.refusal()).map(ProtocolError::code).contains(ProtocolError.Code.SELF_TRANSFER);
    assertThat(recorded).isEmpty();
  }

  @Test
  void allAnsweredWaitsOneRoundForASilentAuthorityOnceAQuorumConfirmed() throws Exception {
    SignedOrder<TransferOrder> order = fundedOrder("grace");
    List<Certificate> recorded = new ArrayList<>();
    // Ten minutes to confirm: only the driver's one round after a quorum's confirmations (1 s here) ends the run.
    PaymentDriver.Budget budget = new PaymentDriver.Budget(6, 1_000, FOREVER_MILLIS, 256);
    DrivenPayment.Result result = payment(withSilent, order, budget, DrivenPayment.Until.ALL_ANSWERED, DrivenPayment.MAX_STEPS)
        .start(recorded::add);

    DrivenPayment.Result.Certified certified = certified(result);
    assertThat(certified.confirmedWeight()).as("the silent authority never confirmed").isEqualTo(weightWithout(3));
    assertThat(recorded).containsExactly(certified.certificate());
    assertThat(silent.calls).as("the silent authority was asked").hasPositiveValue();
  }

  @Test
  void theStepBoundEndsARunThatWouldGoOnForMinutes() throws Exception {
    SignedOrder<TransferOrder> order = fundedOrder("bounded");
    // Two authorities silent: no quorum of votes. Ten thousand rounds of 1 ms and growing would take minutes; each round's
    // tick is a step, so 100 steps end it in seconds, and the order stays pending.
    PaymentDriver.Budget budget = new PaymentDriver.Budget(10_000, 1, FOREVER_MILLIS, 256);
    DrivenPayment.Result result = payment(withTwoSilent, order, budget, DrivenPayment.Until.ALL_ANSWERED, 100).start(certificate -> { });

    PaymentDriver.Output.GaveUp gaveUp = ((DrivenPayment.Result.GaveUp) result).reason();
    assertThat(gaveUp.why()).isEqualTo(PaymentDriver.Why.NO_QUORUM);
    assertThat(gaveUp.summary()).contains("100 steps");
  }

  @Test
  void anInterruptedRunStopsAndSaysSo() throws Exception {
    KeyPair key = KeyPair.generate(random);
    AccountId sender = new AccountId(key.publicKey());
    SignedOrder<TransferOrder> order = SignedOrder.sign(new TransferOrder(committee.committee().network(), sender,
        new Recipient.Account(new AccountId(KeyPair.generate(random).publicKey())), PayKitNetworkTest.QPC, new Amount(1),
        new SequenceNumber(0), UserData.EMPTY), key);
    DrivenPayment payment = payment(withSilent, order, new PaymentDriver.Budget(6, 150, FOREVER_MILLIS, 256),
        DrivenPayment.Until.AT_QUORUM, DrivenPayment.MAX_STEPS);
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> payment.start(certificate -> { })).isInstanceOf(InterruptedException.class);
    } finally {
      Thread.interrupted();
    }
  }
}
