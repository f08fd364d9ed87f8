package io.quorumpay.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.InsecureChannelCredentials;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.core.crypto.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A wallet belongs to one network and to the key it was made with, and is used from one place at a time. */
class WalletNetworkTest {
  @TempDir
  Path dir;

  CommitteeFile committee(String name) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, "network: " + name + "\nauthorities:\n  - name: " + KeyPair.generate(new SecureRandom()).publicKey()
        + "\n    shards: [127.0.0.1:1]\n");
    return CommitteeFile.read(file);
  }

  @Test
  void aWalletUsedOnOneNetworkRefusesAnotherAndChangesNothing() throws Exception {
    WalletFile wallet = WalletFile.create(dir.resolve("w.json"), KeyPair.generate(new SecureRandom()));
    CommitteeFile first = committee("first");
    CommitteeFile second = committee("second");
    try (CommitteeClient one = new CommitteeClient(first, InsecureChannelCredentials.create(), Duration.ofSeconds(1));
        PayKit kit = PayKit.open(wallet, one, new DepositDepthTest.DepthRecorder(new java.util.ArrayList<>()))) {
      assertThat(kit.account()).isNotNull();
    }
    assertThat(wallet.load().committee()).contains(first.committee().digest());
    String before = Files.readString(wallet.path());
    try (CommitteeClient two = new CommitteeClient(second, InsecureChannelCredentials.create(), Duration.ofSeconds(1))) {
      PayKitException refused = catchThrowableOfType(PayKitException.class,
          () -> PayKit.open(wallet, two, new DepositDepthTest.DepthRecorder(new java.util.ArrayList<>())));
      assertThat(refused.kind()).isEqualTo(PayKitException.Kind.WRONG_NETWORK);
      assertThat(refused).hasMessageContaining("belongs to another network").hasMessageContaining("nothing was done");
    }
    assertThat(Files.readString(wallet.path())).isEqualTo(before);
  }

  @Test
  void aWalletWhoseSecretKeyWasDamagedIsRefused() throws Exception {
    KeyPair key = KeyPair.generate(new SecureRandom());
    Path path = dir.resolve("d.json");
    WalletFile.create(path, key);
    String secret = HexFormat.of().formatHex(key.secretSeed());
    // One digit changed: still a valid seed, of another account.
    String damaged = secret.substring(0, 10) + (secret.charAt(10) == '0' ? '1' : '0') + secret.substring(11);
    Files.writeString(path, Files.readString(path).replace(secret, damaged));
    Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> WalletFile.at(path).load());
    assertThat(failure).hasMessageContaining("secret key does not belong to its account " + key.publicKey())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(damaged).doesNotContain(secret));
  }

  @Test
  void aWalletInUseIsRefusedUntilItIsClosed() throws Exception {
    WalletFile wallet = WalletFile.create(dir.resolve("busy.json"), KeyPair.generate(new SecureRandom()));
    CommitteeFile network = committee("busy");
    try (CommitteeClient client = new CommitteeClient(network, InsecureChannelCredentials.create(), Duration.ofSeconds(1))) {
      PayKit first = PayKit.open(wallet, client, new DepositDepthTest.DepthRecorder(new java.util.ArrayList<>()));
      PayKitException busy = catchThrowableOfType(PayKitException.class,
          () -> PayKit.open(wallet, client, new DepositDepthTest.DepthRecorder(new java.util.ArrayList<>())));
      assertThat(busy.kind()).isEqualTo(PayKitException.Kind.IN_USE);
      assertThat(busy).hasMessageContaining("is in use").hasMessageContaining("never be used from two places at once");
      first.close();
      PayKit.open(wallet, client, new DepositDepthTest.DepthRecorder(new java.util.ArrayList<>())).close();
    }
  }
}
