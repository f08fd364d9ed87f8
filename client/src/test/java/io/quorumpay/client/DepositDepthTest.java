package io.quorumpay.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.InsecureChannelCredentials;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.primary.ChainStatus;
import io.quorumpay.api.primary.DepositReceipt;
import io.quorumpay.api.primary.PrimaryChain;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.primary.RedeemReceipt;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.PrimaryAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A wallet counts a primary deposit at the committee's depth, the depth at which authorities credit it. */
class DepositDepthTest {
  @TempDir
  Path dir;

  @Test
  void aWalletAsksThePrimaryForDepositsAtTheCommitteesDepth() throws Exception {
    KeyPair authority = KeyPair.generate(new SecureRandom());
    Path file = dir.resolve("committee.yaml");
    Files.writeString(file, "network: depth\ndepositConfirmations: 6\nauthorities:\n  - name: " + authority.publicKey()
        + "\n    shards: [127.0.0.1:1]\n");
    CommitteeFile committee = CommitteeFile.read(file);
    assertThat(committee.depositConfirmations()).isEqualTo(6);
    List<Integer> asked = new CopyOnWriteArrayList<>();
    try (CommitteeClient authorities = new CommitteeClient(committee, InsecureChannelCredentials.create(), Duration.ofSeconds(1));
        PayKit wallet = PayKit.open(WalletFile.create(dir.resolve("w.json"), KeyPair.generate(new SecureRandom())), authorities,
            new DepthRecorder(asked))) {
      // No authority listens here: the sync says so, after asking the primary at the committee's depth.
      PayKitException unreachable = org.assertj.core.api.Assertions.catchThrowableOfType(PayKitException.class, wallet::sync);
      assertThat(unreachable.kind()).isEqualTo(PayKitException.Kind.UNREACHABLE);
    }
    assertThat(asked).isNotEmpty().containsOnly(6);
  }

  /** A primary chain that holds nothing and remembers the depth it was asked for. */
  record DepthRecorder(List<Integer> asked) implements PrimaryChain {
    @Override
    public List<PrimaryDeposit> confirmedDeposits(long from, int limit, int confirmations) {
      asked.add(confirmations);
      return List.of();
    }

    @Override
    public DepositReceipt deposit(PrimaryAddress depositor, AccountId recipient, AssetId asset, Amount amount) {
      throw new UnsupportedOperationException();
    }

    @Override
    public RedeemReceipt redeem(Certificate certificate) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ChainStatus status() {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.util.OptionalLong lastRedeemed(AccountId sender) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }
}
