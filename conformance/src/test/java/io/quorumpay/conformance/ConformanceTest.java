package io.quorumpay.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.quorumpay.api.RemoteWalletGrpc;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Java client kit, behind its RemoteWallet driver, passes every conformance scenario. */
class ConformanceTest {
  @Test
  void thePayKitPassesEveryScenario() throws Exception {
    try (PayKitDriver driver = new PayKitDriver()) {
      Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(driver).build().start();
      ManagedChannel channel = Grpc.newChannelBuilder("127.0.0.1:" + server.getPort(), InsecureChannelCredentials.create()).build();
      try {
        List<ConformanceSuite.Outcome> outcomes = ConformanceSuite.run(RemoteWalletGrpc.newBlockingStub(channel));
        assertThat(outcomes).extracting(ConformanceSuite.Outcome::scenario).containsExactly("agreement", "one-behind", "minority-ahead",
            "authorities-down", "stream-reset", "deposit-in-flight", "redeem-in-flight", "liar", "never-backwards");
        assertThat(outcomes).allSatisfy(o -> assertThat(o.passed()).as(o.detail()).isTrue());
      } finally {
        channel.shutdownNow();
        server.shutdownNow();
      }
    }
  }

  @Test
  void aWalletThatCountsUnverifiedCertificatesFails() throws Exception {
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new CredulousDriver()).build().start();
    ManagedChannel channel = Grpc.newChannelBuilder("127.0.0.1:" + server.getPort(), InsecureChannelCredentials.create()).build();
    try {
      List<ConformanceSuite.Outcome> outcomes = ConformanceSuite.run(RemoteWalletGrpc.newBlockingStub(channel));
      ConformanceSuite.Outcome liar = outcomes.stream().filter(o -> o.scenario().equals("liar")).findFirst().orElseThrow();
      assertThat(liar.passed()).isFalse();
      assertThat(liar.detail()).contains("is not one of");
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
    }
  }
}
