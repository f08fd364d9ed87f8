package io.quorumpay.cli;

import io.quorumpay.api.config.ConfigException;
import io.quorumpay.api.config.KeyFile;
import io.quorumpay.api.primary.PrimaryChain;
import io.quorumpay.client.CommitteeClient;
import io.quorumpay.hub.Hub;
import io.quorumpay.hub.admission.OperatorCredential;
import io.quorumpay.hub.explorer.ExplorerRoutes;
import io.quorumpay.hub.http.HubServer;
import io.quorumpay.hub.http.TrustedProxies;
import io.quorumpay.hub.live.LiveRoutes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qp hub run}: the hub (HTTP/JSON API, indexer, admission) for a network, until stopped. */
@Command(name = "hub", mixinStandardHelpOptions = true, description = "Run the hub: an HTTP/JSON API over the committee.",
    subcommands = HubCommand.Run.class)
final class HubCommand {
  /** Where {@code qp up} and {@code qp hub run} listen unless told otherwise. */
  static final String DEFAULT_LISTEN = "127.0.0.1:8480";
  /** Live notification connections served at once (each holds a virtual thread and a few small buffers). */
  static final int MAX_LIVE_CONNECTIONS = 1000;

  /** The hub's settings shared by {@code qp hub run} and {@code qp up}. */
  record Settings(String listen, Optional<String> database, Optional<Path> databasePassword, Optional<Path> operatorCredential,
      List<String> cors, List<String> trustedProxies) {
    /** The settings of a local hub: embedded PostgreSQL, no operator credential, no CORS, no trusted proxy. */
    static Settings local(String listen) {
      return new Settings(listen, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of());
    }
  }

  /** Starts a hub for the network in {@code network}: its embedded PostgreSQL in {@code <network>/hub/postgres} unless a database URL is given. */
  static Hub start(NetworkOptions network, Settings settings, List<AutoCloseable> toClose) throws IOException, ConfigException {
    int colon = settings.listen().lastIndexOf(':');
    if (colon < 1) {
      throw new ConfigException("--listen must be HOST:PORT, e.g. " + DEFAULT_LISTEN);
    }
    int port;
    try {
      port = Integer.parseInt(settings.listen().substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new ConfigException("--listen must be HOST:PORT, e.g. " + DEFAULT_LISTEN);
    }
    String host = settings.listen().substring(0, colon).replace("[", "").replace("]", "");
    Hub.Database database = database(settings, network.dir.resolve("hub/postgres").toAbsolutePath());
    CommitteeClient committee = network.committeeClient();
    toClose.add(committee);
    PrimaryChain primary = network.primary();
    toClose.add(primary);
    HubServer.Settings server = HubServer.Settings.local(port).withHost(host, port).withCorsOrigins(settings.cors())
        .withTrustedProxies(TrustedProxies.of(settings.trustedProxies()));
    return Hub.start(new Hub.Config(server, database, OperatorCredential.load(settings.operatorCredential()), Duration.ofMillis(200)),
        committee, primary, List.of(LiveRoutes.extension(MAX_LIVE_CONNECTIONS), ExplorerRoutes.extension()));
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = {"Run the hub for a network until Ctrl-C: the HTTP/JSON API (/v1, /openapi.json, /docs), live notifications"
          + " (/v1/live), the explorer (/), the indexer and admission.",
          "By default it starts its own PostgreSQL (from the system's binaries, installed by scripts/postgres.sh) in"
              + " <network>/hub/postgres; --database points it at yours instead."})
  static final class Run implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NetworkOptions network = new NetworkOptions();

    @Option(names = "--listen", defaultValue = DEFAULT_LISTEN, paramLabel = "HOST:PORT",
        description = "Where to serve HTTP (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--database", paramLabel = "JDBC_URL",
        description = "Your PostgreSQL, e.g. jdbc:postgresql://db:5432/hub?user=hub (default: an embedded server). Give its"
            + " password with --database-password-file: a password in the URL is visible to every local user in the process list.")
    String database;

    @Option(names = "--database-password-file", paramLabel = "FILE",
        description = "File whose first line is the password for --database (readable by its owner only).")
    Path databasePassword;

    @Option(names = "--operator-credential-file", paramLabel = "FILE",
        description = "File whose first line is the operator's credential for /v1/operator/* (else the environment variable "
            + OperatorCredential.ENV + "; without either, operator endpoints refuse every request).")
    Path operatorCredential;

    @Option(names = "--cors", paramLabel = "ORIGIN", description = "An origin browsers may call the API from (repeatable; * for any).")
    List<String> cors = List.of();

    @Option(names = "--trusted-proxy", paramLabel = "IP",
        description = "The IP address of a reverse proxy in front of the hub (repeatable): a request through it is counted against"
            + " the client its X-Forwarded-For names, not against the proxy. Without one no such header is believed.")
    List<String> trustedProxies = List.of();

    @Override
    public Integer call() throws InterruptedException {
      Output output = new Output(spec, false);
      List<AutoCloseable> open = new java.util.ArrayList<>();
      Hub hub;
      try {
        hub = start(network, new Settings(listen, Optional.ofNullable(database), Optional.ofNullable(databasePassword),
            Optional.ofNullable(operatorCredential), cors, trustedProxies), open);
      } catch (IOException | ConfigException | IllegalArgumentException e) {
        open.forEach(HubCommand::closeQuietly);
        return output.error(Exit.UNAVAILABLE, "the hub did not start: " + e.getMessage());
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        hub.close();
        open.forEach(HubCommand::closeQuietly);
        stopped.countDown();
      }, "qp-hub-shutdown"));
      output.result("The hub is serving at " + hub.address() + " (API /v1, OpenAPI " + hub.address().resolve("/openapi.json")
          + ", docs " + hub.address().resolve("/docs") + "); Ctrl-C stops it.", java.util.Map.of("hub", hub.address().toString()));
      stopped.await();
      return Exit.OK;
    }
  }

  /** The operator's PostgreSQL when {@code --database} names one (its password read from its file), else an embedded one in {@code embeddedDir}. */
  static Hub.Database database(Settings settings, Path embeddedDir) throws ConfigException {
    if (settings.database().isEmpty()) {
      if (settings.databasePassword().isPresent()) {
        throw new ConfigException("--database-password-file needs --database: the embedded PostgreSQL makes its own password");
      }
      return new Hub.Database.Embedded(embeddedDir);
    }
    String password = settings.databasePassword().isEmpty() ? null
        : KeyFile.readSecretLine(settings.databasePassword().get(), "database password file");
    return new Hub.Database.External(settings.database().get(), null, password);
  }

  static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Stopping anyway.
    }
  }
}
