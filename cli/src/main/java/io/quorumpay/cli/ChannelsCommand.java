package io.quorumpay.cli;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.quorumpay.channels.ClaimKeeper;
import io.quorumpay.channels.ClaimPolicy;
import io.quorumpay.channels.Claims;
import io.quorumpay.channels.CommitteeChannelDirectory;
import io.quorumpay.channels.CommitteeClaimSubmitter;
import io.quorumpay.channels.CommitteePrimaryHeight;
import io.quorumpay.channels.GrpcProxy;
import io.quorumpay.channels.HttpProxy;
import io.quorumpay.channels.PaymentGate;
import io.quorumpay.channels.PriceFile;
import io.quorumpay.channels.RocksLedger;
import io.quorumpay.channels.SellerTerms;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qp channels …}: the seller's side of payment channels (docs/CHANNELS.md). */
@Command(name = "channels", mixinStandardHelpOptions = true,
    description = "The seller's side of payment channels: a proxy that charges each call through channels.",
    subcommands = {ChannelsCommand.Proxy.class})
final class ChannelsCommand {
  private ChannelsCommand() {}

  /** How often the proxy reads its watched channels and the primary's height again. */
  static final Duration REFRESH = Duration.ofSeconds(5);
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
    private GroupId group;
    private final Map<ChannelId, AccountId> watched = new LinkedHashMap<>();

    @Override
    void validate() throws ProtocolException, TextFormException {
      upstream = hostPort("--upstream", upstreamText);
      listen = hostPort("--listen", listenText);
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
          CommitteeChannelDirectory directory = CommitteeChannelDirectory.start(kit::channel, REFRESH);
          CommitteePrimaryHeight height = CommitteePrimaryHeight.start(primary, REFRESH);
          RocksLedger ledger = RocksLedger.open(ledgerDir);
          CommitteeClaimSubmitter submitter = new CommitteeClaimSubmitter(kit, directory)) {
        for (Map.Entry<ChannelId, AccountId> channel : watched.entrySet()) {
          directory.watch(channel.getKey(), channel.getValue());
        }
        PaymentGate gate = new PaymentGate(new SellerTerms(kit.network(), group, kit.account(), threshold), directory, height,
            ledger, prices::price);
        Claims claims = new Claims(ledger, directory, height, submitter, new ClaimPolicy.Thresholds(claimAt, 2 * threshold));
        InetSocketAddress bind = new InetSocketAddress(listen.getHostString(), listen.getPort());
        try (ClaimKeeper keeper = ClaimKeeper.start(claims, CLAIM_INTERVAL)) {
          return http ? serveHttp(bind, gate, kit.account()) : serveGrpc(bind, gate, kit.account());
        }
      } catch (IOException e) {
        throw new PayKitException(PayKitException.Kind.UNREACHABLE, "the proxy could not start: " + e.getMessage(), null, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Exit.OK;
      }
    }

    private int serveGrpc(InetSocketAddress bind, PaymentGate gate, AccountId seller) throws IOException, InterruptedException {
      ManagedChannel channel = Grpc.newChannelBuilderForAddress(upstream.getHostString(), upstream.getPort(),
          InsecureChannelCredentials.create()).build();
      try (GrpcProxy proxy = GrpcProxy.start(bind, channel, gate)) {
        return serve("gRPC", proxy.port(), seller);
      } finally {
        channel.shutdownNow();
      }
    }

    private int serveHttp(InetSocketAddress bind, PaymentGate gate, AccountId seller) throws IOException, InterruptedException {
      try (HttpProxy proxy = HttpProxy.start(bind, URI.create("http://" + upstream.getHostString() + ":" + upstream.getPort()), gate)) {
        return serve("HTTP", proxy.port(), seller);
      }
    }

    /** Says where it serves, then serves until the process is stopped. */
    private int serve(String kind, int port, AccountId seller) throws InterruptedException {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("proxy", kind);
      fields.put("listen", listen.getHostString() + ":" + port);
      fields.put("upstream", upstream.getHostString() + ":" + upstream.getPort());
      fields.put("recipient", seller.text());
      output.result(kind + " proxy on " + listen.getHostString() + ":" + port + " for " + upstreamText + ", paid to "
          + seller.text(), fields);
      new CountDownLatch(1).await();
      return Exit.OK;
    }
  }
}
