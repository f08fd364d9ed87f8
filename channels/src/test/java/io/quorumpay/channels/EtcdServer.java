package io.quorumpay.channels;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real etcd server for one test: free loopback ports, a temporary data directory, stopped and
 * deleted by {@link #close()}. The binary is installed by scripts/etcd.sh (QP_ETCD names another).
 */
final class EtcdServer implements AutoCloseable {
  private final Process process;
  private final Path dataDir;
  final String endpoint;

  private EtcdServer(Process process, Path dataDir, String endpoint) {
    this.process = process;
    this.dataDir = dataDir;
    this.endpoint = endpoint;
  }

  static EtcdServer start() throws Exception {
    String binary = System.getenv().getOrDefault("QP_ETCD", "etcd");
    Exception last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int client = freePort();
      int peer = freePort();
      Path dataDir = Files.createTempDirectory("qp-etcd");
      String endpoint = "http://127.0.0.1:" + client;
      String peerUrl = "http://127.0.0.1:" + peer;
      Process process;
      try {
        process = new ProcessBuilder(List.of(binary, "--name", "test", "--data-dir", dataDir.toString(),
            "--listen-client-urls", endpoint, "--advertise-client-urls", endpoint,
            "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
            "--initial-cluster", "test=" + peerUrl, "--log-level", "error"))
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile())
            .start();
      } catch (IOException e) {
        delete(dataDir);
        throw new IllegalStateException("cannot run etcd (" + binary + "): install it with scripts/etcd.sh", e);
      }
      EtcdServer server = new EtcdServer(process, dataDir, endpoint);
      if (server.awaitHealthy()) {
        return server;
      }
      server.close();
      last = new IllegalStateException("etcd did not become healthy on " + endpoint);
    }
    throw last;
  }

  private boolean awaitHealthy() throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    for (int i = 0; i < 100 && process.isAlive(); i++) {
      try {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/health"))
            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200 && health.body().contains("true")) {
          return true;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    return false;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    delete(dataDir);
    Files.deleteIfExists(dataDir.resolveSibling(dataDir.getFileName() + ".log"));
  }

  private static void delete(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
