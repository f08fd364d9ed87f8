package io.quorumpay.authority;

import io.quorumpay.api.config.ConfigException;
import io.quorumpay.authority.config.AuthorityConfig;
import io.quorumpay.ethereum.ChainMismatchException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code AuthorityMain --config authority.yaml}: runs an authority until it is stopped (SIGTERM
 * or Ctrl-C stop it cleanly). A storage failure halts the process at once (exit code 3), so that a
 * supervisor restarts it from what is durable; a primary chain that answers as another chain or
 * contract than configured stops it with that error (exit code 2, like a bad config file).
 * {@code qp authority run} does the same.
 */
public final class AuthorityMain {
  private static final Logger log = LoggerFactory.getLogger(AuthorityMain.class);

  private AuthorityMain() {}

  public static void main(String[] args) {
    var command = io.quorumpay.api.config.ParentProcess.parse(args);
    if (command.isEmpty()) {
      System.err.println("usage: AuthorityMain --config <authority.yaml> [--parent PID]");
      System.exit(2);
    }
    command.get().exitWithParent();
    System.exit(run(Path.of(command.get().config())));
  }

  /** Runs until shutdown; returns the exit code. */
  public static int run(Path configFile) {
    AuthorityConfig config;
    try {
      config = AuthorityConfig.read(configFile);
    } catch (ConfigException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    AuthorityNode node;
    try {
      node = AuthorityNode.start(config, failure -> {
        if (failure instanceof ChainMismatchException mismatch) {
          // A restart cannot fix the configuration: say what is wrong, like a bad config file.
          System.err.println("error: cannot follow the primary chain: " + mismatch.getMessage());
          Runtime.getRuntime().halt(2);
        }
        log.error("fatal failure; halting so that a restart recovers from what is on disk", failure);
        Runtime.getRuntime().halt(3);
      });
    } catch (IOException e) {
      System.err.println("error: cannot start the authority: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "shutdown"));
    log.atInfo().addKeyValue("authority", config.name().shortName()).addKeyValue("shards", config.shards()).log("authority running");
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
