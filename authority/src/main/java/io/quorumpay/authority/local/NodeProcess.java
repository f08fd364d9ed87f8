package io.quorumpay.authority.local;

import io.quorumpay.authority.AuthorityMain;
import io.quorumpay.primary.PrimaryMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A primary or authority running as its own OS process, started from this JVM's own Java and
 * class path, with its output appended to a log file. Used by {@code qp up}, the demo and tests.
 *
 * <p>Its temporary folder ({@code java.io.tmpdir}) is its own, beside the log ({@link #tmp()}):
 * RocksDB unpacks its native library there, and a node killed at once (a crash, {@link #kill()})
 * cannot delete it; this process does when it starts the node again. Nothing is left in the
 * machine's temporary folder.
 */
public final class NodeProcess implements AutoCloseable {
  private final String name;
  private final List<String> command;
  private final Path log;
  private final Path tmp;
  private Process process;

  private NodeProcess(String name, Class<?> main, Path config, Path log) {
    this.name = name;
    this.log = log;
    this.tmp = log.toAbsolutePath().resolveSibling(log.getFileName() + ".tmp");
    this.command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    if (Runtime.version().feature() >= 22) {
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    if (Runtime.version().feature() >= 24) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    // With --parent the node stops when this process is gone, even if it was killed with kill -9.
    command.add("-Djava.io.tmpdir=" + tmp);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName(), "--config", config.toString(),
        "--parent", Long.toString(ProcessHandle.current().pid())));
  }

  /** An authority process for {@code config}. */
  public static NodeProcess authority(String name, Path config, Path log) {
    return new NodeProcess(name, AuthorityMain.class, config, log);
  }

  /** A standalone primary chain process for {@code config}. */
  public static NodeProcess primary(Path config, Path log) {
    return new NodeProcess("primary", PrimaryMain.class, config, log);
  }

  /** Starts (or starts again) the process. */
  public NodeProcess start() throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    Files.createDirectories(tmp);
    // What a killed run of this node left (it is not running: nothing else uses this folder).
    try (var stale = Files.list(tmp)) {
      for (Path file : stale.filter(Files::isRegularFile).toList()) {
        Files.deleteIfExists(file);
      }
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = builder.start();
    return this;
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  /** The node's own temporary folder. */
  public Path tmp() {
    return tmp;
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Kills the process at once (SIGKILL), as a crash would. */
  public void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly().waitFor();
    }
  }

  /** Stops the process cleanly (SIGTERM), then forcibly if it takes too long. */
  @Override
  public void close() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
