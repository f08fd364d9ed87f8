package io.quorumpay.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.quorumpay.api.AccountInfoReply;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.primary.RemotePrimaryChain;
import io.quorumpay.authority.local.FreePorts;
import io.quorumpay.authority.local.LocalNetwork;
import io.quorumpay.authority.local.LocalNetworkRunner;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import io.quorumpay.primary.DevChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wallet restored from a backup, against real authorities over gRPC: whatever its original did
 * after the backup (completed a payment, or got some votes for one), the restored copy never signs
 * a different order at a sequence number the original used, and ends up agreeing with the network.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WalletRestoreTest {
  static final AssetId QPC = new AssetId("QPC");

  @TempDir
  static Path dir;

  LocalNetworkRunner network;
  CommitteeClient committee;
  RemotePrimaryChain primary;
  PayKit bob;
  PayKit carol;
  final SecureRandom random = new SecureRandom();

  @BeforeAll
  void start() throws Exception {
    LocalNetwork.Layout layout = LocalNetwork.init(dir.resolve("net"), "restore-test", 4, 2, false, FreePorts::next);
    network = LocalNetworkRunner.start(layout, dir.resolve("logs"), Duration.ofSeconds(60), name -> { });
    committee = new CommitteeClient(CommitteeFile.read(layout.committeeFile()), InsecureChannelCredentials.create(), Duration.ofSeconds(2));
    primary = new RemotePrimaryChain(Grpc.newChannelBuilder(layout.primaryEndpoint(), InsecureChannelCredentials.create()).build());
    bob = PayKit.open(WalletFile.create(dir.resolve("bob.json"), KeyPair.generate(random)), committee, primary);
    carol = PayKit.open(WalletFile.create(dir.resolve("carol.json"), KeyPair.generate(random)), committee, primary);
  }

  @AfterAll
  void stop() throws Exception {
    bob.close();
    carol.close();
    committee.close();
    primary.close();
    network.close();
  }

  /** A funded wallet at {@code name}.json and a backup of it at {@code name}-backup.json, taken now. */
  Path[] fundedWithBackup(String name) throws Exception {
    Path original = dir.resolve(name + ".json");
    WalletFile.create(original, KeyPair.generate(random));
    try (PayKit wallet = PayKit.open(WalletFile.at(original), committee, primary)) {
      wallet.deposit(DevChain.faucetAddress(), QPC, new Amount(500));
      PayKitNetworkTest.awaitBalance(wallet, 500);
    }
    Path backup = dir.resolve(name + "-backup.json");
    Files.copy(original, backup, StandardCopyOption.COPY_ATTRIBUTES);
    return new Path[] {original, backup};
  }

  /** The original signs a payment of 100 to bob and saves it pending; authorities {@code voters} (and no others) vote for it. */
  SignedOrder<TransferOrder> signedByTheOriginalWithVotesFrom(Path original, int... voters) throws Exception {
    SignedOrder<TransferOrder> order;
    try (PayKit wallet = PayKit.open(WalletFile.at(original), committee, primary)) {
      order = wallet.prepareTransfer(new Recipient.Account(bob.account()), QPC, new Amount(100), UserData.EMPTY);
    }
    for (int a : voters) {
      voteOnceCredited(a, order);
    }
    return order;
  }

  /**
   * Authority {@code a}'s vote for {@code order}. The wallet waited for a quorum to credit its
   * deposit; {@code a} may still be a block behind on the primary, so a refusal for want of that
   * balance is asked again, a bounded number of times.
   */
  void voteOnceCredited(int a, SignedOrder<TransferOrder> order) throws Exception {
    for (int attempt = 0; ; attempt++) {
      try {
        committee.vote(a, order).join();
        return;
      } catch (java.util.concurrent.CompletionException e) {
        if (attempt >= 100 || !(e.getCause() instanceof io.quorumpay.core.error.ProtocolException refused)
            || refused.error().code() != ProtocolError.Code.INSUFFICIENT_BALANCE) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  /** What every authority holds for {@code account} at sequence number 0: a vote or a certificate, never for another order than {@code only}. */
  void noAuthorityHoldsAnythingButAt0(AccountId account, Order only) throws Exception {
    for (int a = 0; a < committee.size(); a++) {
      AccountInfoReply info = committee.accountInfo(a, account, Optional.of(SequenceNumber.ZERO), 0, 0).join();
      if (!info.getPendingVote().isEmpty() && info.getNextSequenceNumber() == 0) {
        assertThat(Vote.decode(info.getPendingVote().toByteArray()).order()).as("authority %d's vote at 0", a).isEqualTo(only);
      }
      if (!info.getRequestedCertificate().isEmpty()) {
        assertThat(Certificate.decode(info.getRequestedCertificate().toByteArray()).order()).as("authority %d's certificate at 0", a)
            .isEqualTo(only);
      }
    }
  }

  @Test
  void afterTheOriginalCompletedAPaymentTheRestoredCopyPaysAtTheNextSequenceNumber() throws Exception {
    Path[] files = fundedWithBackup("ann");
    Certificate first;
    try (PayKit original = PayKit.open(WalletFile.at(files[0]), committee, primary)) {
      first = original.pay(new Recipient.Account(bob.account()), QPC, new Amount(100), UserData.EMPTY);
    }
    try (PayKit restored = PayKit.open(WalletFile.at(files[1]), committee, primary)) {
      Certificate second = restored.pay(new Recipient.Account(carol.account()), QPC, new Amount(50), UserData.EMPTY);
      assertThat(second.key().sequenceNumber().value()).as("not at the sequence number the original used").isEqualTo(1);
      assertThat(restored.snapshot().sent()).extracting(Certificate::order).containsExactly(first.order(), second.order());
      assertThat(restored.balance().of(QPC)).isEqualTo(350);
      noAuthorityHoldsAnythingButAt0(restored.account(), first.order());
    }
  }

  @Test
  void anOrderTheOriginalGotValidityWeightOfVotesForIsAdoptedAndFinishedFirst() throws Exception {
    Path[] files = fundedWithBackup("ben");
    SignedOrder<TransferOrder> original = signedByTheOriginalWithVotesFrom(files[0], 0, 1);
    long bobBefore = bob.balance().of(QPC);
    try (PayKit restored = PayKit.open(WalletFile.at(files[1]), committee, primary)) {
      assertThat(restored.pendingOrder()).isEmpty();
      Certificate second = restored.pay(new Recipient.Account(carol.account()), QPC, new Amount(50), UserData.EMPTY);
      assertThat(second.key().sequenceNumber().value()).isEqualTo(1);
      assertThat(restored.snapshot().sent()).extracting(Certificate::order).containsExactly(original.order(), second.order());
      assertThat(restored.balance().of(QPC)).isEqualTo(350);
      noAuthorityHoldsAnythingButAt0(restored.account(), original.order());
    }
    assertThat(bob.balance().of(QPC)).as("the original's payment went through, once").isEqualTo(bobBefore + 100);
    // The original, opened again, finishes its pending order: it finds the certificate the copy made, and pays nothing more.
    try (PayKit again = PayKit.open(WalletFile.at(files[0]), committee, primary)) {
      assertThat(again.finishPending().orElseThrow().order()).isEqualTo(original.order());
      assertThat(again.pendingOrder()).isEmpty();
      assertThat(again.balance().of(QPC)).isEqualTo(350);
      assertThat(again.snapshot().nextSequenceNumber().value()).isEqualTo(2);
    }
  }

  @Test
  void anOrderWithFewerVotesKeepsTheRestoredCopyFromSigningUntilTheOriginalFinishesIt() throws Exception {
    Path[] files = fundedWithBackup("cat");
    SignedOrder<TransferOrder> original = signedByTheOriginalWithVotesFrom(files[0], 0);
    try (PayKit restored = PayKit.open(WalletFile.at(files[1]), committee, primary)) {
      PayKitException refused = catchThrowableOfType(PayKitException.class,
          () -> restored.pay(new Recipient.Account(carol.account()), QPC, new Amount(50), UserData.EMPTY));
      assertThat(refused).as("the restored copy must not sign at sequence number 0").isNotNull();
      assertThat(refused.kind()).isEqualTo(PayKitException.Kind.REFUSED);
      assertThat(refused.error().orElseThrow()).isInstanceOf(ProtocolError.PendingElsewhere.class);
      assertThat(refused.getMessage()).contains("pending at sequence number 0 elsewhere");
      assertThat(restored.pendingOrder()).as("nothing signed").isEmpty();
      assertThat(restored.snapshot().nextSequenceNumber()).isEqualTo(SequenceNumber.ZERO);
      noAuthorityHoldsAnythingButAt0(restored.account(), original.order());
    }
    // The original finishes it; then the restored copy learns of it and pays after it.
    try (PayKit again = PayKit.open(WalletFile.at(files[0]), committee, primary)) {
      assertThat(again.finishPending().orElseThrow().order()).isEqualTo(original.order());
    }
    try (PayKit restored = PayKit.open(WalletFile.at(files[1]), committee, primary)) {
      Certificate second = restored.pay(new Recipient.Account(carol.account()), QPC, new Amount(50), UserData.EMPTY);
      assertThat(second.key().sequenceNumber().value()).isEqualTo(1);
      assertThat(restored.balance().of(QPC)).isEqualTo(350);
    }
  }
}
