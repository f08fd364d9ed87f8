package io.quorumpay.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quorumpay.core.client.ClientSnapshot;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.types.SequenceNumber;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalletFileTest {
  @TempDir
  Path dir;

  @Test
  void aWalletIsOwnerOnlyRoundTripsAndIsNeverOverwrittenByCreate() throws IOException {
    KeyPair key = KeyPair.generate(new SecureRandom());
    Path path = dir.resolve("w/alice.json");
    WalletFile wallet = WalletFile.create(path, key);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
    WalletData data = wallet.load();
    assertThat(data.key().publicKey()).isEqualTo(key.publicKey());
    assertThat(data.snapshot().nextSequenceNumber()).isEqualTo(SequenceNumber.ZERO);
    assertThatThrownBy(() -> WalletFile.create(path, key)).hasMessageContaining("refusing to overwrite");

    wallet.save(new WalletData(key, new ClientSnapshot(new SequenceNumber(3), Optional.empty(), List.of(), List.of(), List.of()),
        Map.of(), 17, -1, Optional.empty(), Map.of(), Map.of()));
    assertThat(WalletFile.at(path).load().depositCursor()).isEqualTo(17);
    // A channel with its hot key survives a save and a load, and the key never shows in the record's text.
    KeyPair hot = KeyPair.generate(new java.security.SecureRandom());
    WalletChannel channel = new WalletChannel(new io.quorumpay.core.types.ChannelId(io.quorumpay.core.encoding.Bytes.copyOf(new byte[32])),
        new io.quorumpay.core.types.AccountId(KeyPair.generate(new java.security.SecureRandom()).publicKey()),
        new io.quorumpay.core.types.AssetId("QPC"), Optional.of(hot), 2, 40);
    wallet.save(WalletFile.at(path).load().withChannel(channel));
    WalletChannel loaded = WalletFile.at(path).load().channels().get(channel.id());
    assertThat(loaded.nonce()).isEqualTo(2);
    assertThat(loaded.authorized()).isEqualTo(40);
    assertThat(loaded.signer().orElseThrow().publicKey()).isEqualTo(hot.publicKey());
    assertThat(loaded.toString()).doesNotContain(java.util.HexFormat.of().formatHex(hot.secretSeed()));
    assertThat(WalletFile.at(path).load().snapshot().nextSequenceNumber().value()).isEqualTo(3);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
    assertThat(data.toString()).doesNotContain(HexFormat.of().formatHex(key.secretSeed()));
  }

  @Test
  void aLeftoverTemporaryFileFromACrashIsHarmless() throws IOException {
    KeyPair key = KeyPair.generate(new SecureRandom());
    Path path = dir.resolve("bob.json");
    WalletFile wallet = WalletFile.create(path, key);
    // A crash between writing the new version and renaming it leaves the temporary file behind.
    Files.writeString(path.resolveSibling("bob.json.tmp"), "{\"torn");
    assertThat(WalletFile.at(path).load().key().publicKey()).isEqualTo(key.publicKey());
    wallet.save(wallet.load());
    assertThat(Files.exists(path.resolveSibling("bob.json.tmp"))).isFalse();
  }

  @Test
  void aDamagedWalletSaysSoWithoutEchoingItsSecret() throws IOException {
    KeyPair key = KeyPair.generate(new SecureRandom());
    Path path = dir.resolve("carol.json");
    WalletFile.create(path, key);
    String secret = HexFormat.of().formatHex(key.secretSeed());
    Files.writeString(path, Files.readString(path).replace(secret, secret.substring(0, 10)));
    assertThatThrownBy(() -> WalletFile.at(path).load()).isInstanceOf(IOException.class).hasMessageContaining("damaged")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret.substring(0, 10)));
    assertThatThrownBy(() -> WalletFile.at(dir.resolve("none.json"))).hasMessageContaining("qp keygen");
  }

  @Test
  void aHandEditedWalletThatIsNoLongerJsonNeverEchoesItsSecret() throws IOException {
    KeyPair key = KeyPair.generate(new SecureRandom());
    Path path = dir.resolve("dave.json");
    WalletFile.create(path, key);
    String secret = HexFormat.of().formatHex(key.secretSeed());
    // The quotes around the key removed by hand: a JSON parser stops at the key and, by default, quotes it.
    Files.writeString(path, Files.readString(path).replace("\"" + secret + "\"", "x" + secret));
    Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> WalletFile.at(path).load());
    assertThat(failure).isInstanceOf(IOException.class).hasMessageContaining("not readable JSON").hasMessageContaining("line");
    for (Throwable t = failure; t != null; t = t.getCause()) {
      assertThat(t.getMessage()).doesNotContain(secret.substring(0, 16));
    }
  }
}
