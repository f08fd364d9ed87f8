package io.quorumpay.conformance;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.quorumpay.api.RemoteWalletGrpc;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * {@code scripts/conformance}: runs the suite against the wallet driver at {@code --wallet host:port}
 * (any language), or against the Java client kit's own driver when no address is given. Exit 1 if
 * any scenario fails. {@code --serve PORT} serves the Java driver for another runner instead.
 */
public final class ConformanceMain {
  private ConformanceMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--serve")) {
      try (PayKitDriver driver = new PayKitDriver()) {
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])))
            .addService(driver).build().start();
        System.out.println("paykit driver on 127.0.0.1:" + server.getPort());
        driver.awaitStop();
        server.shutdownNow();
      }
      return;
    }
    String target = args.length == 2 && args[0].equals("--wallet") ? args[1] : null;
    PayKitDriver own = null;
    Server server = null;
    if (target == null) {
      own = new PayKitDriver();
      server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(own).build().start();
      target = "127.0.0.1:" + server.getPort();
    }
    ManagedChannel channel = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
    List<ConformanceSuite.Outcome> outcomes = ConformanceSuite.run(RemoteWalletGrpc.newBlockingStub(channel));
    long failed = outcomes.stream().filter(o -> !o.passed()).count();
    outcomes.forEach(o -> System.out.printf("%-4s %-18s %s%n", o.passed() ? "ok" : "FAIL", o.scenario(), o.detail()));
    System.out.printf("%d scenarios, %d passed, %d failed%n", outcomes.size(), outcomes.size() - failed, failed);
    channel.shutdownNow();
    if (server != null) {
      server.shutdownNow();
      own.close();
    }
    System.exit(failed == 0 ? 0 : 1);
  }
}
