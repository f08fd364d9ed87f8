package io.quorumpay.client;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.primary.RemotePrimaryChain;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.UserData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A client process that gets as far as a quorum of votes and then waits to be killed: it prepares
 * a transfer (saved as pending), asks every authority for its vote, prints the order, and sleeps.
 * Arguments: wallet, committee file, primary endpoint, recipient account, amount.
 */
public final class VotingChild {
  private VotingChild() {}

  public static void main(String[] args) throws Exception {
    CommitteeFile committeeFile = CommitteeFile.read(Path.of(args[1]));
    try (CommitteeClient committee = new CommitteeClient(committeeFile, InsecureChannelCredentials.create(), Duration.ofSeconds(2));
        RemotePrimaryChain primary = new RemotePrimaryChain(Grpc.newChannelBuilder(args[2], InsecureChannelCredentials.create()).build());
        PayKit wallet = PayKit.open(WalletFile.at(Path.of(args[0])), committee, primary)) {
      SignedOrder<TransferOrder> order = wallet.prepareTransfer(new Recipient.Account(AccountId.parse(args[3])), new AssetId("QPC"),
          Amount.parse(args[4]), UserData.EMPTY);
      for (int a = 0; a < committee.size(); a++) {
        committee.vote(a, order).join();
      }
      System.out.println("VOTED " + HexFormat.of().formatHex(order.encode()));
      System.out.flush();
      Thread.sleep(600_000);
    }
  }
}
