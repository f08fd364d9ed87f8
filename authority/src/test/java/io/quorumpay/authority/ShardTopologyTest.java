package io.quorumpay.authority;

import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.primary.ChainStatus;
import io.quorumpay.api.primary.DepositReceipt;
import io.quorumpay.api.primary.PrimaryChain;
import io.quorumpay.authority.config.AuthorityConfig;
import io.quorumpay.authority.local.FreePorts;
import io.quorumpay.authority.local.LocalNetwork;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.primary.RedeemReceipt;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import io.quorumpay.primary.DevChain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shards of one authority in separate processes (nodes), a shard that is down, and a primary that misbehaves. */
class ShardTopologyTest {
  static final AssetId QPC = new AssetId("QPC");
  static final Duration SETTLE = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  /** One config per shard of authority 0: the same authority, each node running one shard. */
  List<AuthorityConfig> perShardConfigs(LocalNetwork.Layout layout) throws Exception {
    List<AuthorityConfig> configs = new ArrayList<>();
    Path file = layout.authorityFiles().get(0);
    for (int shard = 0; shard < 2; shard++) {
      Path perShard = file.resolveSibling("shard-" + shard + ".yaml");
      Files.writeString(perShard, Files.readString(file) + "shards: [" + shard + "]\n");
      configs.add(AuthorityConfig.read(perShard));
    }
    return configs;
  }

  @Test
  void shardsInSeparateNodesExchangeCreditsAndADownShardOnlyDelaysThem() throws Exception {
    LocalNetwork.Layout layout = LocalNetwork.init(dir.resolve("net"), "topology", 1, 2, false, FreePorts::next);
    CommitteeFile committee = CommitteeFile.read(layout.committeeFile());
    List<AuthorityConfig> configs = perShardConfigs(layout);
    try (DevChain chain = DevChain.open(dir.resolve("chain"), committee.committee());
        TestClient client = new TestClient(committee)) {
      AuthorityNode shard0 = AuthorityNode.start(configs.get(0), chain, e -> { });
      AuthorityNode shard1 = AuthorityNode.start(configs.get(1), chain, e -> { });
      KeyPair alice = userOn(client, 0);
      KeyPair bob = userOn(client, 1);
      chain.deposit(DevChain.faucetAddress(), id(alice), QPC, new Amount(100));
      chain.produceBlock();
      Eventually.within(SETTLE, () -> assertThat(client.balance(0, id(alice), QPC)).isEqualTo(100));

      client.pay(transfer(client, alice, bob, 30, 0));
      Eventually.within(SETTLE, () -> assertThat(client.balance(0, id(bob), QPC)).isEqualTo(30));

      shard1.close();
      client.pay(transfer(client, alice, bob, 20, 1));
      assertThat(client.balance(0, id(alice), QPC)).isEqualTo(50);
      shard1 = AuthorityNode.start(configs.get(1), chain, e -> { });
      Eventually.within(SETTLE, () -> assertThat(client.balance(0, id(bob), QPC)).isEqualTo(50));
      assertThat(client.info(0, id(bob)).getReceivedTotal()).isEqualTo(2);
      shard1.close();
      shard0.close();
    }
  }

  @Test
  void aPrimaryAnsweringWithRepeatsAndGapsCreditsEachDepositOnceInOrder() throws Exception {
    LocalNetwork.Layout layout = LocalNetwork.init(dir.resolve("net"), "byzantine-primary", 1, 1, false, FreePorts::next);
    CommitteeFile committee = CommitteeFile.read(layout.committeeFile());
    try (DevChain chain = DevChain.open(dir.resolve("chain"), committee.committee());
        TestClient client = new TestClient(committee)) {
      KeyPair alice = KeyPair.generate(new SecureRandom());
      for (int i = 1; i <= 5; i++) {
        chain.deposit(DevChain.faucetAddress(), id(alice), QPC, new Amount(i));
      }
      chain.produceBlock();
      Scrambled scrambled = new Scrambled(chain, new java.util.concurrent.atomic.AtomicInteger());
      try (AuthorityNode node = AuthorityNode.start(AuthorityConfig.read(layout.authorityFiles().get(0)), scrambled, e -> { })) {
        Eventually.within(SETTLE, () -> assertThat(client.balance(0, id(alice), QPC)).isEqualTo(15));
        // Three more polls answered with repeats and gaps change nothing.
        int polls = scrambled.calls().get();
        Eventually.within(SETTLE, () -> assertThat(scrambled.calls().get()).isGreaterThanOrEqualTo(polls + 3));
        assertThat(client.balance(0, id(alice), QPC)).isEqualTo(15);
        assertThat(scrambled.calls().get()).as("one deposit per poll: repeats skipped, gaps waited out").isGreaterThanOrEqualTo(5);
      }
      // After a restart the cursor is where it was: nothing is credited twice.
      Scrambled again = new Scrambled(chain, new java.util.concurrent.atomic.AtomicInteger());
      try (AuthorityNode node = AuthorityNode.start(AuthorityConfig.read(layout.authorityFiles().get(0)), again, e -> { })) {
        Eventually.within(SETTLE, () -> assertThat(again.calls().get()).isGreaterThanOrEqualTo(3));
        assertThat(client.balance(0, id(alice), QPC)).isEqualTo(15);
      }
    }
  }

  @Test
  void aBugInABackgroundLoopStopsTheShardLoudlyInsteadOfRetryingForever() throws Exception {
    LocalNetwork.Layout layout = LocalNetwork.init(dir.resolve("buggy"), "buggy-follower", 1, 1, false, FreePorts::next);
    CommitteeFile committee = CommitteeFile.read(layout.committeeFile());
    try (DevChain chain = DevChain.open(dir.resolve("buggy-chain"), committee.committee())) {
      java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
      // A follower whose primary interface throws what only a bug throws (not an I/O failure, not a refusal).
      List<Throwable> fatal = new java.util.concurrent.CopyOnWriteArrayList<>();
      PrimaryChain broken = (PrimaryChain) java.lang.reflect.Proxy.newProxyInstance(PrimaryChain.class.getClassLoader(),
          new Class<?>[] {PrimaryChain.class}, (proxy, method, args) -> {
            if (method.getName().equals("confirmedDeposits")) {
              calls.incrementAndGet();
              throw new NullPointerException("a bug");
            }
            return method.invoke(chain, args);
          });
      try (AuthorityNode node = AuthorityNode.start(AuthorityConfig.read(layout.authorityFiles().get(0)), broken, fatal::add)) {
        Eventually.within(SETTLE, () -> assertThat(fatal).hasSize(1));
        assertThat(fatal.get(0)).isInstanceOf(NullPointerException.class).hasMessage("a bug");
        int after = calls.get();
        Thread.sleep(1000);
        assertThat(calls.get()).as("the follower stopped at the bug").isEqualTo(after).isEqualTo(1);
      }
    }
  }

  /** A primary that answers with the previous deposit again, the one asked for, then one past a gap. */
  record Scrambled(PrimaryChain chain, java.util.concurrent.atomic.AtomicInteger calls) implements PrimaryChain {
    @Override
    public List<PrimaryDeposit> confirmedDeposits(long from, int limit, int confirmations) throws IOException {
      List<PrimaryDeposit> scrambled = new ArrayList<>();
      if (from > 0) {
        scrambled.addAll(chain.confirmedDeposits(from - 1, 1, confirmations));
      }
      scrambled.addAll(chain.confirmedDeposits(from, 1, confirmations));
      scrambled.addAll(chain.confirmedDeposits(from + 2, 1, confirmations));
      calls.incrementAndGet();
      return scrambled;
    }

    @Override
    public DepositReceipt deposit(PrimaryAddress depositor, AccountId recipient, AssetId asset, Amount amount)
        throws ProtocolException, IOException {
      return chain.deposit(depositor, recipient, asset, amount);
    }

    @Override
    public RedeemReceipt redeem(Certificate certificate) throws ProtocolException, IOException {
      return chain.redeem(certificate);
    }

    @Override
    public ChainStatus status() throws IOException {
      return chain.status();
    }

    @Override
    public java.util.OptionalLong lastRedeemed(io.quorumpay.core.types.AccountId sender) throws IOException {
      return chain.lastRedeemed(sender);
    }

    @Override
    public void close() {}
  }

  static AccountId id(KeyPair key) {
    return new AccountId(key.publicKey());
  }

  static KeyPair userOn(TestClient client, int shard) {
    while (true) {
      KeyPair key = KeyPair.generate(new SecureRandom());
      if (client.assignment.shardOf(id(key)) == shard) {
        return key;
      }
    }
  }

  static SignedOrder<TransferOrder> transfer(TestClient client, KeyPair from, KeyPair to, long amount, long sequence) {
    return SignedOrder.sign(new TransferOrder(client.committee.network(), id(from), new Recipient.Account(id(to)), QPC,
        new Amount(amount), new SequenceNumber(sequence), UserData.EMPTY), from);
  }
}
