package io.quorumpay.cli;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quorumpay.api.config.ConfigException;
import io.quorumpay.api.primary.PrimaryChain;
import io.quorumpay.channels.RefusalStatus;
import io.quorumpay.channels.api.ChannelControlGrpc;
import io.quorumpay.channels.api.ClaimInfo;
import io.quorumpay.channels.api.ClaimsReply;
import io.quorumpay.channels.api.ControlRequest;
import io.quorumpay.channels.claims.ControlRequests;
import io.quorumpay.channels.policy.ChannelRefusal;
import io.quorumpay.client.WalletFile;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.text.TextFormException;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.NetworkId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command of the seller's control API ({@code ChannelControl}, docs/CHANNELS.md "Control API"), sent
 * to a running {@code qp channels proxy}: each request signed with the seller wallet's key at the
 * primary's current height. The wallet file is only read (the proxy holds it open).
 */
abstract class SellerControl implements Callable<Integer> {
  /** Attempts when the seller's view of the primary is a few blocks behind ours (CONTROL_STALE). */
  private static final int ATTEMPTS = 5;

  @Spec
  CommandSpec spec;

  @Mixin
  NetworkOptions network;

  @Option(names = "--wallet", defaultValue = "qp-data/wallet.json", paramLabel = "FILE",
      description = "The seller's wallet file (the proxy's; only read). Default: ${DEFAULT-VALUE}.")
  Path wallet;

  @Option(names = "--control", defaultValue = "127.0.0.1:8443", paramLabel = "HOST:PORT",
      description = "The seller's control API: the gRPC proxy's address, or its --control (default: ${DEFAULT-VALUE}).")
  String controlText;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  Output output;

  /** One control RPC on the stub. */
  interface Call {
    ClaimsReply send(ChannelControlGrpc.ChannelControlBlockingStub stub, ControlRequest request);
  }

  /** Checks the command's own arguments; throws on bad input. */
  void validate() throws ProtocolException, TextFormException {}

  /** Runs the command with a way to send signed requests. */
  abstract int run(Requests requests) throws IOException;

  /** Sends signed control requests to the seller. */
  final class Requests {
    private final ChannelControlGrpc.ChannelControlBlockingStub stub;
    private final KeyPair seller;
    private final NetworkId networkId;
    private final PrimaryChain primary;

    Requests(ChannelControlGrpc.ChannelControlBlockingStub stub, KeyPair seller, NetworkId networkId, PrimaryChain primary) {
      this.stub = stub;
      this.seller = seller;
      this.networkId = networkId;
      this.primary = primary;
    }

    /** Sends {@code kind} about {@code channel} (null for none), signed at the primary's height, again while it is stale. */
    ClaimsReply send(ControlRequests.Kind kind, ChannelId channel, Call call) throws IOException {
      StatusRuntimeException last = null;
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        long height = primary.status().height();
        ControlRequest.Builder request = ControlRequest.newBuilder().setHeight(height)
            .setSignature(ByteString.copyFrom(ControlRequests.sign(seller, networkId, kind, height, channel).bytes().toArray()));
        if (channel != null) {
          request.setChannelId(ByteString.copyFrom(channel.bytes().toArray()));
        }
        try {
          return call.send(stub.withDeadlineAfter(30, TimeUnit.SECONDS), request.build());
        } catch (StatusRuntimeException e) {
          last = e;
          if (!ChannelRefusal.Code.CONTROL_STALE.name().equals(code(e))) {
            throw e;
          }
          try {
            Thread.sleep(500);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw e;
          }
        }
      }
      throw last;
    }
  }

  /** The refusal code a seller sent with a failed call, or null. */
  static String code(StatusRuntimeException e) {
    Metadata trailers = e.getTrailers();
    return trailers == null ? null : trailers.get(RefusalStatus.CODE_KEY);
  }

  @Override
  public final Integer call() {
    output = new Output(spec, json);
    InetSocketAddress control;
    try {
      validate();
      control = ChannelsCommand.hostPort("--control", controlText);
    } catch (ProtocolException e) {
      return output.error(Exit.USAGE, e.getMessage(), java.util.Optional.of(e.error()));
    } catch (TextFormException e) {
      return output.error(Exit.USAGE, e.getMessage());
    }
    KeyPair seller;
    NetworkId networkId;
    try {
      networkId = network.committee().committee().network();
      seller = WalletFile.at(wallet).load().key();
    } catch (ConfigException e) {
      return output.error(Exit.USAGE, e.getMessage());
    } catch (IOException e) {
      return output.error(Exit.STORAGE, "the seller's wallet cannot be read: " + e.getMessage());
    }
    ManagedChannel channel = null;
    try (PrimaryChain primary = network.primary()) {
      channel = Grpc.newChannelBuilderForAddress(control.getHostString(), control.getPort(), network.credentials()).build();
      return run(new Requests(ChannelControlGrpc.newBlockingStub(channel), seller, networkId, primary));
    } catch (ConfigException e) {
      return output.error(Exit.USAGE, e.getMessage());
    } catch (IOException e) {
      return output.error(Exit.UNAVAILABLE, "the primary chain is unreachable (a request carries its height): " + e.getMessage());
    } catch (StatusRuntimeException e) {
      String code = code(e);
      if (code == null || e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
        return output.error(Exit.UNAVAILABLE, "the seller's control API at " + controlText + " did not answer: "
            + e.getStatus().getCode() + (e.getStatus().getDescription() == null ? "" : " (" + e.getStatus().getDescription() + ")"));
      }
      return output.error(Exit.REFUSED, code + ": " + e.getStatus().getDescription());
    } finally {
      if (channel != null) {
        channel.shutdownNow();
      }
    }
  }

  /** A claim as printed: one line for people, fields for JSON. */
  static Map<String, Object> fields(ClaimInfo claim) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("channel", io.quorumpay.core.encoding.Bytes.copyOf(claim.getChannelId().toByteArray()).toHex());
    fields.put("nonce", claim.getNonce());
    fields.put("amount", claim.getAmount());
    fields.put("authorized", claim.getAuthorized());
    fields.put("expiration", claim.getExpiration());
    return fields;
  }

  static String line(ClaimInfo claim) {
    return io.quorumpay.core.encoding.Bytes.copyOf(claim.getChannelId().toByteArray()).toHex() + "  nonce " + claim.getNonce()
        + "  amount " + claim.getAmount() + " (authorized " + claim.getAuthorized() + ")  expires at " + claim.getExpiration();
  }

  static List<Map<String, Object>> fields(List<ClaimInfo> claims) {
    return claims.stream().map(SellerControl::fields).toList();
  }
}
