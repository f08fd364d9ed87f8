package io.quorumpay.cli;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.quorumpay.api.config.ConfigException;
import io.quorumpay.api.primary.PrimaryChain;
import io.quorumpay.authority.local.FreePorts;
import io.quorumpay.authority.local.LocalNetwork;
import io.quorumpay.authority.local.LocalNetworkRunner;
import io.quorumpay.channels.PaymentGate;
import io.quorumpay.channels.Prices;
import io.quorumpay.channels.buyer.ChannelPayer;
import io.quorumpay.channels.buyer.ChannelPolicy;
import io.quorumpay.channels.buyer.PayingClientInterceptor;
import io.quorumpay.channels.buyer.SellerAccount;
import io.quorumpay.channels.claims.ClaimPolicy;
import io.quorumpay.channels.claims.Claims;
import io.quorumpay.channels.claims.CommitteeClaimSubmitter;
import io.quorumpay.channels.claims.ControlService;
import io.quorumpay.channels.directory.CommitteeChannelDirectory;
import io.quorumpay.channels.directory.CommitteePrimaryHeight;
import io.quorumpay.channels.ledger.RocksLedger;
import io.quorumpay.channels.policy.SellerTerms;
import io.quorumpay.channels.proxy.GrpcProxy;
import io.quorumpay.channels.sample.EchoService;
import io.quorumpay.client.CommitteeClient;
import io.quorumpay.client.PayKit;
import io.quorumpay.client.PayKitException;
import io.quorumpay.client.WalletFile;
import io.quorumpay.core.client.VerifiedChannel;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.ChannelRefund;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.GroupId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.primary.DevChain;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The channels' main job, end to end: starts a local network (the dev primary chain and authorities
 * as separate processes), a sample paid service ({@link EchoService}), the paying gRPC proxy in front
 * of it (the seller's committee-backed directory, ledger, claims and control API), and a buyer whose
 * {@link PayingClientInterceptor} opens a channel on demand and pays each call; makes paid calls,
 * some concurrently on the one channel, with a claim in the middle (the buyer follows it to the next
 * nonce) and one at the end; waits until the primary passes the channel's expiration and refunds
 * the rest to the buyer; the seller redeems part of its earnings; then checks that buyer + seller +
 * channel + redeemed = deposited, that the primary holds what the committee does, and that every
 * authority reports the balances the wallets proved. Exit code 0 only if every check holds.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Start a local network, a sample paid service behind the"
    + " paying proxy and a paying buyer; make a thousand paid calls (some concurrent), claim, refund after expiration, check"
    + " the books, and stop.")
final class ChannelsDemoCommand implements Callable<Integer> {
  private static final AssetId QPC = new AssetId("QPC");
  private static final long PRICE = 10;
  private static final long DEPOSIT = 20_000;
  private static final long ESCROW = 15_000;
  private static final long REDEEM = 1_000;
  /** Seller's expiration threshold, in primary blocks (200 ms each on the dev chain). */
  private static final long THRESHOLD = 10;
  private static final int CONCURRENCY = 8;
  /** Blocks past a channel's expiration before refunding, so every authority has seen the height. */
  private static final long AUTHORITY_LAG_BLOCKS = 10;

  @Spec
  CommandSpec spec;

  @Option(names = "--calls", defaultValue = "1000", description = "Paid calls to make, 20 to 100000 (default: ${DEFAULT-VALUE}).")
  int calls;

  @Option(names = "--lifetime", defaultValue = "200", paramLabel = "BLOCKS", description = "The channel's lifetime in primary"
      + " blocks (200 ms each); the calls must fit in it (default: ${DEFAULT-VALUE}).")
  long lifetime;

  @Option(names = "--keep", description = "Keep the network's folder (logs, data) instead of deleting it.")
  boolean keep;

  private PrintWriter out;
  private Output output;
  private CommitteeClient committee;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    output = new Output(spec, false);
    if (calls < 20 || calls > 100_000 || lifetime <= 2 * THRESHOLD || lifetime > 100_000) {
      return output.error(Exit.USAGE, "use 20 to 100000 calls and a lifetime of " + (2 * THRESHOLD + 1) + " to 100000 blocks");
    }
    if ((long) calls * PRICE > ESCROW) {
      return output.error(Exit.USAGE, "at most " + ESCROW / PRICE + " calls fit in the demo's channel");
    }
    Path dir = Files.createTempDirectory("qp-channels-demo");
    try {
      LocalNetwork.Layout layout = LocalNetwork.init(dir.resolve("network"), LocalNetwork.uniqueName("channels-demo"), 4, 1, false,
          FreePorts::next);
      out.println("QuorumPay channels demo: starting the primary chain and 4 authorities as separate processes");
      out.flush();
      LocalNetworkRunner network;
      try (Progress progress = new Progress("starting", 5, output)) {
        network = LocalNetworkRunner.start(layout, dir.resolve("logs"), Duration.ofSeconds(90), name -> progress.step(name + " up"));
      }
      try (network;
          CommitteeClient committee = new NetworkOptions().withDir(layout.dir()).committeeClient();
          PrimaryChain primary = new NetworkOptions().withDir(layout.dir()).primary()) {
        this.committee = committee;
        return run(dir, primary);
      }
    } catch (PayKitException | ProtocolException | ConfigException | IOException e) {
      return output.error(Exit.UNAVAILABLE, "the demo failed: " + e.getMessage() + (keep ? "; logs in " + dir.resolve("logs") : ""));
    } finally {
      if (keep) {
        out.println("network folder kept at " + dir);
      } else {
        DemoCommand.delete(dir);
      }
    }
  }

  private int run(Path dir, PrimaryChain primary) throws Exception {
    PayKit buyer = PayKit.open(WalletFile.create(dir.resolve("wallets/buyer.json"), KeyPair.generate(new SecureRandom())),
        committee, primary);
    PayKit seller = PayKit.open(WalletFile.create(dir.resolve("wallets/seller.json"), KeyPair.generate(new SecureRandom())),
        committee, primary);
    out.printf("buyer  %s%nseller %s%n", buyer.account(), seller.account());
    buyer.deposit(DevChain.faucetAddress(), QPC, new Amount(DEPOSIT));
    DemoCommand.awaitBalance(buyer, DEPOSIT);
    out.printf("deposit: %d QPC from the primary's faucet to the buyer%n", DEPOSIT);

    GroupId group = new GroupId(Bytes.copyOf(new byte[GroupId.SIZE]));
    Prices prices = new Prices(Map.of("/" + EchoService.SAY.getFullMethodName(), PRICE), null);
    EchoService echo = new EchoService();
    Server service = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(echo.definition()).build().start();
    ManagedChannel upstream = Grpc.newChannelBuilder("127.0.0.1:" + service.getPort(), InsecureChannelCredentials.create()).build();
    SellerTerms terms = new SellerTerms(committee.committee().network(), group, seller.account(), THRESHOLD);
    ChannelId channel;
    boolean ok = true;
    try (CommitteeChannelDirectory directory = CommitteeChannelDirectory.start(seller.channelReader()::read, Duration.ofSeconds(1));
        CommitteePrimaryHeight height = CommitteePrimaryHeight.start(primary, Duration.ofMillis(100));
        RocksLedger ledger = RocksLedger.open(dir.resolve("seller-ledger"));
        CommitteeClaimSubmitter submitter = new CommitteeClaimSubmitter(seller, directory)) {
      PaymentGate gate = new PaymentGate(terms, directory, height, ledger, prices::price);
      Claims claims = new Claims(ledger, directory, height, submitter, new ClaimPolicy.Thresholds(Long.MAX_VALUE, 0));
      GrpcProxy proxy = GrpcProxy.start(new InetSocketAddress("127.0.0.1", 0), upstream, gate,
          List.of(new ControlService(claims, terms, seller.account().key(), height).bindService()));
      ManagedChannel wire = Grpc.newChannelBuilder("127.0.0.1:" + proxy.port(), InsecureChannelCredentials.create()).build();
      out.printf("sample service /sample.Echo/Say on 127.0.0.1:%d, %d QPC a call through the paying proxy on 127.0.0.1:%d%n",
          service.getPort(), PRICE, proxy.port());
      try (proxy) {
        ChannelPayer payer = new ChannelPayer(buyer, new SellerAccount(seller.account(), group, QPC),
            new ChannelPolicy(new Amount(ESCROW), lifetime, THRESHOLD, true));
        Channel paying = ClientInterceptors.intercept(wire, new PayingClientInterceptor(payer, prices::price));
        long started = System.nanoTime();
        int half = calls / 2;
        int sequential = half / 2;
        ok &= paidCalls(paying, sequential, 1);
        channel = payer.channel();
        VerifiedChannel opened = buyer.channel(channel);
        out.printf("the first call opened channel %s (%d QPC, expires at height %d); the proxy learned it from the call%n",
            channel, ESCROW, opened.expiration());
        ok &= paidCalls(paying, half - sequential, CONCURRENCY);
        out.printf("%d paid calls (%d one by one, %d on %d threads at once on the one channel)%n", half, sequential,
            half - sequential, CONCURRENCY);
        ok &= claim(claims, directory, channel, 1);
        ok &= paidCalls(paying, calls - half, CONCURRENCY);
        out.printf("%d more paid calls on %d threads: the buyer followed the claim to nonce %d%n", calls - half, CONCURRENCY,
            buyer.channel(channel).nonce().value());
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("%d paid calls served in %.1f s (%.0f calls/s, each authorization saved in the wallet before it left)%n",
            echo.served(), seconds, echo.served() / seconds);
        ok &= check("calls served", echo.served(), calls);
        ok &= claim(claims, directory, channel, 2);
      } finally {
        wire.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } finally {
      upstream.shutdownNow();
      service.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    VerifiedChannel claimed = buyer.channel(channel);
    ok &= check("channel value after the claims", claimed.value(), ESCROW - (long) calls * PRICE);
    out.printf("waiting for the primary to reach the channel's expiration (height %d)...%n", claimed.expiration());
    out.flush();
    long deadline = System.currentTimeMillis() + 2 * 200 * lifetime + 30_000;
    // Authorities vote for a refund only once their own view of the primary reaches the expiration,
    // and they follow the primary a block or so behind: wait a few blocks past it.
    while (buyer.primaryHeight() < claimed.expiration() + AUTHORITY_LAG_BLOCKS && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    Certificate refund = buyer.refundChannel(channel);
    out.printf("height %d: the buyer refunded %s QPC, the rest of the channel%n", buyer.primaryHeight(),
        ((ChannelRefund) refund.order()).amount());
    seller.redeem(QPC, new Amount(REDEEM), PrimaryAddress.parse("0x00000000000000000000000000000000000000c0"));
    out.printf("the seller redeemed %d QPC of its earnings to the primary%n", REDEEM);

    long channelValue = buyer.channel(channel).value();
    long buyerBalance = buyer.balance().of(QPC);
    long sellerBalance = seller.balance().of(QPC);
    var status = primary.status();
    long held = status.funds().getOrDefault(QPC, 0L);
    long redeemed = status.redeemed().getOrDefault(QPC, 0L);
    ok &= agree("buyer", buyer.account(), buyerBalance);
    ok &= agree("seller", seller.account(), sellerBalance);
    ok &= check("the seller's earnings", sellerBalance + redeemed, (long) calls * PRICE);
    boolean books = buyerBalance + sellerBalance + channelValue + redeemed == DEPOSIT
        && buyerBalance + sellerBalance + channelValue == held;
    ok &= books;
    out.printf("buyer %d + seller %d + channel %d + redeemed %d = deposited %d; the primary holds %d: %s%n", buyerBalance,
        sellerBalance, channelValue, redeemed, DEPOSIT, held, books ? "ok" : "MISMATCH");
    buyer.close();
    seller.close();
    out.println(ok ? "every check holds; stopping the network" : "MONEY CHECK FAILED");
    return ok ? Exit.OK : Exit.REFUSED;
  }

  /** Makes {@code count} paid calls on {@code threads} threads; false if any failed or answered wrong. */
  private boolean paidCalls(Channel paying, int count, int threads) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<byte[]>> answers = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        byte[] request = ("call " + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        answers.add(pool.submit(() -> EchoService.say(paying, request)));
      }
      boolean ok = true;
      for (int i = 0; i < count; i++) {
        try {
          byte[] answer = answers.get(i).get(60, TimeUnit.SECONDS);
          ok &= Arrays.equals(answer, ("call " + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          if (ok) {
            out.printf("FAILED: a paid call: %s%n", e.getCause() == null ? e : e.getCause());
          }
          ok = false;
        }
      }
      return ok;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Starts a claim (what {@code qp channels claim} asks the proxy) and waits until the seller's
   * directory sees its certificate move the channel to {@code nonce} (the buyer's wallet learns it
   * only from the seller's refusal of its next call).
   */
  private boolean claim(Claims claims, CommitteeChannelDirectory directory, ChannelId channel, long nonce) throws Exception {
    Claims.Outcome outcome = claims.start(channel);
    if (!(outcome instanceof Claims.Outcome.Started started)) {
      out.printf("FAILED: the claim did not start: %s%n", outcome);
      return false;
    }
    long deadline = System.currentTimeMillis() + 30_000;
    while (directory.channel(channel).orElseThrow().nonce().value() < nonce && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    long moved = directory.channel(channel).orElseThrow().nonce().value();
    out.printf("the seller claimed %d QPC at nonce %d; certified, the channel is at nonce %d%n",
        started.claim().actual(), started.claim().nonce(), moved);
    return moved >= nonce;
  }

  private boolean check(String what, long actual, long expected) {
    if (actual != expected) {
      out.printf("MISMATCH: %s: %d, not %d%n", what, actual, expected);
    }
    return actual == expected;
  }

  /** Whether every authority reports {@code expected} for {@code account}, given a few seconds for credits in flight. */
  private boolean agree(String name, AccountId account, long expected) throws InterruptedException {
    boolean ok = true;
    for (int a = 0; a < committee.size(); a++) {
      long deadline = System.currentTimeMillis() + 10_000;
      long reported;
      while (true) {
        reported = committee.accountInfo(a, account, Optional.empty(), 0, 0).join().getBalancesList().stream()
            .filter(b -> b.getAsset().equals(QPC.code())).mapToLong(b -> b.getUnits()).sum();
        if (reported == expected || System.currentTimeMillis() > deadline) {
          break;
        }
        Thread.sleep(100);
      }
      if (reported != expected) {
        ok = false;
        out.printf("MISMATCH: authority %d reports %d for the %s, its wallet proves %d%n", a, reported, name, expected);
      }
    }
    if (ok) {
      out.printf("%-6s %6d QPC (verified from certificates; all %d authorities agree)%n", name, expected, committee.size());
    }
    return ok;
  }
}
