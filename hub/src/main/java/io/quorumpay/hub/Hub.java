package io.quorumpay.hub;

import io.quorumpay.api.primary.PrimaryChain;
import io.quorumpay.client.CommitteeClient;
import io.quorumpay.hub.admission.Admission;
import io.quorumpay.hub.admission.AdmissionStore;
import io.quorumpay.hub.admission.OperatorCredential;
import io.quorumpay.hub.api.AccountRoutes;
import io.quorumpay.hub.api.AdmissionRoutes;
import io.quorumpay.hub.api.HistoryRoutes;
import io.quorumpay.hub.api.NetworkRoutes;
import io.quorumpay.hub.api.SubmitRoutes;
import io.quorumpay.hub.committee.CommitteeGateway;
import io.quorumpay.hub.http.HubRoutes;
import io.quorumpay.hub.http.HubServer;
import io.quorumpay.hub.http.TrustedProxies;
import io.quorumpay.hub.store.EmbeddedPostgres;
import io.quorumpay.hub.store.HistoryFeed;
import io.quorumpay.hub.store.HistoryQueries;
import io.quorumpay.hub.store.HubDatabase;
import io.quorumpay.hub.store.Indexer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole hub: its database (an embedded PostgreSQL or the operator's), the indexer, and the
 * HTTP server with every endpoint group. It holds no key; it talks to the committee through the
 * client kit's {@link CommitteeClient} and to the primary through {@link PrimaryChain}, which the
 * caller owns and closes.
 */
public final class Hub implements AutoCloseable {
  /** Where the database is: an embedded server in a folder, or the operator's own. */
  public sealed interface Database {
    /** A PostgreSQL server the hub starts from the system's binaries, in {@code dir}. */
    record Embedded(Path dir) implements Database {}

    /** The operator's PostgreSQL (user and password may be in the URL instead). */
    record External(String jdbcUrl, String user, String password) implements Database {
      @Override
      public String toString() {
        return "External[" + jdbcUrl.replaceAll("password=[^&]*", "password=<redacted>") + "]";
      }
    }
  }

  /** How to run. {@code indexerIdle} is the pause of the indexer when nothing was new. */
  public record Config(HubServer.Settings server, Database database, Optional<OperatorCredential> operator, Duration indexerIdle) {
    public Config {
      Objects.requireNonNull(server);
      Objects.requireNonNull(database);
      Objects.requireNonNull(operator);
      Objects.requireNonNull(indexerIdle);
    }
  }

  /** What endpoint groups added by other packages can use (live notifications, the explorer). */
  public record Parts(CommitteeGateway gateway, HubDatabase database, HistoryQueries history, HistoryFeed feed, Admission admission,
      TrustedProxies trustedProxies) {}

  /** Makes more endpoint groups from the hub's parts. */
  @FunctionalInterface
  public interface Extension {
    List<HubRoutes> routes(Parts parts);
  }

  private final List<AutoCloseable> open;
  private final HubServer server;
  private final Parts parts;
  private final String host;

  private Hub(List<AutoCloseable> open, HubServer server, Parts parts, String host) {
    this.open = open;
    this.server = server;
    this.parts = parts;
    this.host = host;
  }

  /** Starts the database, the indexer and the server; on failure stops what it started. */
  public static Hub start(Config config, CommitteeClient committee, PrimaryChain primary, List<Extension> extensions)
      throws IOException {
    List<AutoCloseable> open = new ArrayList<>();
    try {
      HubDatabase database = switch (config.database()) {
        case Database.Embedded embedded -> {
          EmbeddedPostgres postgres = EmbeddedPostgres.start(embedded.dir());
          open.add(postgres);
          yield HubDatabase.open(postgres.jdbcUrl(), postgres.user(), postgres.password());
        }
        case Database.External external -> HubDatabase.open(external.jdbcUrl(), external.user(), external.password());
      };
      open.add(database);
      Clock clock = Clock.systemUTC();
      HistoryFeed feed = new HistoryFeed();
      Indexer indexer = new Indexer(database, committee, primary, clock, feed);
      indexer.start(config.indexerIdle());
      open.add(indexer);
      CommitteeGateway gateway = new CommitteeGateway(committee, primary, Duration.ofSeconds(5));
      open.add(gateway);
      Admission admission = new Admission(new AdmissionStore(database), committee.committee().network(), clock, System::nanoTime);
      Parts parts = new Parts(gateway, database, new HistoryQueries(database), feed, admission, config.server().trustedProxies());
      List<HubRoutes> routes = new ArrayList<>(List.of(new NetworkRoutes(gateway, indexer::indexing), new AccountRoutes(gateway, parts.history()),
          new SubmitRoutes(gateway, admission, config.server().relaysPerClient()), new AdmissionRoutes(admission, config.operator()),
          new HistoryRoutes(parts.history())));
      extensions.forEach(extension -> routes.addAll(extension.routes(parts)));
      HubServer server = HubServer.start(config.server(), routes);
      open.add(server);
      return new Hub(open, server, parts, config.server().host());
    } catch (IOException | RuntimeException e) {
      closeAll(open);
      throw e instanceof IOException io ? io : new IOException("the hub did not start: " + e.getMessage(), e);
    }
  }

  /** The base address clients use, e.g. {@code http://127.0.0.1:8080}. */
  public URI address() {
    return server.address(host.equals("0.0.0.0") ? "127.0.0.1" : host);
  }

  public HubServer server() {
    return server;
  }

  public Parts parts() {
    return parts;
  }

  @Override
  public void close() {
    closeAll(open);
  }

  private static void closeAll(List<AutoCloseable> open) {
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        // Closing the rest anyway.
      }
    }
    open.clear();
  }
}
