package io.quorumpay.cli;

import io.quorumpay.api.config.ConfigException;
import io.quorumpay.api.primary.PrimaryChain;
import io.quorumpay.authority.local.FreePorts;
import io.quorumpay.authority.local.LocalNetwork;
import io.quorumpay.authority.local.LocalNetworkRunner;
import io.quorumpay.client.CommitteeClient;
import io.quorumpay.client.PayKit;
import io.quorumpay.client.PayKitException;
import io.quorumpay.client.WalletFile;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.primary.RedeemReceipt;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.UserData;
import io.quorumpay.ethereum.EthereumPrimaryChain;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The main job: starts a local network as separate processes (the primary chain and 4 authorities
 * x 2 shards, over gRPC with RocksDB; the primary is the dev chain, or with {@code --primary
 * ethereum} the QuorumPay contract on a local anvil), funds two wallets from the faucet, pays both ways, within
 * and across shards, checks a certificate offline, redeems to the primary, checks that every
 * authority agrees with the wallets, and stops the network. Exit code 0 only if every check holds.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start a local network, make real payments through it, redeem, check the books, and stop.")
final class DemoCommand implements Callable<Integer> {
  private static final AssetId QPC = new AssetId("QPC");

  @Spec
  CommandSpec spec;

  @Option(names = "--authorities", defaultValue = "4", description = "Committee size, 1 to 10 (default: ${DEFAULT-VALUE}).")
  int authorityCount;

  @Option(names = "--shards", defaultValue = "2", description = "Shards per authority, 1 to 8 (default: ${DEFAULT-VALUE}).")
  int shardCount;

  @Option(names = "--keep", description = "Keep the network's folder (logs, data) instead of deleting it.")
  boolean keep;

  @Option(names = "--primary", defaultValue = "dev", paramLabel = "dev|ethereum",
      description = "The primary chain: the dev chain, or the QuorumPay contract on a local anvil (default: ${DEFAULT-VALUE}).")
  LocalNetwork.PrimaryKind primaryKind;

  private final Map<AccountId, String> names = new LinkedHashMap<>();
  private PrintWriter out;
  private Output output;
  private CommitteeClient committee;
  private io.quorumpay.hub.Hub hub;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    output = new Output(spec, false);
    if (authorityCount < 1 || authorityCount > 10 || shardCount < 1 || shardCount > 8) {
      return output.error(Exit.USAGE, "use 1 to 10 authorities and 1 to 8 shards");
    }
    Path dir = Files.createTempDirectory("qp-demo");
    try {
      LocalNetwork.Layout layout = LocalNetwork.init(dir.resolve("network"), LocalNetwork.uniqueName("demo"), authorityCount,
          shardCount, false, primaryKind, FreePorts::next);
      out.printf("QuorumPay demo: starting %s and %d authorities x %d shards as separate processes%n",
          primaryKind == LocalNetwork.PrimaryKind.ETHEREUM ? "anvil (deploying the QuorumPay contract)" : "the primary chain",
          authorityCount, shardCount);
      out.flush();
      LocalNetworkRunner network;
      try (Progress progress = new Progress("starting", authorityCount + 1, output)) {
        network = LocalNetworkRunner.start(layout, dir.resolve("logs"), Duration.ofSeconds(90), name -> progress.step(name + " up"));
      }
      java.util.List<AutoCloseable> hubParts = new java.util.ArrayList<>();
      try (network;
          CommitteeClient committee = new NetworkOptions().withDir(layout.dir()).committeeClient();
          PrimaryChain primary = new NetworkOptions().withDir(layout.dir()).primary()) {
        this.committee = committee;
        startHub(dir, layout, hubParts);
        return run(dir, primary);
      } finally {
        hubParts.forEach(HubCommand::closeQuietly);
      }
    } catch (PayKitException | ProtocolException | ConfigException | IOException e) {
      return output.error(Exit.UNAVAILABLE, "the demo failed: " + e.getMessage() + (keep ? "; logs in " + dir.resolve("logs") : ""));
    } finally {
      if (keep) {
        out.println("network folder kept at " + dir);
      } else {
        delete(dir);
      }
    }
  }

  /** The hub beside the network, on a free port; the demo goes on without it if it cannot start (no PostgreSQL). */
  private void startHub(Path dir, LocalNetwork.Layout layout, java.util.List<AutoCloseable> parts) {
    try {
      // Its PostgreSQL runs as the postgres user when the demo runs as root: the folder must let it through.
      Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      hub = HubCommand.start(new NetworkOptions().withDir(layout.dir()), HubCommand.Settings.local("127.0.0.1:0"), parts);
      parts.add(0, hub);
      out.printf("the hub serves at %s%n", hub.address());
    } catch (IOException | ConfigException | RuntimeException e) {
      parts.forEach(HubCommand::closeQuietly);
      parts.clear();
      hub = null;
      out.printf("the hub did not start (%s); going on without it%n", e.getMessage());
    }
  }

  /** What the hub (never trusted) reports of {@code wallet}, compared with its verified balance and its history. */
  private boolean checkHub(PayKit wallet, int historyEntries) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    String account = wallet.account().hex();
    long deadline = System.currentTimeMillis() + 20_000;
    com.fasterxml.jackson.databind.JsonNode history;
    do {
      history = io.quorumpay.hub.http.JsonBodies.MAPPER.readTree(http.send(java.net.http.HttpRequest.newBuilder(
          hub.address().resolve("/v1/accounts/" + account + "/history")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body()).path("items");
      if (history.size() < historyEntries) {
        Thread.sleep(200);
      }
    } while (history.size() < historyEntries && System.currentTimeMillis() < deadline);
    long reported = io.quorumpay.hub.http.JsonBodies.MAPPER.readTree(http.send(java.net.http.HttpRequest.newBuilder(
        hub.address().resolve("/v1/accounts/" + account)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body())
        .path("balances").path(QPC.code()).asLong();
    long verified = wallet.balance().of(QPC);
    boolean ok = history.size() == historyEntries && reported == verified;
    out.printf("the hub indexed %d history entries of %s and reports %d QPC (verified: %d): %s%n", history.size(),
        names.get(wallet.account()), reported, verified, ok ? "ok" : "MISMATCH");
    return ok;
  }

  private int run(Path dir, PrimaryChain primary) throws Exception {
    long quorum = committee.committee().quorumThreshold();
    out.printf("network up; a certificate needs weight %d of %d%n", quorum, committee.committee().totalWeight());
    if (primary instanceof EthereumPrimaryChain ethereum) {
      out.printf("the QuorumPay contract is at %s on chain %d; a deposit counts %d blocks deep%n", ethereum.contractAddress(),
          ethereum.chainId(), committee.depositConfirmations());
    }
    PrimaryAddress faucet = NetworkOptions.defaultDepositor(primary);
    PayKit alice = wallet(dir, "alice", 0, primary);
    PayKit bob = wallet(dir, "bob", 1 % shardCount, primary);
    PayKit carol = wallet(dir, "carol", 0, primary);
    for (PayKit wallet : new PayKit[] {alice, bob}) {
      var receipt = wallet.deposit(faucet, QPC, new Amount(1000));
      awaitBalance(wallet, 1000);
      out.printf("deposit #%d: 1000 QPC from the primary %s to %s%n", receipt.deposit().index(),
          primary instanceof EthereumPrimaryChain ? "account " + faucet : "faucet", names.get(wallet.account()));
    }
    Certificate proof = pay(alice, bob, 250);
    pay(bob, alice, 100);
    pay(alice, carol, 75);
    pay(carol, bob, 25);

    VerifiedCertificate.check(proof, committee.committee());
    out.printf("certificate %s checked offline: %d valid votes, %d bytes, confirmed by a quorum: %s%n", proof.key(),
        proof.votes().size(), proof.encode().length, alice.isConfirmed(proof));

    PrimaryAddress payout = PrimaryAddress.parse("0x00000000000000000000000000000000000000b0");
    RedeemReceipt receipt = bob.redeem(QPC, new Amount(120), payout);
    out.printf("bob redeemed %s QPC to %s; the primary paid it once%n", receipt.amount(), receipt.to());

    boolean ok = true;
    if (primary instanceof EthereumPrimaryChain ethereum) {
      BigInteger unit = ethereum.assets().get(QPC).unit();
      BigInteger paid = ethereum.etherBalance(payout);
      ok = paid.equals(unit.multiply(BigInteger.valueOf(120)));
      out.printf("on Ethereum, %s holds %s wei (120 QPC at %s wei each), countersigned by the committee: %s%n", payout, paid,
          unit, ok ? "ok" : "MISMATCH");
    }
    long total = 0;
    for (PayKit wallet : new PayKit[] {alice, bob, carol}) {
      long balance = wallet.balance().of(QPC);
      total += balance;
      out.printf("%-5s %5d QPC (verified from certificates and deposits)%n", names.get(wallet.account()), balance);
      for (int a = 0; a < committee.size(); a++) {
        long reported = reportedBalance(a, wallet.account(), balance);
        if (reported != balance) {
          ok = false;
          out.printf("MISMATCH: authority %d reports %d for %s%n", a, reported, names.get(wallet.account()));
        }
      }
    }
    var status = primary.status();
    long held = status.funds().getOrDefault(QPC, 0L);
    long redeemed = status.redeemed().getOrDefault(QPC, 0L);
    ok &= total == held && total + redeemed == 2000;
    out.printf("every authority agrees; balances %d + redeemed %d = deposited 2000; the primary holds %d: %s%n", total, redeemed,
        held, ok ? "ok" : "MISMATCH");
    if (hub != null) {
      // alice: her deposit, 250 to bob, 100 from bob, 75 to carol.
      ok &= checkHub(alice, 4);
    }
    for (PayKit wallet : new PayKit[] {alice, bob, carol}) {
      wallet.close();
    }
    out.println(ok ? "stopping the network" : "MONEY CHECK FAILED");
    return ok ? Exit.OK : Exit.REFUSED;
  }

  /** A fresh wallet whose account lives on {@code shard}. */
  private PayKit wallet(Path dir, String name, int shard, PrimaryChain primary) throws IOException, PayKitException {
    KeyPair key;
    do {
      key = KeyPair.generate(new SecureRandom());
    } while (committee.shardOf(new AccountId(key.publicKey())) != shard);
    PayKit wallet = PayKit.open(WalletFile.create(dir.resolve("wallets/" + name + ".json"), key), committee, primary);
    names.put(wallet.account(), name);
    out.printf("%-5s %s (shard %d)%n", name, wallet.account(), shard);
    return wallet;
  }

  private Certificate pay(PayKit from, PayKit to, long amount) throws PayKitException {
    Certificate certificate = from.pay(new Recipient.Account(to.account()), QPC, new Amount(amount), UserData.EMPTY);
    String where = committee.shardOf(from.account()) == committee.shardOf(to.account()) ? "within a shard" : "across shards";
    out.printf("%s -> %s: %d QPC (%s), certified by %d of %d authorities%n", names.get(from.account()), names.get(to.account()),
        amount, where, certificate.votes().size(), committee.size());
    return certificate;
  }

  /** What an authority reports, given a few seconds to receive cross-shard credits still in flight. */
  private long reportedBalance(int authority, AccountId account, long expected) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      long reported = committee.accountInfo(authority, account, Optional.empty(), 0, 0).join().getBalancesList().stream()
          .filter(b -> b.getAsset().equals(QPC.code())).mapToLong(b -> b.getUnits()).sum();
      if (reported == expected || System.currentTimeMillis() > deadline) {
        return reported;
      }
      Thread.sleep(100);
    }
  }

  /** Waits up to 30 s until {@code wallet} has verified at least {@code expected} QPC. */
  static void awaitBalance(PayKit wallet, long expected) throws PayKitException, InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (wallet.balance().of(QPC) < expected && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
  }

  /** Deletes a temporary folder, best effort. */
  static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary folder is harmless.
    }
  }
}
