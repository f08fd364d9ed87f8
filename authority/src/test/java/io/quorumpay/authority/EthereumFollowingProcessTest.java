package io.quorumpay.authority;

import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.primary.DepositReceipt;
import io.quorumpay.authority.config.AuthorityConfig;
import io.quorumpay.authority.local.FreePorts;
import io.quorumpay.authority.local.LocalNetwork;
import io.quorumpay.authority.local.LocalNetworkRunner;
import io.quorumpay.authority.local.NodeProcess;
import io.quorumpay.core.authority.ShardConfig;
import io.quorumpay.core.authority.ShardProgress;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import io.quorumpay.ethereum.Anvil;
import io.quorumpay.ethereum.EthereumNetworkFile;
import io.quorumpay.ethereum.EthereumPrimaryChain;
import io.quorumpay.storage.ShardStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authorities following Ethereum (real processes, anvil, RocksDB on disk). With their node down
 * they start and serve payments anyway, and follow the contract's deposits once the node answers;
 * a node that answers as another chain, or without this committee's contract, stops an authority
 * with a clear error. An authority stopped and started again resumes from its stored cursor and
 * scan block: every deposit credited once, those made while it was down included.
 */
class EthereumFollowingProcessTest {
  static final AssetId QPC = new AssetId("QPC");
  static final Duration SETTLE = Duration.ofSeconds(60);
  static final SecureRandom RANDOM = new SecureRandom();

  @TempDir
  Path dir;

  final List<AutoCloseable> running = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    for (AutoCloseable closeable : running.reversed()) {
      closeable.close();
    }
  }

  LocalNetwork.Layout layout() throws Exception {
    return LocalNetwork.init(dir.resolve("net"), LocalNetwork.uniqueName("node-down"), 4, 1, false,
        LocalNetwork.PrimaryKind.ETHEREUM, FreePorts::next);
  }

  NodeProcess authority(LocalNetwork.Layout layout, int a) throws Exception {
    NodeProcess node = NodeProcess.authority("authority-" + a, layout.authorityFiles().get(a),
        dir.resolve("logs/authority-" + a + ".log")).start();
    running.add(node);
    return node;
  }

  /** anvil as qp up runs it: on the network's port, from (and saving to) its state file. */
  static Anvil anvil(EthereumNetworkFile file) throws Exception {
    EthereumNetworkFile.LocalAnvil local = file.anvil().orElseThrow();
    return Anvil.start(URI.create(file.settings().endpoint()).getPort(), List.of("--block-time",
        Integer.toString(local.blockSeconds()), "--state", local.state().toString(), "--state-interval", "1"));
  }

  static AccountId id(KeyPair key) {
    return new AccountId(key.publicKey());
  }

  static void assertBalances(TestClient client, Map<AccountId, Long> expected) throws Exception {
    for (int a = 0; a < client.size(); a++) {
      int authority = a;
      Eventually.within(SETTLE, () -> {
        for (Map.Entry<AccountId, Long> entry : expected.entrySet()) {
          assertThat(client.balance(authority, entry.getKey(), QPC)).as("authority %d, %s", authority, entry.getKey())
              .isEqualTo(entry.getValue());
        }
      });
    }
  }

  @Test
  void authoritiesStartAndServePaymentsWithTheNodeDownAndFollowOnceItAnswers() throws Exception {
    LocalNetwork.Layout layout = layout();
    CommitteeFile committee = CommitteeFile.read(layout.committeeFile());
    EthereumNetworkFile file = EthereumNetworkFile.read(layout.primaryFile());
    KeyPair alice = KeyPair.generate(RANDOM);
    KeyPair bob = KeyPair.generate(RANDOM);
    try (TestClient client = new TestClient(committee)) {
      // A network that ran: alice's deposit credited everywhere; then everything stopped, anvil included.
      try (LocalNetworkRunner network = LocalNetworkRunner.start(layout, dir.resolve("logs"), SETTLE, name -> { });
          EthereumPrimaryChain chain = file.settings().connect(committee.committee(), file.account(), null)) {
        chain.deposit(chain.account(), id(alice), QPC, new Amount(1_000));
        assertBalances(client, Map.of(id(alice), 1_000L));
      }

      // The authorities start without their node, and serve payments.
      List<NodeProcess> nodes = new ArrayList<>();
      for (int a = 0; a < 4; a++) {
        nodes.add(authority(layout, a));
      }
      for (int a = 0; a < 4; a++) {
        int authority = a;
        Eventually.within(SETTLE, () -> assertThat(client.healthy(authority)).as("authority %d serves", authority).isTrue());
      }
      client.pay(SignedOrder.sign(new TransferOrder(committee.committee().network(), id(alice),
          new Recipient.Account(id(bob)), QPC, new Amount(300), new SequenceNumber(0), UserData.EMPTY), alice));
      assertBalances(client, Map.of(id(alice), 700L, id(bob), 300L));
      assertThat(nodes).allMatch(NodeProcess::isAlive);

      // The node comes up (its chain reloaded): they follow it from where they were, alice's deposit not again.
      running.add(anvil(file));
      try (EthereumPrimaryChain chain = file.settings().connect(committee.committee(), file.account(), null)) {
        chain.deposit(chain.account(), id(bob), QPC, new Amount(50));
      }
      assertBalances(client, Map.of(id(alice), 700L, id(bob), 350L));
      assertThat(Files.readString(nodes.get(0).log())).contains("serving payments and waiting for it")
          .contains("connected to the primary chain");
    }
  }

  /** The stored progress of {@code layout}'s authority {@code a} (shard 0), read while it is stopped. */
  static ShardProgress stored(LocalNetwork.Layout layout, CommitteeFile committee, int a) throws Exception {
    AuthorityConfig config = AuthorityConfig.read(layout.authorityFiles().get(a));
    ShardConfig shard = new ShardConfig(committee.committee(), config.key(), 0, committee.shardCount());
    try (ShardStore store = ShardStore.open(config.dataDir().resolve("shard-0"), shard)) {
      return store.load(shard).progress();
    }
  }

  @Test
  void aStoppedAuthorityResumesFromItsCursorAndScanBlockCreditingEachDepositOnce() throws Exception {
    LocalNetwork.Layout layout = layout();
    CommitteeFile committee = CommitteeFile.read(layout.committeeFile());
    EthereumNetworkFile file = EthereumNetworkFile.read(layout.primaryFile());
    AccountId alice = id(KeyPair.generate(RANDOM));
    AccountId bob = id(KeyPair.generate(RANDOM));
    AccountId carol = id(KeyPair.generate(RANDOM));
    try (TestClient client = new TestClient(committee);
        LocalNetworkRunner network = LocalNetworkRunner.start(layout, dir.resolve("logs"), SETTLE, name -> { });
        EthereumPrimaryChain chain = file.settings().connect(committee.committee(), file.account(), null)) {
      long first = chain.status().depositCount();
      chain.deposit(chain.account(), alice, QPC, new Amount(100));
      DepositReceipt toBob = chain.deposit(chain.account(), bob, QPC, new Amount(200));
      assertBalances(client, Map.of(alice, 100L, bob, 200L));

      // Stopped, authority 2 stored its cursor with the block of the last deposit it applied.
      network.authority(2).close();
      ShardProgress stopped = stored(layout, committee, 2);
      assertThat(stopped.nextDepositIndex()).isEqualTo(first + 2);
      assertThat(stopped.depositScanFrom()).isEqualTo(toBob.block()).isGreaterThan(file.settings().fromBlock());

      // Deposits while it is down; started again, it takes those and no other.
      chain.deposit(chain.account(), carol, QPC, new Amount(30));
      DepositReceipt last = chain.deposit(chain.account(), alice, QPC, new Amount(5));
      network.authority(2).start();
      assertBalances(client, Map.of(alice, 105L, bob, 200L, carol, 30L));
      network.authority(2).close();
      ShardProgress resumed = stored(layout, committee, 2);
      assertThat(resumed.nextDepositIndex()).isEqualTo(first + 4);
      assertThat(resumed.depositScanFrom()).isEqualTo(last.block());
      assertThat(resumed.deposited()).containsEntry(QPC, 335L);
    }
  }

  @Test
  void aNodeOnAnotherChainOrWithoutTheContractStopsTheAuthorityWithAClearError() throws Exception {
    LocalNetwork.Layout layout = layout();
    EthereumNetworkFile file = EthereumNetworkFile.read(layout.primaryFile());
    // A fresh anvil on the network's port: the right chain, but nothing deployed at the contract's address.
    running.add(anvil(file));
    NodeProcess noContract = authority(layout, 0);
    Eventually.within(SETTLE, () -> assertThat(noContract.isAlive()).isFalse());
    assertThat(Files.readString(noContract.log())).contains("error: cannot follow the primary chain: there is no contract at "
        + file.settings().contract());

    // The same authority configured for chain 1, which the node is not on.
    Path config = layout.authorityFiles().get(1);
    String yaml = Files.readString(config);
    assertThat(yaml).contains("chainId: " + Anvil.CHAIN_ID);
    Files.writeString(config, yaml.replace("chainId: " + Anvil.CHAIN_ID, "chainId: 1"));
    NodeProcess otherChain = authority(layout, 1);
    Eventually.within(SETTLE, () -> assertThat(otherChain.isAlive()).isFalse());
    assertThat(Files.readString(otherChain.log())).contains("error: cannot follow the primary chain: the Ethereum node at "
        + file.settings().endpoint() + " is on chain " + Anvil.CHAIN_ID + ", not the configured 1");
  }
}
