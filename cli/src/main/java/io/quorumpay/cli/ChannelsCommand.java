package io.quorumpay.cli;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.quorumpay.channels.PaymentGate;
import io.quorumpay.channels.PriceFile;
import io.quorumpay.channels.api.ChannelControlGrpc;
import io.quorumpay.channels.api.ClaimInfo;
import io.quorumpay.channels.api.ClaimsReply;
import io.quorumpay.channels.claims.ClaimKeeper;
import io.quorumpay.channels.claims.ClaimPolicy;
import io.quorumpay.channels.claims.Claims;
import io.quorumpay.channels.claims.CommitteeClaimSubmitter;
import io.quorumpay.channels.claims.ControlRequests;
import io.quorumpay.channels.claims.ControlService;
import io.quorumpay.channels.directory.CommitteeChannelDirectory;
import io.quorumpay.channels.directory.CommitteePrimaryHeight;
import io.quorumpay.channels.ledger.RocksLedger;
import io.quorumpay.channels.policy.SellerTerms;
import io.quorumpay.channels.proxy.GrpcProxy;
import io.quorumpay.channels.proxy.HttpProxy;
import io.quorumpay.client.PayKit;
import io.quorumpay.client.PayKitException;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.text.TextFormException;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.GroupId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code qp channels …}: the seller's side of payment channels (docs/CHANNELS.md). */
@Command(name = "channels", mixinStandardHelpOptions = true,
    description = "The seller's side of payment channels: a proxy that charges each call through channels, its claims; and a demo"
        + " of the whole story.",
    subcommands = {ChannelsCommand.Proxy.class, ChannelsCommand.Claim.class, ChannelsCommand.Unclaimed.class, ChannelsDemoCommand.class})
final class ChannelsCommand {
  private ChannelsCommand() {}

  /** How often the proxy reads its watched channels again. */
  static final Duration REFRESH = Duration.ofSeconds(5);
  /** How often the proxy reads the primary's height: often enough that control requests (within 5 blocks) stay fresh. */
  static final Duration HEIGHT_REFRESH = Duration.ofMillis(250);
  /** How often the automatic claim policy runs. */
  static final Duration CLAIM_INTERVAL = Duration.ofMinutes(1);

  /** {@code HOST:PORT}, or a typed error naming {@code option}. */
  static InetSocketAddress hostPort(String option, String text) throws ProtocolException {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new ProtocolException(new ProtocolError.Malformed(option, "is HOST:PORT, not " + text));
    }
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 0 || port > 65_535) {
        throw new ProtocolException(new ProtocolError.Malformed(option, "has a port from 0 to 65535, not " + port));
      }
      return InetSocketAddress.createUnresolved(text.substring(0, colon), port);
    } catch (NumberFormatException e) {
      throw new ProtocolException(new ProtocolError.Malformed(option, "is HOST:PORT, not " + text));
    }
  }

  @Command(name = "proxy", mixinStandardHelpOptions = true, description = "Serve an upstream service (gRPC, or HTTP with --http)"
      + " charging each call through payment channels to this wallet's account, and claim what is paid through the committee."
      + " Runs until stopped.")
  static final class Proxy extends WalletCommand {
    @Option(names = "--upstream", required = true, paramLabel = "HOST:PORT", description = "The service to charge for.")
    String upstreamText;

    @Option(names = "--prices", required = true, paramLabel = "FILE", description = "Prices per method (YAML; reloaded when it"
        + " changes; docs/CHANNELS.md).")
    Path pricesFile;

    @Option(names = "--listen", defaultValue = "127.0.0.1:8443", paramLabel = "HOST:PORT",
        description = "Where buyers call (default: ${DEFAULT-VALUE}).")
    String listenText;

    @Option(names = "--http", description = "Proxy HTTP instead of gRPC.")
    boolean http;

    @Option(names = "--control", defaultValue = "127.0.0.1:8444", paramLabel = "HOST:PORT", description = "With --http, where"
        + " the control API (claims, buyers' channel state) listens (default: ${DEFAULT-VALUE}); a gRPC proxy serves it on its"
        + " own port.")
    String controlText;

    @Option(names = "--ledger", defaultValue = "qp-data/channels-ledger", paramLabel = "DIR",
        description = "Where the channels' payments are kept (RocksDB; default: ${DEFAULT-VALUE}).")
    Path ledgerDir;

    @Option(names = "--group", paramLabel = "HEX", description = "This service's group id, 64 hex digits (default: zeros).")
    String groupText;

    @Option(names = "--channel", paramLabel = "ID:SENDER", description = "A channel to serve, with its sender's account (as"
        + " the buyer announces it; the account as qp1… or hex); repeatable.")
    List<String> channelTexts = new ArrayList<>();

    @Option(names = "--expiration-threshold", defaultValue = "40", paramLabel = "BLOCKS", description = "Stop serving and"
        + " claim a channel this many primary blocks before it expires (default: ${DEFAULT-VALUE}).")
    long threshold;

    @Option(names = "--claim-at", defaultValue = "100000", paramLabel = "UNITS", description = "Claim a channel once this much"
        + " is unclaimed on it (default: ${DEFAULT-VALUE}).")
    long claimAt;

    private InetSocketAddress upstream;
    private InetSocketAddress listen;
    private InetSocketAddress control;
    private GroupId group;
    private final Map<ChannelId, AccountId> watched = new LinkedHashMap<>();

    @Override
    void validate() throws ProtocolException, TextFormException {
      upstream = hostPort("--upstream", upstreamText);
      listen = hostPort("--listen", listenText);
      control = hostPort("--control", controlText);
      group = new GroupId(groupText == null ? Bytes.copyOf(new byte[GroupId.SIZE]) : Bytes.fromHex(groupText.strip(), GroupId.SIZE,
          "group id"));
      if (!Files.isRegularFile(pricesFile)) {
        throw new ProtocolException(new ProtocolError.Malformed("--prices", "names no file: " + pricesFile));
      }
      if (threshold < 0 || claimAt <= 0) {
        throw new ProtocolException(new ProtocolError.OutOfRange(threshold < 0 ? "--expiration-threshold" : "--claim-at",
            threshold < 0 ? "a number of blocks, 0 or more" : "a number of units above 0"));
      }
      for (String text : channelTexts) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
          throw new ProtocolException(new ProtocolError.Malformed("--channel", "is ID:SENDER, not " + text));
        }
        watched.put(ChannelCommand.channelId(text.substring(0, colon)), AccountId.parseText(text.substring(colon + 1).strip(), true));
      }
    }

    @Override
    int run(PayKit kit) throws PayKitException, ProtocolException {
      try (PriceFile prices = PriceFile.open(pricesFile).watch();
          CommitteeChannelDirectory directory = CommitteeChannelDirectory.start(kit.channelReader()::read, REFRESH);
          CommitteePrimaryHeight height = CommitteePrimaryHeight.start(primary, HEIGHT_REFRESH);
          RocksLedger ledger = RocksLedger.open(ledgerDir);
          CommitteeClaimSubmitter submitter = new CommitteeClaimSubmitter(kit, directory)) {
        for (Map.Entry<ChannelId, AccountId> channel : watched.entrySet()) {
          directory.watch(channel.getKey(), channel.getValue());
        }
        SellerTerms terms = new SellerTerms(kit.network(), group, kit.account(), threshold);
        PaymentGate gate = new PaymentGate(terms, directory, height, ledger, prices::price);
        Claims claims = new Claims(ledger, directory, height, submitter, new ClaimPolicy.Thresholds(claimAt, 2 * threshold));
        ServerServiceDefinition controlService = new ControlService(claims, terms, kit.account().key(), height).bindService();
        InetSocketAddress bind = new InetSocketAddress(listen.getHostString(), listen.getPort());
        try (ClaimKeeper keeper = ClaimKeeper.start(claims, CLAIM_INTERVAL)) {
          return http ? serveHttp(bind, gate, kit.account(), controlService) : serveGrpc(bind, gate, kit.account(), controlService);
        }
      } catch (IOException e) {
        throw new PayKitException(PayKitException.Kind.UNREACHABLE, "the proxy could not start: " + e.getMessage(), null, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Exit.OK;
      }
    }

    private int serveGrpc(InetSocketAddress bind, PaymentGate gate, AccountId seller, ServerServiceDefinition controlService)
        throws IOException, InterruptedException {
      ManagedChannel channel = Grpc.newChannelBuilderForAddress(upstream.getHostString(), upstream.getPort(),
          InsecureChannelCredentials.create()).build();
      try (GrpcProxy proxy = GrpcProxy.start(bind, channel, gate, List.of(controlService))) {
        return serve("gRPC", proxy.port(), seller, "");
      } finally {
        channel.shutdownNow();
      }
    }

    private int serveHttp(InetSocketAddress bind, PaymentGate gate, AccountId seller, ServerServiceDefinition controlService)
        throws IOException, InterruptedException {
      Server controlServer = NettyServerBuilder.forAddress(new InetSocketAddress(control.getHostString(), control.getPort()))
          .addService(controlService).build().start();
      try (HttpProxy proxy = HttpProxy.start(bind, URI.create("http://" + upstream.getHostString() + ":" + upstream.getPort()), gate)) {
        return serve("HTTP", proxy.port(), seller, ", control API on " + control.getHostString() + ":" + controlServer.getPort());
      } finally {
        controlServer.shutdownNow();
      }
    }

    /** Says where it serves, then serves until the process is stopped. */
    private int serve(String kind, int port, AccountId seller, String more) throws InterruptedException {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("proxy", kind);
      fields.put("listen", listen.getHostString() + ":" + port);
      fields.put("upstream", upstream.getHostString() + ":" + upstream.getPort());
      fields.put("recipient", seller.text());
      output.result(kind + " proxy on " + listen.getHostString() + ":" + port + " for " + upstreamText + ", paid to "
          + seller.text() + more, fields);
      new CountDownLatch(1).await();
      return Exit.OK;
    }
  }

  @Command(name = "claim", mixinStandardHelpOptions = true, description = "Start a claim of everything authorized on a channel at"
      + " its current nonce, through a running proxy's control API (signed with the seller wallet's key); the proxy gets it"
      + " certified in the background (qp channels unclaimed shows it in progress until then).")
  static final class Claim extends SellerControl {
    @Option(names = "--channel", required = true, paramLabel = "ID", description = "The channel id (64 hex digits).")
    String channelText;

    private ChannelId channel;

    @Override
    void validate() throws ProtocolException, TextFormException {
      channel = ChannelCommand.channelId(channelText);
    }

    @Override
    int run(Requests requests) throws IOException {
      ClaimsReply reply = requests.send(ControlRequests.Kind.START_CLAIM, channel, ChannelControlGrpc.ChannelControlBlockingStub::startClaim);
      ClaimInfo claim = reply.getClaims(0);
      output.result("claim started on channel " + channel + " at nonce " + claim.getNonce() + " for " + claim.getAmount()
          + "; the proxy is getting it certified", SellerControl.fields(claim));
      return Exit.OK;
    }
  }

  @Command(name = "unclaimed", mixinStandardHelpOptions = true, description = "List what buyers' calls were served for and is not"
      + " claimed yet (with what they authorized), and the claims in progress (started, not yet seen certified), from a running proxy's control API.")
  static final class Unclaimed extends SellerControl {
    @Override
    int run(Requests requests) throws IOException {
      List<ClaimInfo> unclaimed = requests.send(ControlRequests.Kind.LIST_UNCLAIMED, null,
          ChannelControlGrpc.ChannelControlBlockingStub::listUnclaimed).getClaimsList();
      List<ClaimInfo> inProgress = requests.send(ControlRequests.Kind.LIST_IN_PROGRESS, null,
          ChannelControlGrpc.ChannelControlBlockingStub::listInProgress).getClaimsList();
      StringBuilder text = new StringBuilder();
      text.append("unclaimed: ").append(unclaimed.isEmpty() ? "none" : unclaimed.size() + " channel(s), "
          + unclaimed.stream().mapToLong(ClaimInfo::getAmount).sum() + " in all");
      unclaimed.forEach(c -> text.append("\n  ").append(SellerControl.line(c)));
      text.append("\nclaims in progress: ").append(inProgress.isEmpty() ? "none" : inProgress.size() + ", "
          + inProgress.stream().mapToLong(ClaimInfo::getAmount).sum() + " in all");
      inProgress.forEach(c -> text.append("\n  ").append(SellerControl.line(c)));
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("unclaimed", SellerControl.fields(unclaimed));
      fields.put("inProgress", SellerControl.fields(inProgress));
      output.result(text.toString(), fields);
      return Exit.OK;
    }
  }
}
