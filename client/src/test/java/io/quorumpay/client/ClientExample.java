package io.quorumpay.client;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.primary.RemotePrimaryChain;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.primary.RedeemReceipt;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.UserData;
import io.quorumpay.primary.DevChain;
import io.quorumpay.primary.PrimaryConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;

/** The example of docs/CLIENT.md, compiled with the tests (ClientDocTest keeps the two identical). */
public final class ClientExample {
  public static void main(String[] args) throws Exception {
    Path network = Path.of(args.length > 0 ? args[0] : "qp-data/local");
    AssetId qpc = new AssetId("QPC");

    // One committee client per process: every wallet shares its connections.
    try (CommitteeClient committee = new CommitteeClient(CommitteeFile.read(network.resolve("committee.yaml")),
            InsecureChannelCredentials.create(), Duration.ofSeconds(3));
        RemotePrimaryChain primary = new RemotePrimaryChain(Grpc.newChannelBuilder(
            PrimaryConfig.read(network.resolve("primary.yaml")).listen().toString().replaceFirst("^[^/]*/", ""),
            InsecureChannelCredentials.create()).build());
        PayKit alice = PayKit.open(wallet(network.resolve("alice.json")), committee, primary);
        PayKit bob = PayKit.open(wallet(network.resolve("bob.json")), committee, primary)) {

      // Money in: a deposit on the primary, counted once it is confirmed there (give it 30 s).
      long before = alice.balance().of(qpc);
      alice.deposit(DevChain.faucetAddress(), qpc, new Amount(1000));
      for (int tries = 0; tries < 300 && alice.balance().of(qpc) < before + 1000; tries++) {
        Thread.sleep(100);
      }

      long bobBefore = bob.balance().of(qpc);

      // Pay: the order is signed and saved as pending before anything is sent; submit gathers a
      // quorum of votes, records the certificate, and confirms it everywhere.
      SignedOrder<TransferOrder> order = alice.prepareTransfer(new Recipient.Account(bob.account()), qpc, new Amount(250), UserData.EMPTY);
      Certificate certificate = alice.submit(order);
      System.out.println("paid, confirmed by a quorum: " + alice.isConfirmed(certificate));

      // Receive: bob's balance counts only certificates it verified, whatever any one authority says.
      // The credit reaches bob's shard moments after alice's shard confirms it, so bob polls.
      Balance balance = bob.balance();
      for (int tries = 0; tries < 300 && balance.of(qpc) < bobBefore + 250; tries++) {
        Thread.sleep(100);
        balance = bob.balance();
      }
      System.out.println("bob has " + balance.of(qpc) + " QPC as of primary deposit " + balance.depositIndex());

      // Money out: a certified transfer to a primary address, paid once by the primary.
      RedeemReceipt receipt = bob.redeem(qpc, new Amount(100), PrimaryAddress.parse("0x00000000000000000000000000000000000000B0"));
      System.out.println("redeemed " + receipt.amount() + " to " + receipt.to());

      // The same, without blocking.
      bob.payAsync(new Recipient.Account(alice.account()), qpc, new Amount(50), UserData.EMPTY)
          .thenAccept(done -> System.out.println("bob paid back: certificate " + done.key()))
          .join();
    } catch (PayKitException e) {
      // REFUSED: fix the request; NO_QUORUM or UNREACHABLE: retry later; STORAGE: check the wallet's disk.
      System.err.println(e.kind() + ": " + e.getMessage());
    }
  }

  /** The wallet in {@code file}, made with a new key the first time. */
  static WalletFile wallet(Path file) throws java.io.IOException {
    return java.nio.file.Files.exists(file) ? WalletFile.at(file) : WalletFile.create(file, KeyPair.generate(new SecureRandom()));
  }
}
