package io.quorumpay.conformance;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.PrimaryDeposit;
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
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Four scripted authorities (one shard each) and a scripted primary on loopback, for one scenario. */
final class ScenarioNetwork implements AutoCloseable {
  static final NetworkId NETWORK = NetworkId.named("conformance");
  static final AssetId QPC = new AssetId("QPC");

  final List<KeyPair> authorityKeys = new ArrayList<>();
  final Committee committee;
  final List<ScriptedAuthority> authorities = new ArrayList<>();
  final ScriptedPrimary primary = new ScriptedPrimary();
  final KeyPair wallet = seeded(1);
  final AccountId account = new AccountId(wallet.publicKey());
  private final List<Server> servers = new ArrayList<>();
  private final String committeeYaml;
  private final String primaryEndpoint;

  ScenarioNetwork() throws IOException {
    for (int i = 0; i < 4; i++) {
      authorityKeys.add(seeded(100 + i));
    }
    committee = Committee.equalWeights(NETWORK, authorityKeys.stream().map(k -> new AuthorityName(k.publicKey())).toList());
    List<CommitteeFile.Member> members = new ArrayList<>();
    for (KeyPair key : authorityKeys) {
      ScriptedAuthority authority = new ScriptedAuthority(key);
      Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(authority).build().start();
      servers.add(server);
      authorities.add(authority);
      members.add(new CommitteeFile.Member(new AuthorityName(key.publicKey()), 1, List.of("127.0.0.1:" + server.getPort())));
    }
    Server primaryServer = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(primary).build().start();
    servers.add(primaryServer);
    primaryEndpoint = "127.0.0.1:" + primaryServer.getPort();
    Path file = Files.createTempFile("committee", ".yaml");
    CommitteeFile.write(file, "0x" + NETWORK, 1, members);
    committeeYaml = Files.readString(file);
    Files.delete(file);
  }

  static KeyPair seeded(int n) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) n);
    return KeyPair.fromSeed(seed);
  }

  String committeeYaml() {
    return committeeYaml;
  }

  String primaryEndpoint() {
    return primaryEndpoint;
  }

  /** A genuine certificate: {@code sender} pays {@code recipient} at {@code sequence}, voted by three authorities. */
  Certificate certificate(KeyPair sender, Recipient recipient, long amount, long sequence) {
    TransferOrder order = new TransferOrder(NETWORK, new AccountId(sender.publicKey()), recipient, QPC, new Amount(amount),
        new SequenceNumber(sequence), UserData.EMPTY);
    return new Certificate(order, authorityKeys.subList(0, 3).stream().map(k -> Vote.sign(order, k).toSignature())
        .sorted(Comparator.comparing(VoteSignature::authority)).toList());
  }

  /** A payment to the wallet under test. */
  Certificate credit(int sender, long amount, long sequence) {
    return certificate(seeded(10 + sender), new Recipient.Account(account), amount, sequence);
  }

  PrimaryDeposit deposit(long index, long amount) {
    byte[] depositor = new byte[PrimaryAddress.SIZE];
    depositor[0] = 7;
    return new PrimaryDeposit(NETWORK, index, new PrimaryAddress(Bytes.copyOf(depositor)), account, QPC, new Amount(amount));
  }

  @Override
  public void close() {
    for (Server server : servers) {
      server.shutdownNow();
      try {
        server.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
