package io.quorumpay.primary;

import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.quorumpay.api.MalformedRequests;
import io.quorumpay.core.committee.Committee;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A standalone primary chain: a {@link DevChain} producing blocks, served over gRPC so authorities in other processes share it. */
public final class PrimaryNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PrimaryNode.class);

  private final DevChain chain;
  private final BlockProducer producer;
  private final Server server;

  private PrimaryNode(DevChain chain, BlockProducer producer, Server server) {
    this.chain = chain;
    this.producer = producer;
    this.server = server;
  }

  /** Opens (or creates) the chain in {@code dataDir} and serves it on {@code address}. */
  public static PrimaryNode start(Committee committee, Path dataDir, InetSocketAddress address, Duration blockInterval,
      ServerCredentials credentials) throws IOException {
    DevChain chain = DevChain.open(dataDir, committee);
    BlockProducer producer = new BlockProducer(chain, blockInterval);
    try {
      Server server = NettyServerBuilder.forAddress(address, credentials)
          .addService(MalformedRequests.guard(new PrimaryService(chain)))
          .maxInboundMessageSize(4096 + 96 * committee.size())
          .build()
          .start();
      log.atInfo().addKeyValue("address", address).addKeyValue("height", chain.status().height())
          .addKeyValue("deposits", chain.status().depositCount()).log("primary chain serving");
      return new PrimaryNode(chain, producer, server);
    } catch (IOException | RuntimeException e) {
      producer.close();
      chain.close();
      throw e;
    }
  }

  public DevChain chain() {
    return chain;
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close();
    chain.close();
    log.info("primary chain stopped");
  }
}
