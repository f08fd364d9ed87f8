package io.quorumpay.hub.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quorumpay.api.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorCredentialTest {
  private static final String SECRET = "correct-horse-battery-staple";

  @TempDir
  Path dir;

  @Test
  void aCredentialFileOthersCanReadIsRefusedWithoutEchoingIt() throws Exception {
    Path file = dir.resolve("operator.token");
    Files.writeString(file, SECRET + "\nsecond line is ignored\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> OperatorCredential.load(Optional.of(file))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("chmod 600").satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    OperatorCredential credential = OperatorCredential.load(Optional.of(file)).orElseThrow();
    assertThat(credential.accepts("Bearer " + SECRET)).isTrue();
    assertThat(credential.accepts("Bearer second line is ignored")).isFalse();
    assertThat(credential.toString()).doesNotContain(SECRET);
  }

  @Test
  void aShortCredentialIsRefused() throws Exception {
    Path file = dir.resolve("short.token");
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, "short\n");
    assertThatThrownBy(() -> OperatorCredential.load(Optional.of(file))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 16 characters");
  }
}
