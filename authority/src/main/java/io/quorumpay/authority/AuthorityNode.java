package io.quorumpay.authority;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.quorumpay.api.primary.PrimaryChain;
import io.quorumpay.api.primary.RemotePrimaryChain;
import io.quorumpay.authority.config.AuthorityConfig;
import io.quorumpay.authority.server.PrimaryConnection;
import io.quorumpay.authority.server.ShardServer;
import io.quorumpay.authority.server.Transport;
import io.quorumpay.core.messages.OwnVotes;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An authority process: the shards its config names, a connection to the primary chain, and a
 * Prometheus endpoint. Closing it stops everything cleanly.
 */
public final class AuthorityNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuthorityNode.class);

  private final List<ShardServer> shards = new ArrayList<>();
  private final PrimaryChain chain;
  private final boolean ownsChain;
  private final HttpServer metricsServer;

  private AuthorityNode(AuthorityConfig config, PrimaryChain chain, boolean ownsChain, Consumer<Throwable> onFatal)
      throws IOException {
    this.chain = chain;
    this.ownsChain = ownsChain;
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // One table of own votes for all shards here: a cross-shard credit's certificate holds the vote
    // the sender's shard signed.
    OwnVotes ownVotes = new OwnVotes(config.key());
    try {
      for (int shard : config.shards()) {
        shards.add(ShardServer.start(config, shard, ownVotes, chain, registry, onFatal));
      }
    } catch (IOException | RuntimeException e) {
      ShardServer.closeAll(shards);
      throw e;
    }
    if (config.metricsPort() > 0) {
      metricsServer = HttpServer.create(new InetSocketAddress(config.metricsPort()), 0);
      metricsServer.createContext("/metrics", exchange -> {
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
      metricsServer.start();
    } else {
      metricsServer = null;
    }
  }

  /**
   * Starts the authority of {@code config}, following its configured primary: the dev chain's
   * process, or the contract on Ethereum (read only: an authority sends no transactions). An
   * Ethereum node that is down does not hold the start: the authority serves payments and connects
   * in the background, checking then that the node is on the configured chain and the contract is
   * this committee's; if not, {@code onFatal} gets a {@link io.quorumpay.ethereum.ChainMismatchException}.
   */
  public static AuthorityNode start(AuthorityConfig config, Consumer<Throwable> onFatal) throws IOException {
    PrimaryChain chain = switch (config.primary().source()) {
      case AuthorityConfig.DevChain dev -> new RemotePrimaryChain(new Transport(config.tls()).clientChannel(dev.endpoint()));
      case AuthorityConfig.Ethereum ethereum -> new PrimaryConnection(ethereum.settings().endpoint(),
          () -> ethereum.settings().connect(config.committee().committee(), null, null),
          Duration.ofMillis(Math.max(config.primary().pollMillis(), 500)), onFatal);
    };
    try {
      return new AuthorityNode(config, chain, true, onFatal);
    } catch (IOException | RuntimeException e) {
      chain.close();
      throw e;
    }
  }

  /** Starts the authority of {@code config} against a primary chain the caller owns (in-process tests and tools). */
  public static AuthorityNode start(AuthorityConfig config, PrimaryChain chain, Consumer<Throwable> onFatal) throws IOException {
    return new AuthorityNode(config, chain, false, onFatal);
  }

  @Override
  public void close() {
    if (metricsServer != null) {
      metricsServer.stop(0);
    }
    ShardServer.closeAll(shards);
    if (ownsChain) {
      chain.close();
    }
    log.info("authority stopped");
  }
}
