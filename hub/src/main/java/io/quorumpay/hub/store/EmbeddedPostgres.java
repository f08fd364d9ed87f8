package io.quorumpay.hub.store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server of the hub's own, from the system's PostgreSQL binaries
 * ({@code /usr/lib/postgresql/<version>/bin}, or the folder in {@code QP_POSTGRES_BIN}), in a
 * folder it owns, on a free loopback port only (no Unix socket), with a random password kept in that folder. Run as
 * root it runs the binaries as the {@code postgres} user (PostgreSQL refuses root). Stopped by
 * {@link #close()}; a server left running by a crashed hub is stopped when the next one starts.
 */
public final class EmbeddedPostgres implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
  private static final String USER = "qp";
  private final Path bin;
  private final Path dir;
  private final int port;
  private final String password;
  private final boolean asPostgresUser;
  /** This hub's claim on the folder, held while the server runs (see {@link #claim(Path)}). */
  private java.nio.channels.FileChannel claim;

  private EmbeddedPostgres(Path bin, Path dir, int port, String password, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.password = password;
    this.asPostgresUser = asPostgresUser;
  }

  /** Starts (initialising {@code dir} the first time) and waits until the server accepts connections. */
  public static EmbeddedPostgres start(Path dir) throws IOException {
    Path bin = binaries();
    boolean root = "root".equals(System.getProperty("user.name"));
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    java.nio.channels.FileChannel claim = claim(dir);
    try {
      return start(dir, bin, root, claim);
    } catch (IOException | RuntimeException e) {
      claim.close();
      throw e;
    }
  }

  /**
   * An exclusive lock on {@code dir/hub.lock}: a second hub on the same folder is refused instead of
   * taking the running server for one left by a hub that died and stopping it.
   */
  private static java.nio.channels.FileChannel claim(Path dir) throws IOException {
    java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(dir.resolve("hub.lock"),
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
    try {
      if (channel.tryLock() != null) {
        return channel;
      }
    } catch (java.nio.channels.OverlappingFileLockException e) {
      // Held by this process already.
    }
    channel.close();
    throw new IOException("another hub runs PostgreSQL in " + dir + "; stop it first, or give this hub its own folder");
  }

  private static EmbeddedPostgres start(Path dir, Path bin, boolean root, java.nio.channels.FileChannel claim) throws IOException {
    Path data = dir.resolve("data");
    Path passwordFile = dir.resolve("password");
    if (!Files.isRegularFile(passwordFile)) {
      byte[] secret = new byte[24];
      new SecureRandom().nextBytes(secret);
      // Owner-only from its creation: never readable by others, not even for a moment.
      Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(passwordFile, HexFormat.of().formatHex(secret));
    }
    Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
    String password = Files.readString(passwordFile).strip();
    if (root) {
      // The postgres user must reach the folder; its parents must let others through (x).
      run(List.of("chown", "-R", "postgres", dir.toString()), false, Duration.ofSeconds(30));
    }
    EmbeddedPostgres server = new EmbeddedPostgres(bin, dir, freePort(), password, root);
    if (!Files.isRegularFile(data.resolve("PG_VERSION"))) {
      server.pg(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "scram-sha-256",
          "--pwfile=" + passwordFile, "-E", "UTF8", "--locale=C"), Duration.ofMinutes(2));
    }
    if (Files.isRegularFile(data.resolve("postmaster.pid"))) {
      // A server of ours left by a hub that died, or a stale pid file: stop it if it runs.
      server.pgQuietly(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
    }
    server.pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
        "-w", "-t", "60", "-o", "-p " + server.port + " -h 127.0.0.1 -k '' -c fsync=on -c synchronous_commit=on",
        "start"), Duration.ofSeconds(90));
    LOG.info("PostgreSQL for the hub started on 127.0.0.1:{} in {}", server.port, dir);
    server.claim = claim;
    return server;
  }

  /** The JDBC URL of its database. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  public String user() {
    return USER;
  }

  /** The password (never logged). */
  public String password() {
    return password;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    pgQuietly(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop"));
    try {
      claim.close(); // releases the lock
    } catch (IOException e) {
      LOG.debug("{}", e.getMessage());
    }
  }

  private void pg(List<String> command, Duration timeout) throws IOException {
    run(command, asPostgresUser, timeout);
  }

  private void pgQuietly(List<String> command) {
    try {
      run(command, asPostgresUser, Duration.ofSeconds(60));
    } catch (IOException e) {
      LOG.debug("{}", e.getMessage());
    }
  }

  private static void run(List<String> command, boolean asPostgresUser, Duration timeout) throws IOException {
    List<String> full = new ArrayList<>();
    if (asPostgresUser) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readNBytes(64 * 1024);
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", command.subList(0, 1)) + " did not finish in " + timeout.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted", e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(Path.of(command.get(0)).getFileName() + " failed (exit " + process.exitValue() + "): "
          + new String(output, java.nio.charset.StandardCharsets.UTF_8).strip());
    }
  }

  /** The newest PostgreSQL binaries folder, or a message that says how to install them. */
  static Path binaries() throws IOException {
    String configured = System.getenv("QP_POSTGRES_BIN");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path root = Path.of("/usr/lib/postgresql");
    Optional<Path> newest = Optional.empty();
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
            .max(Comparator.comparingInt(v -> parseVersion(v.getFileName().toString())));
      }
    }
    return newest.map(v -> v.resolve("bin")).orElseThrow(() -> new IOException("no PostgreSQL found in /usr/lib/postgresql;"
        + " install it with scripts/postgres.sh (Debian package postgresql), set QP_POSTGRES_BIN, or point the hub at a"
        + " server with --database"));
  }

  private static int parseVersion(String name) {
    try {
      return Integer.parseInt(name.replaceAll("[^0-9].*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
