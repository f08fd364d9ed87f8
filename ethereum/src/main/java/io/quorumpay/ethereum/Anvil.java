package io.quorumpay.ethereum;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Ethereum node: Foundry's {@code anvil} from the pinned npm package (scripts/eth-tools
 * installs it into {@code node_modules/}), started on a free loopback port and stopped with
 * {@link #close()}. Its dev accounts are funded; {@link #DEV_KEYS} holds the first ones.
 */
public final class Anvil implements AutoCloseable {
  /** anvil's default chain id. */
  public static final long CHAIN_ID = 31337;
  /**
   * The secret keys of anvil's first dev accounts (from its public default mnemonic "test test ...
   * junk"): well known, funded with 10000 ETH each on a fresh anvil, for local use only.
   */
  public static final List<String> DEV_KEYS = List.of(
      "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
      "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
      "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
      "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6");
  private static final Pattern LISTENING = Pattern.compile("Listening on (127\\.0\\.0\\.1:\\d+)");

  private final Process process;
  private final String endpoint;

  private Anvil(Process process, String endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /** Starts anvil on 127.0.0.1 with automatic mining (a block per transaction). */
  public static Anvil start() throws IOException {
    return start(List.of());
  }

  /**
   * Starts anvil on 127.0.0.1, on a port the system picks, with {@code extraArguments} (for example
   * {@code --block-time 1}), and waits until it listens.
   */
  public static Anvil start(List<String> extraArguments) throws IOException {
    return start(0, extraArguments);
  }

  /** Starts anvil on 127.0.0.1:{@code port} (0: a port the system picks) with {@code extraArguments}. */
  public static Anvil start(int port, List<String> extraArguments) throws IOException {
    List<String> command = new ArrayList<>(List.of(binary().toString(), "--host", "127.0.0.1", "--port", Integer.toString(port),
        "--chain-id", Long.toString(CHAIN_ID), "--accounts", Integer.toString(DEV_KEYS.size())));
    command.addAll(extraArguments);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    // A JVM that exits without closing this (a crashed test, Ctrl-C) still stops its node.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "anvil-stop"));
    CompletableFuture<String> listening = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          Matcher matcher = LISTENING.matcher(line);
          if (matcher.find()) {
            listening.complete(matcher.group(1));
          }
        }
        listening.completeExceptionally(new IOException("anvil exited with code " + process.waitFor()));
      } catch (IOException | InterruptedException e) {
        listening.completeExceptionally(e);
      }
    }, "anvil-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return new Anvil(process, "http://" + listening.get(30, TimeUnit.SECONDS));
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new IOException("anvil did not start: " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting anvil", e);
    }
  }

  /**
   * The anvil binary: {@code QP_ANVIL} if set, else {@code node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil}
   * in the working directory or one of its parents.
   */
  public static Path binary() throws IOException {
    String configured = System.getenv("QP_ANVIL");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IOException("anvil is not installed: run scripts/eth-tools (it installs the pinned anvil into node_modules/)");
  }

  /** The JSON-RPC endpoint, {@code http://127.0.0.1:port}. */
  public String endpoint() {
    return endpoint;
  }

  /** Whether the node still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the node and waits for it to exit. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
