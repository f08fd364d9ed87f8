package io.quorumpay.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quorumpay.api.config.ConfigException;
import io.quorumpay.hub.Hub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubSettingsTest {
  private static final String URL = "jdbc:postgresql://db:5432/hub?user=hub";
  private static final String PASSWORD = "s3cret-pg-password";

  @TempDir
  Path dir;

  private HubCommand.Settings settings(Optional<String> database, Optional<Path> password) {
    return new HubCommand.Settings("127.0.0.1:0", database, password, Optional.empty(), List.of(), List.of());
  }

  @Test
  void theDatabasePasswordComesFromAnOwnerOnlyFileAndIsNeverShown() throws Exception {
    Path file = dir.resolve("pg.password");
    Files.writeString(file, PASSWORD + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
    assertThatThrownBy(() -> HubCommand.database(settings(Optional.of(URL), Optional.of(file)), dir))
        .isInstanceOf(ConfigException.class).hasMessageContaining("chmod 600")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Hub.Database database = HubCommand.database(settings(Optional.of(URL), Optional.of(file)), dir);
    assertThat(database).isEqualTo(new Hub.Database.External(URL, null, PASSWORD));
    assertThat(database.toString()).doesNotContain(PASSWORD);
  }

  @Test
  void aPasswordFileWithoutADatabaseIsRefusedAndNoDatabaseMeansEmbedded() throws Exception {
    assertThatThrownBy(() -> HubCommand.database(settings(Optional.empty(), Optional.of(dir.resolve("any"))), dir))
        .isInstanceOf(ConfigException.class).hasMessageContaining("needs --database");
    assertThat(HubCommand.database(settings(Optional.empty(), Optional.empty()), dir)).isEqualTo(new Hub.Database.Embedded(dir));
  }
}
