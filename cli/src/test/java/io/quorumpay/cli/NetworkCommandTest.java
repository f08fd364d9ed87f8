package io.quorumpay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quorumpay.authority.local.FreePorts;
import io.quorumpay.authority.local.LocalNetwork;
import io.quorumpay.authority.local.LocalNetworkRunner;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the {@code qp} command tests against a running network share: a local network (4
 * authorities, 2 shards each) up for the whole test class, a wallet file per name, and a command's
 * JSON output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NetworkCommandTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;

  private final String name;
  LocalNetworkRunner network;
  LocalNetwork.Layout layout;
  /** The network's directory, as {@code --network} takes it. */
  String net;

  /** {@code name} names the network (its chain id and processes). */
  NetworkCommandTest(String name) {
    this.name = name;
  }

  @BeforeAll
  void start() throws Exception {
    layout = LocalNetwork.init(dir.resolve("net"), name, 4, 2, false, FreePorts::next);
    network = LocalNetworkRunner.start(layout, dir.resolve("logs"), Duration.ofSeconds(60), process -> { });
    net = layout.dir().toString();
  }

  @AfterAll
  void stop() {
    if (network != null) {
      network.close();
    }
  }

  String wallet(String name) {
    return dir.resolve(name + ".json").toString();
  }

  /** The JSON a command printed, once it succeeded. */
  JsonNode json(DemoCommandTest.Run run) throws Exception {
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    return JSON.readTree(run.out());
  }
}
