package io.quorumpay.primary;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.quorumpay.api.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** {@code PrimaryMain --config primary.yaml}: runs the standalone primary chain until stopped. {@code qp primary run} does the same. */
public final class PrimaryMain {
  private PrimaryMain() {}

  public static void main(String[] args) {
    var command = io.quorumpay.api.config.ParentProcess.parse(args);
    if (command.isEmpty()) {
      System.err.println("usage: PrimaryMain --config <primary.yaml> [--parent PID]");
      System.exit(2);
    }
    command.get().exitWithParent();
    System.exit(run(Path.of(command.get().config())));
  }

  /** Runs until shutdown; returns the exit code. */
  public static int run(Path configFile) {
    PrimaryConfig config;
    try {
      config = PrimaryConfig.read(configFile);
    } catch (ConfigException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    PrimaryNode node;
    try {
      ServerCredentials credentials = config.tls()
          ? TlsServerCredentials.create(config.tlsCert().toFile(), config.tlsKey().toFile())
          : InsecureServerCredentials.create();
      node = PrimaryNode.start(config.committee().committee(), config.dataDir(), config.listen(), config.blockInterval(), credentials);
    } catch (IOException e) {
      System.err.println("error: cannot start the primary chain: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
