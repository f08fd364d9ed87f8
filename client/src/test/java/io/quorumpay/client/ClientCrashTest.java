package io.quorumpay.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.primary.RemotePrimaryChain;
import io.quorumpay.authority.local.FreePorts;
import io.quorumpay.authority.local.LocalNetwork;
import io.quorumpay.authority.local.LocalNetworkRunner;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.UserData;
import io.quorumpay.primary.DevChain;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client process killed after its order got votes and before it confirmed: the restarted wallet finishes that same order. */
class ClientCrashTest {
  static final AssetId QPC = new AssetId("QPC");

  @TempDir
  Path dir;

  @Test
  void aClientKilledBetweenVotesAndConfirmationFinishesTheSameTransfer() throws Exception {
    LocalNetwork.Layout layout = LocalNetwork.init(dir.resolve("net"), "client-crash", 4, 2, false, FreePorts::next);
    CommitteeFile committeeFile = CommitteeFile.read(layout.committeeFile());
    try (LocalNetworkRunner network = LocalNetworkRunner.start(layout, dir.resolve("logs"), Duration.ofSeconds(60), name -> { });
        CommitteeClient committee = new CommitteeClient(committeeFile, InsecureChannelCredentials.create(), Duration.ofSeconds(2));
        RemotePrimaryChain primary = new RemotePrimaryChain(
            Grpc.newChannelBuilder(layout.primaryEndpoint(), InsecureChannelCredentials.create()).build())) {
      SecureRandom random = new SecureRandom();
      Path alicePath = dir.resolve("alice.json");
      WalletFile.create(alicePath, KeyPair.generate(random));
      PayKit bob = PayKit.open(WalletFile.create(dir.resolve("bob.json"), KeyPair.generate(random)), committee, primary);
      try (PayKit alice = PayKit.open(WalletFile.at(alicePath), committee, primary)) {
        alice.deposit(DevChain.faucetAddress(), QPC, new Amount(500));
        PayKitNetworkTest.awaitBalance(alice, 500);
      }

      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
          System.getProperty("java.class.path"), VotingChild.class.getName(), alicePath.toString(), layout.committeeFile().toString(),
          layout.primaryEndpoint(), bob.account().hex(), "120").redirectErrorStream(true).start();
      String voted = null;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith("VOTED ")) {
            voted = line.substring(6);
            break;
          }
        }
        child.destroyForcibly().waitFor();
      }
      assertThat(voted).as("the child got its votes").isNotNull();
      SignedOrder<TransferOrder> signed = SignedOrder.decodeTransfer(HexFormat.of().parseHex(voted));

      try (PayKit alice = PayKit.open(WalletFile.at(alicePath), committee, primary)) {
        assertThat(alice.pendingOrder()).contains(signed);
        // It will not sign anything else at that sequence number.
        PayKitException another = catchThrowableOfType(PayKitException.class,
            () -> alice.prepareTransfer(new Recipient.Account(bob.account()), QPC, new Amount(1), UserData.EMPTY));
        assertThat(another.error().orElseThrow().code()).isEqualTo(io.quorumpay.core.error.ProtocolError.Code.PENDING_ORDER_EXISTS);
        Certificate certificate = alice.finishPending().orElseThrow();
        assertThat(certificate.order()).isEqualTo(signed.order());
        assertThat(alice.isConfirmed(certificate)).isTrue();
        assertThat(alice.balance().of(QPC)).isEqualTo(380);
        assertThat(alice.pay(new Recipient.Account(bob.account()), QPC, new Amount(30), UserData.EMPTY).key().sequenceNumber().value())
            .isEqualTo(1);
      }
      assertThat(bob.balance().of(QPC)).isEqualTo(150);
      assertThat(bob.receivedSince(0)).extracting(c -> ((TransferOrder) c.order()).amount().units()).containsExactlyInAnyOrderElementsOf(List.of(120L, 30L));
      bob.close();
    }
  }
}
