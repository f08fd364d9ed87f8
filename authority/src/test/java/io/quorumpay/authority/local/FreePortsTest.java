package io.quorumpay.authority.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** FreePorts claims ports through a lock file in the build tree, so test runs leave nothing in the temporary folder. */
class FreePortsTest {
  @Test
  void theClaimFileLivesInTheBuildTreeNamedByTheBuild() {
    String dir = System.getProperty(FreePorts.DIRECTORY_PROPERTY);
    assertThat(dir).as("the build (surefire) names the folder of the claim file").isNotBlank();
    assertThat(Path.of(dir).getFileName().toString()).isEqualTo("target");

    int first = FreePorts.next();
    int second = FreePorts.next();

    assertThat(first).isNotEqualTo(second).isBetween(20_000, 32_000);
    assertThat(Path.of(dir, "quorumpay-ports.lock")).exists();
    assertThat(Path.of(dir)).isNotEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
    assertThat(Files.isRegularFile(Path.of(dir, "quorumpay-ports.lock"))).isTrue();
  }
}
