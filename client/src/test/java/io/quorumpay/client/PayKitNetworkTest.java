package io.quorumpay.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.primary.RemotePrimaryChain;
import io.quorumpay.authority.local.FreePorts;
import io.quorumpay.authority.local.LocalNetwork;
import io.quorumpay.authority.local.LocalNetworkRunner;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.primary.RedeemReceipt;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.UserData;
import io.quorumpay.primary.DevChain;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paykit against four authority processes and a primary process on loopback: paying,
 * receiving, redeeming and syncing while one authority lags (it misses confirmations), one is
 * stopped and restarted, and one is replaced by a liar. Balances stay right and never go backwards.
 */
class PayKitNetworkTest {
  static final AssetId QPC = new AssetId("QPC");

  @TempDir
  Path dir;

  final SecureRandom random = new SecureRandom();

  PayKit wallet(String name, CommitteeClient committee, RemotePrimaryChain primary) throws Exception {
    return PayKit.open(WalletFile.create(dir.resolve(name + ".json"), KeyPair.generate(random)), committee, primary);
  }

  /** A receiving wallet's balances over time: they must never decrease. */
  static final class Monotone {
    final List<Long> seen = new ArrayList<>();

    /** Checks the balance until it is {@code expected} (a credit to another shard lands just after its payment returns). */
    void await(PayKit wallet, long expected) throws Exception {
      long deadline = System.currentTimeMillis() + 20_000;
      while (check(wallet) != expected) {
        assertThat(System.currentTimeMillis()).as("balance %d not reached: %s", expected, seen).isLessThan(deadline);
        Thread.sleep(50);
      }
    }

    long check(PayKit wallet) throws PayKitException {
      long now = wallet.balance().of(QPC);
      if (!seen.isEmpty()) {
        assertThat(now).as("balance went backwards: %s then %d", seen, now).isGreaterThanOrEqualTo(seen.get(seen.size() - 1));
      }
      seen.add(now);
      return now;
    }
  }

  @Test
  void balancesStayRightThroughLaggingStoppedAndLyingAuthorities() throws Exception {
    LocalNetwork.Layout layout = LocalNetwork.init(dir.resolve("net"), "paykit-test", 4, 2, false, FreePorts::next);
    CommitteeFile committeeFile = CommitteeFile.read(layout.committeeFile());
    try (LocalNetworkRunner network = LocalNetworkRunner.start(layout, dir.resolve("logs"), Duration.ofSeconds(60), name -> { });
        CommitteeClient committee = new CommitteeClient(committeeFile, InsecureChannelCredentials.create(), Duration.ofSeconds(2));
        RemotePrimaryChain primary = new RemotePrimaryChain(
            Grpc.newChannelBuilder(layout.primaryEndpoint(), InsecureChannelCredentials.create()).build())) {
      // A client that cannot reach authority 2: what it confirms, authority 2 never sees.
      List<CommitteeFile.Member> blind = new ArrayList<>(committeeFile.members());
      blind.set(2, new CommitteeFile.Member(blind.get(2).name(), blind.get(2).weight(), List.of("127.0.0.1:1", "127.0.0.1:1")));
      CommitteeClient partitioned = new CommitteeClient(new CommitteeFile(committeeFile.committee(), blind, committeeFile.depositConfirmations()),
          InsecureChannelCredentials.create(), Duration.ofSeconds(2));
      PayKit alice = wallet("alice", committee, primary);
      PayKit bob = wallet("bob", committee, primary);
      PayKit carol = wallet("carol", committee, primary);
      PayKit dave = wallet("dave", partitioned, primary);
      Monotone bobSeen = new Monotone();

      alice.deposit(DevChain.faucetAddress(), QPC, new Amount(1000));
      dave.deposit(DevChain.faucetAddress(), QPC, new Amount(500));
      awaitBalance(alice, 1000);
      awaitBalance(dave, 500);

      // Pay and receive, across shards or not.
      SignedOrder<TransferOrder> order = alice.prepareTransfer(new Recipient.Account(bob.account()), QPC, new Amount(100), UserData.EMPTY);
      assertThat(alice.pendingOrder()).contains(order);
      Certificate first = alice.submit(order);
      assertThat(alice.submit(order)).as("a second submit of the same order is safe").isEqualTo(first);
      assertThat(alice.pendingOrder()).isEmpty();
      assertThat(alice.isConfirmed(first)).isTrue();
      bobSeen.await(bob, 100);
      assertThat(bob.receivedSince(0)).containsExactly(first);

      // Authority 2 lags: it misses dave's payment to carol.
      dave.pay(new Recipient.Account(carol.account()), QPC, new Amount(300), UserData.EMPTY);
      awaitBalance(carol, 300); // a credit to another shard arrives after the payment returns
      // With authority 3 down, carol's payment needs authority 2, which must first be caught up.
      network.authority(3).kill();
      Certificate fromCarol = carol.pay(new Recipient.Account(bob.account()), QPC, new Amount(250), UserData.EMPTY);
      assertThat(fromCarol.votes()).hasSize(3);
      bobSeen.await(bob, 350);
      network.authority(3).start();
      LocalNetworkRunner.awaitListening(committeeFile.members().get(3).shards(), network.authority(3), Duration.ofSeconds(30));
      assertThat(bobSeen.check(bob)).isEqualTo(350);

      // Authority 1 is replaced by a liar: wrong balances, forged certificates, bad votes.
      network.authority(1).close();
      try (LyingAuthority liar = new LyingAuthority(committeeFile.committee().network(), committeeFile.members().get(1).shards())) {
        assertThat(bobSeen.check(bob)).isEqualTo(350);
        Certificate third = alice.pay(new Recipient.Account(bob.account()), QPC, new Amount(25), UserData.EMPTY);
        assertThat(third.votes()).extracting(v -> v.authority()).doesNotContain(committeeFile.members().get(1).name());
        bobSeen.await(bob, 375);
        assertThat(alice.balance().of(QPC)).isEqualTo(875);

        PrimaryAddress payout = PrimaryAddress.parse("0x00000000000000000000000000000000000000b0");
        long fundsBefore = primary.status().funds().get(QPC);
        RedeemReceipt receipt = bob.redeem(QPC, new Amount(75), payout);
        assertThat(receipt.amount()).isEqualTo(new Amount(75));
        assertThat(primary.status().funds().get(QPC)).isEqualTo(fundsBefore - 75);
        assertThat(bob.balance().of(QPC)).isEqualTo(300);

        // A liar whose stream of received certificates never ends, or keeps restarting, cannot hold up a sync.
        for (LyingAuthority.Mode mode : List.of(LyingAuthority.Mode.ENDLESS_PAGES, LyingAuthority.Mode.RESETS)) {
          liar.mode = mode;
          long before = liar.pagesServed();
          assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThat(bob.balance().of(QPC)).isEqualTo(300), mode.name());
          assertThat(liar.pagesServed() - before).as("pages asked of the liar in one sync").isBetween(1L, 100L);
        }
      }
      network.authority(1).start();
      LocalNetworkRunner.awaitListening(committeeFile.members().get(1).shards(), network.authority(1), Duration.ofSeconds(30));

      // A refusal is typed and leaves nothing pending.
      PayKitException tooMuch = catchThrowableOfType(PayKitException.class,
          () -> carol.pay(new Recipient.Account(alice.account()), QPC, new Amount(51), UserData.EMPTY));
      assertThat(tooMuch.kind()).isEqualTo(PayKitException.Kind.REFUSED);
      assertThat(tooMuch.error().orElseThrow().code()).isEqualTo(io.quorumpay.core.error.ProtocolError.Code.INSUFFICIENT_BALANCE);
      assertThat(carol.pendingOrder()).isEmpty();
      partitioned.close();
    }
  }

  static void awaitBalance(PayKit wallet, long expected) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (wallet.balance().of(QPC) != expected) {
      if (System.currentTimeMillis() > deadline) {
        assertThat(wallet.balance().of(QPC)).isEqualTo(expected);
      }
      Thread.sleep(50);
    }
  }
}
