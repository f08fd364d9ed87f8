package io.quorumpay.authority;

import io.quorumpay.authority.local.FreePorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quorumpay.api.config.ConfigException;
import io.quorumpay.api.config.KeyFile;
import io.quorumpay.authority.config.AuthorityConfig;
import io.quorumpay.authority.local.LocalNetwork;
import io.quorumpay.core.crypto.KeyPair;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigAndOperationsTest {
  @TempDir
  Path dir;

  @Test
  void keyFilesAreOwnerOnlyAndNeverOverwrittenOrEchoed() throws Exception {
    Path file = dir.resolve("keys/a.key");
    KeyPair key = KeyPair.generate(new SecureRandom());
    KeyFile.write(file, key);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(KeyFile.read(file).publicKey()).isEqualTo(key.publicKey());
    assertThatThrownBy(() -> KeyFile.write(file, key)).isInstanceOf(IOException.class).hasMessageContaining("refusing to overwrite");

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> KeyFile.read(file)).isInstanceOf(ConfigException.class).hasMessageContaining("chmod 600");

    Path bad = dir.resolve("bad.key");
    Files.createFile(bad, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    String secretish = HexFormat.of().formatHex(key.secretSeed()).substring(0, 40);
    Files.writeString(bad, secretish);
    assertThatThrownBy(() -> KeyFile.read(bad)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("does not hold").satisfies(e -> assertThat(e.getMessage()).doesNotContain(secretish));
  }

  @Test
  void badConfigFilesGetMessagesThatSayWhatToFix() throws Exception {
    LocalNetwork.Layout layout = LocalNetwork.init(dir.resolve("net"), "config-test", 4, 2, false, FreePorts::next);
    Path config = layout.authorityFiles().get(0);
    AuthorityConfig good = AuthorityConfig.read(config);
    assertThat(good.shards()).containsExactly(0, 1);
    assertThat(good.toString()).doesNotContain(HexFormat.of().formatHex(good.key().secretSeed()));

    Files.writeString(config, Files.readString(config).replaceFirst("(?m)^peers:.*\\n(- .*\\n)+", "peers: [\"127.0.0.1:1\"]\n"));
    assertThatThrownBy(() -> AuthorityConfig.read(config)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("one address per shard");

    // TLS is on unless turned off: a config without the tls section needs certificates.
    Path noTls = config.resolveSibling("no-tls.yaml");
    Files.writeString(noTls, Files.readString(layout.authorityFiles().get(2)).replaceFirst("(?m)^tls:\\n  enabled: false\\n", "")
        .replace("authority.key", "../authority-2/authority.key"));
    assertThatThrownBy(() -> AuthorityConfig.read(noTls)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("TLS is on by default");

    Path missing = dir.resolve("missing.yaml");
    Files.writeString(missing, "key: x.key\n");
    assertThatThrownBy(() -> AuthorityConfig.read(missing)).isInstanceOf(ConfigException.class).hasMessageContaining("needs 'committee'");
    assertThatThrownBy(() -> AuthorityConfig.read(dir.resolve("nowhere.yaml"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot read");

    // A key that is not in the committee.
    Path stranger = layout.authorityFiles().get(1).resolveSibling("authority.key");
    Files.delete(stranger);
    KeyFile.write(stranger, KeyPair.generate(new SecureRandom()));
    assertThatThrownBy(() -> AuthorityConfig.read(layout.authorityFiles().get(1))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("not in the committee");
    assertThatThrownBy(() -> LocalNetwork.init(dir.resolve("net"), "again", 4, 2, false, FreePorts::next))
        .isInstanceOf(IOException.class).hasMessageContaining("already holds a network");
  }

  @Test
  void theMetricsEndpointReportsShardActivity() throws Exception {
    int port = FreePorts.next();
    try (InProcessNetwork network = new InProcessNetwork(dir, 1, 1)) {
      network.stop(0);
      Path config = network.layout.authorityFiles().get(0);
      Files.writeString(config, Files.readString(config).replace("port: 0", "port: " + port));
      network.restart(0);
      try (TestClient client = new TestClient(network.committee)) {
        Eventually.within(java.time.Duration.ofSeconds(10), () -> assertThat(client.healthy(0)).isTrue());
      }
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("qp_shard_requests_total{kind=\"health\",outcome=\"ok\",shard=\"0\"}")
          .contains("qp_shard_commit_seconds").contains("qp_shard_queue_depth");
    }
  }
}
