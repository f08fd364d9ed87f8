package io.quorumpay.authority.server;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.quorumpay.api.MalformedRequests;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.primary.PrimaryChain;
import io.quorumpay.authority.config.AuthorityConfig;
import io.quorumpay.core.authority.ShardConfig;
import io.quorumpay.core.authority.ShardRequests;
import io.quorumpay.core.authority.ShardStart;
import io.quorumpay.core.authority.ShardState;
import io.quorumpay.core.authority.ShardWrites;
import io.quorumpay.core.messages.OwnVotes;
import io.quorumpay.storage.ShardStore;
import io.quorumpay.storage.SigningStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.quorumpay.ethereum.RedeemCountersigning;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running shard: its store, signing record, state and single writer, its client-facing and
 * internal gRPC servers, the delivery of its outbox to each sibling, its primary follower, and its
 * catching up from the same shard of the other authorities. It refuses to start on data that is
 * older than its signing record.
 */
public final class ShardServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShardServer.class);
  private static final int QUEUE_CAPACITY = 65_536;
  private static final int MAX_BATCH = 1024;

  private final ShardConfig shard;
  private final ShardStore store;
  private final SigningStore signing;
  private final ShardWriter writer;
  private final Server clientServer;
  private final Server peerServer;
  private final Map<Integer, OutboxDelivery> deliveries = new HashMap<>();
  private final PrimaryFollower follower;
  private final PeerCatchUp catchUp;

  private ShardServer(AuthorityConfig config, int shardNumber, OwnVotes ownVotes, PrimaryChain chain, MeterRegistry registry,
      Consumer<Throwable> onFatal) throws IOException {
    int shardCount = config.committee().shardCount();
    this.shard = new ShardConfig(config.committee().committee(), config.key(), shardNumber, shardCount);
    this.store = ShardStore.open(config.dataDir().resolve("shard-" + shardNumber), shard);
    SigningStore record = null;
    ShardState state;
    try {
      record = SigningStore.open(config.signingDir().resolve("shard-" + shardNumber));
      state = store.load(shard);
      ShardStart.start(shardNumber, state, record);
    } catch (IOException | ShardStart.DataBehindSigningRecord | RuntimeException e) {
      store.close(); // release the directory's lock: the caller may report and retry
      if (record != null) {
        record.close();
      }
      throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
    this.signing = record;
    ShardMetrics metrics = new ShardMetrics(registry, shardNumber);
    this.writer = new ShardWriter(state, store, signing, metrics, QUEUE_CAPACITY, MAX_BATCH, this::afterCommit, onFatal);
    ShardRequests requests = new ShardRequests(shard, ownVotes, state.epoch());
    Transport transport = new Transport(config.tls());
    List<PeerCatchUp.Peer> peers = new ArrayList<>();
    for (CommitteeFile.Member member : config.committee().members()) {
      if (!member.name().equals(config.name())) {
        peers.add(new PeerCatchUp.Peer(shard.committee().indexOf(member.name()), member.name(),
            transport.clientChannel(member.shards().get(shardNumber))));
      }
    }
    this.catchUp = new PeerCatchUp(requests, writer, peers, Duration.ofMillis(config.catchUpMillis()), metrics, onFatal);
    int maxMessage = 4096 + 96 * config.committee().committee().size();
    this.clientServer = NettyServerBuilder.forAddress(address(config.clientAddresses().get(shardNumber), config.listenHost()),
            transport.clientServer())
        .addService(MalformedRequests.guard(new AuthorityService(requests, writer, store, metrics, catchUp,
            countersigning(config))))
        .maxInboundMessageSize(maxMessage)
        // Handlers never block (they check, then queue for the writer): run them on the transport's threads.
        .directExecutor()
        .build();
    this.peerServer = NettyServerBuilder.forAddress(address(config.peerAddresses().get(shardNumber), config.listenHost()),
            transport.peerServer())
        .addService(ServerInterceptors.intercept(MalformedRequests.guard(new ShardPeerService(requests, writer, metrics)),
            transport.siblingsOnly()))
        .maxInboundMessageSize(ShardRequests.MAX_CREDITS * maxMessage)
        .directExecutor()
        .build();
    clientServer.start();
    peerServer.start();
    for (int dest = 0; dest < shardCount; dest++) {
      if (dest != shardNumber) {
        deliveries.put(dest, new OutboxDelivery(requests, dest, store, writer,
            transport.peerChannel(config.peerAddresses().get(dest)), onFatal));
      }
    }
    this.follower = new PrimaryFollower(shardNumber, chain, writer, config.primary().confirmations(),
        Duration.ofMillis(config.primary().pollMillis()), onFatal);
    log.atInfo().addKeyValue("authority", shard.authority().shortName()).addKeyValue("shard", shardNumber)
        .addKeyValue("clients", config.clientAddresses().get(shardNumber)).addKeyValue("peers", config.peerAddresses().get(shardNumber))
        .addKeyValue("accounts", state.accountCount()).addKeyValue("tls", config.tls().enabled()).log("shard started");
  }

  /** Opens the shard's store, restores its state and starts serving; {@code ownVotes} signs with the authority's key. */
  public static ShardServer start(AuthorityConfig config, int shard, OwnVotes ownVotes, PrimaryChain chain, MeterRegistry registry,
      Consumer<Throwable> onFatal) throws IOException {
    return new ShardServer(config, shard, ownVotes, chain, registry, onFatal);
  }

  /** The authority's countersigning rule if its primary is Ethereum. */
  private static Optional<RedeemCountersigning> countersigning(AuthorityConfig config) {
    return switch (config.primary().source()) {
      case AuthorityConfig.DevChain dev -> Optional.empty();
      case AuthorityConfig.Ethereum ethereum -> Optional.of(new RedeemCountersigning(ethereum.countersigningKey(),
          ethereum.settings().chainId(), ethereum.settings().contract()));
    };
  }

  private void afterCommit(ShardWrites writes) {
    for (var credit : writes.outboxAdded()) {
      OutboxDelivery delivery = deliveries.get(credit.destShard());
      if (delivery != null) {
        delivery.wake();
      }
    }
  }

  /** Parses {@code host:port}; binds {@code listenHost} instead of the host when given. */
  static InetSocketAddress address(String hostPort, String listenHost) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("address " + hostPort + " has no port");
    }
    String host = listenHost != null ? listenHost : hostPort.substring(0, colon);
    return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
  }

  public int shard() {
    return shard.shard();
  }

  @Override
  public void close() {
    catchUp.close();
    follower.close();
    deliveries.values().forEach(OutboxDelivery::close);
    clientServer.shutdown();
    peerServer.shutdown();
    try {
      clientServer.awaitTermination(5, TimeUnit.SECONDS);
      peerServer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.close();
    signing.close();
    store.close();
    log.atInfo().addKeyValue("shard", shard.shard()).log("shard stopped");
  }

  /** Stops several shards, newest first. */
  public static void closeAll(List<ShardServer> shards) {
    List<ShardServer> reversed = new ArrayList<>(shards);
    java.util.Collections.reverse(reversed);
    reversed.forEach(ShardServer::close);
  }
}
