package io.quorumpay.authority;

import static io.quorumpay.authority.AuthorityNetworkTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.quorumpay.api.CreditReply;
import io.quorumpay.api.CreditRequest;
import io.quorumpay.api.ShardPeerGrpc;
import io.quorumpay.authority.config.AuthorityConfig;
import io.quorumpay.core.authority.SiblingSeal;
import io.quorumpay.core.client.VoteCollector;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.CrossShardCredit;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one faulty authority, or one careless operator, could do at an authority's edges, over real
 * gRPC on loopback and RocksDB on disk: replayed and forged cross-shard credits, strangers' TLS
 * certificates on the internal port, an overspend built on a replayed credit, and an authority
 * started on a restored copy of its data.
 */
class EdgeSafetyTest {
  static final AssetId QPC = new AssetId("QPC");
  static final Duration SETTLE = Duration.ofSeconds(20);

  @TempDir
  Path dir;


  @Test
  void aReplayedCreditIsRefusedAndTheGenuineOneStillApplies() throws Exception {
    try (InProcessNetwork network = new InProcessNetwork(dir, 4, 2);
        TestClient client = new TestClient(network.committee)) {
      TestUsers users = new TestUsers(network, client);
      KeyPair alice = users.on(0);
      KeyPair carol = users.on(1);
      users.fund(alice, 1000);
      Certificate first = client.pay(users.pay(alice, carol, 100, 0));
      users.expectBalances(carol, 100);

      AuthorityConfig config = AuthorityConfig.read(network.layout.authorityFiles().get(0));
      ManagedChannel channel = Grpc.newChannelBuilder(config.peerAddresses().get(1), InsecureChannelCredentials.create()).build();
      try {
        var peer = ShardPeerGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
        SiblingSeal own = new SiblingSeal(config.key());
        // Redelivered at its own index, the credit is acknowledged without effect.
        CreditReply again = peer.credit(users.sealed(own, 1, new CrossShardCredit(0, 1, 0, first)));
        assertThat(again.getNextIndex()).isEqualTo(1);
        // The same certificate under the next index is refused, even sealed by a sibling.
        assertRefused(() -> peer.credit(users.sealed(own, 1, new CrossShardCredit(0, 1, 1, first))),
            Status.Code.ALREADY_EXISTS, "CREDIT_REPLAYED", "already credited");
        // Anyone without this authority's key is refused before anything is read.
        SiblingSeal stranger = new SiblingSeal(AuthorityConfig.read(network.layout.authorityFiles().get(3)).key());
        assertRefused(() -> peer.credit(users.sealed(stranger, 1, new CrossShardCredit(0, 1, 1, first))),
            Status.Code.PERMISSION_DENIED, "NOT_A_SIBLING", "not this authority's");
        assertRefused(() -> peer.credit(CreditRequest.newBuilder()
                .addCredits(ByteString.copyFrom(new CrossShardCredit(0, 1, 1, first).encode())).build()),
            Status.Code.PERMISSION_DENIED, "NOT_A_SIBLING", "no seal");
      } finally {
        channel.shutdownNow();
      }
      assertThat(client.balance(0, id(carol), QPC)).isEqualTo(100);
      // The genuine next credit, which takes index 1, is not mistaken for one already applied.
      client.pay(users.pay(alice, carol, 50, 1));
      users.expectBalances(carol, 150);
      users.expectBalances(alice, 850);
      assertThat(network.fatal).isEmpty();
    }
  }

  @Test
  void withTlsTheInternalPortTrustsOnlyTheAuthoritysOwnCertificate() throws Exception {
    try (InProcessNetwork network = new InProcessNetwork(dir, 4, 2, true);
        TestClient client = new TestClient(network.committee, network.channelCredentials())) {
      TestUsers users = new TestUsers(network, client);
      KeyPair alice = users.on(0);
      KeyPair carol = users.on(1);
      users.fund(alice, 100);
      // Between shards of separate nodes the credit travels over mutual TLS with the authority's certificate.
      Certificate paid = client.pay(users.pay(alice, carol, 40, 0));
      users.expectBalances(carol, 40);

      AuthorityConfig config = AuthorityConfig.read(network.layout.authorityFiles().get(0));
      Path ca = network.layout.caFile().orElseThrow();
      Path otherAuthority = network.layout.authorityFiles().get(1).resolveSibling("tls");
      Path primary = network.layout.dir().resolve("primary/tls");
      for (Path stranger : List.of(otherAuthority, primary)) {
        ManagedChannel channel = Grpc.newChannelBuilder(config.peerAddresses().get(1), TlsChannelCredentials.newBuilder()
            .keyManager(stranger.resolve("node.crt").toFile(), stranger.resolve("node.key").toFile()).trustManager(ca.toFile())
            .build()).build();
        try {
          // Even with the right seal (which a stranger could not make), a stranger's certificate is refused.
          assertRefused(() -> ShardPeerGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                  .credit(users.sealed(new SiblingSeal(config.key()), 1, new CrossShardCredit(0, 1, 1, paid))),
              Status.Code.PERMISSION_DENIED, "NOT_A_SIBLING", "is not this authority's");
        } finally {
          channel.shutdownNow();
        }
      }
      // With the authority's own certificate the handshake passes, and a replay is still refused.
      ManagedChannel own = Grpc.newChannelBuilder(config.peerAddresses().get(1), TlsChannelCredentials.newBuilder()
          .keyManager(config.tls().cert().toFile(), config.tls().key().toFile()).trustManager(ca.toFile()).build()).build();
      try {
        assertRefused(() -> ShardPeerGrpc.newBlockingStub(own).withDeadlineAfter(5, TimeUnit.SECONDS)
                .credit(users.sealed(new SiblingSeal(config.key()), 1, new CrossShardCredit(0, 1, 1, paid))),
            Status.Code.ALREADY_EXISTS, "CREDIT_REPLAYED", null);
      } finally {
        own.shutdownNow();
      }
      users.expectBalances(carol, 40);
    }
  }

  @Test
  void oneFaultyAuthorityCannotMakeMoneyForAColludingAccount() throws Exception {
    try (InProcessNetwork network = new InProcessNetwork(dir, 4, 2);
        TestClient client = new TestClient(network.committee)) {
      TestUsers users = new TestUsers(network, client);
      KeyPair alice = users.on(0);
      KeyPair mallory = users.on(1);
      users.fund(alice, 300);
      Certificate paid = client.pay(users.pay(alice, mallory, 100, 0));
      users.expectBalances(mallory, 100);

      // Authority 3 is faulty: it replays the credit into the honest authorities' shard 1, as well as its key allows.
      KeyPair faulty = AuthorityConfig.read(network.layout.authorityFiles().get(3)).key();
      for (int honest = 0; honest < 2; honest++) {
        AuthorityConfig config = AuthorityConfig.read(network.layout.authorityFiles().get(honest));
        ManagedChannel channel = Grpc.newChannelBuilder(config.peerAddresses().get(1), InsecureChannelCredentials.create()).build();
        try {
          for (long index = 0; index < 3; index++) {
            CrossShardCredit replay = new CrossShardCredit(0, 1, index, paid);
            assertRefused(() -> ShardPeerGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .credit(users.sealed(new SiblingSeal(faulty), 1, replay)), Status.Code.PERMISSION_DENIED, "NOT_A_SIBLING", null);
          }
        } finally {
          channel.shutdownNow();
        }
      }
      // Mallory asks for 200 back on the primary: honest authorities refuse, the faulty one's vote is not a quorum.
      PrimaryAddress payout = PrimaryAddress.parse("0x00000000000000000000000000000000000000b0");
      SignedOrder<TransferOrder> overspend = users.order(mallory, new Recipient.Primary(payout), 200, 0);
      VoteCollector votes = new VoteCollector(client.committee, overspend.order());
      votes.add(Vote.sign(overspend.order(), faulty));
      for (int honest = 0; honest < 3; honest++) {
        int authority = honest;
        assertRefused(() -> client.vote(authority, overspend), null, "INSUFFICIENT_BALANCE", null);
      }
      assertThat(client.certify(overspend)).isEmpty();

      // The honest user's redeem is paid in full, and the books balance everywhere.
      Certificate redeem = client.pay(users.order(alice, new Recipient.Primary(payout), 200, 1));
      assertThat(network.primaryClient.redeem(redeem).amount()).isEqualTo(new Amount(200));
      assertThat(network.primaryClient.status().funds().get(QPC)).isEqualTo(100);
      users.expectBalances(alice, 0);
      users.expectBalances(mallory, 100);
      assertThat(network.fatal).isEmpty();
    }
  }

  @Test
  void anAuthorityRestoredFromAnOlderCopyRefusesToStartAndRecoversWithoutVotingTwice() throws Exception {
    try (InProcessNetwork network = new InProcessNetwork(dir, 4, 2);
        TestClient client = new TestClient(network.committee)) {
      TestUsers users = new TestUsers(network, client);
      KeyPair alice = users.on(0);
      KeyPair bob = users.on(1);
      users.fund(alice, 100);
      Path configFile = network.layout.authorityFiles().get(0);
      AuthorityConfig config = AuthorityConfig.read(configFile);

      // The operator backs up authority 0's data; the authority then votes.
      network.stop(0);
      Path backup = dir.resolve("backup");
      copy(config.dataDir(), backup);
      network.restart(0);
      SignedOrder<TransferOrder> first = users.pay(alice, bob, 10, 0);
      Vote voted = client.vote(0, first);

      // Restoring the backup loses that vote: the authority refuses to start on it, and says why.
      network.stop(0);
      delete(config.dataDir());
      copy(backup, config.dataDir());
      IOException refused = catchThrowableOfType(IOException.class, () -> network.start(0));
      assertThat(refused).hasMessageContaining("refuses to start").hasMessageContaining("restored from an older copy")
          .hasMessageContaining("qp authority recover");
      assertThat(AuthorityMain.run(configFile)).isEqualTo(1);

      // The documented recovery: rebuild from the signing record, then start.
      List<String> report = new ArrayList<>();
      AuthorityRecovery.recover(config, java.util.OptionalLong.empty(), Clock.systemUTC(), report::add);
      assertThat(report).anySatisfy(line -> assertThat(line).contains("shard 0: rebuilt with 1 votes"));
      network.restart(0);
      // It never signs another order at (alice, 0); the same order gets the same vote.
      assertRefused(() -> client.vote(0, users.pay(alice, bob, 20, 0)), Status.Code.ALREADY_EXISTS, "CONFLICTING_ORDER", null);
      assertThat(client.vote(0, first)).isEqualTo(voted);
      // And it catches up by itself: deposits from the primary, payments from its peers.
      client.pay(first);
      users.expectBalances(alice, 90);
      users.expectBalances(bob, 10);
      assertThat(network.fatal).isEmpty();
    }
  }

  static AccountId id(KeyPair key) {
    return new AccountId(key.publicKey());
  }

  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else if (!path.getFileName().toString().equals("LOCK")) {
          Files.copy(path, target);
        }
      }
    }
  }

  static void delete(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
