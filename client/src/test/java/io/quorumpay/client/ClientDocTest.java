package io.quorumpay.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.authority.local.FreePorts;
import io.quorumpay.authority.local.LocalNetwork;
import io.quorumpay.authority.local.LocalNetworkRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/CLIENT.md shows ClientExample exactly, and the example works against a real network. */
class ClientDocTest {
  static final Path EXAMPLE = Path.of("src/test/java/io/quorumpay/client/ClientExample.java");

  @TempDir
  Path dir;

  @Test
  void theDocumentShowsTheCompiledExampleVerbatim() throws Exception {
    String document = Files.readString(Path.of("..", "docs", "CLIENT.md"));
    int start = document.indexOf("```java\n") + "```java\n".length();
    int end = document.indexOf("```", start);
    assertThat(document.substring(start, end)).isEqualTo(Files.readString(EXAMPLE));
  }

  @Test
  void theExampleRunsAgainstALocalNetwork() throws Exception {
    LocalNetwork.Layout layout = LocalNetwork.init(dir.resolve("net"), "example", 4, 2, false, FreePorts::next);
    PrintStream original = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (LocalNetworkRunner network = LocalNetworkRunner.start(layout, dir.resolve("logs"), Duration.ofSeconds(60), name -> { })) {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      ClientExample.main(new String[] {layout.dir().toString()});
      assertThat(printed.toString(StandardCharsets.UTF_8))
          .contains("paid, confirmed by a quorum: true")
          .contains("bob has 250 QPC")
          .contains("redeemed 100 to 0x00000000000000000000000000000000000000B0")
          .contains("bob paid back: certificate ");
      // Run again, as a user would: the same wallets, no stack trace, and bob's balance goes on.
      printed.reset();
      ClientExample.main(new String[] {layout.dir().toString()});
      assertThat(printed.toString(StandardCharsets.UTF_8)).contains("paid, confirmed by a quorum: true").contains("bob has 350 QPC");
    } finally {
      System.setOut(original);
    }
  }
}
