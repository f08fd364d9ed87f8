package io.quorumpay.cli;

import io.quorumpay.api.primary.DepositReceipt;
import io.quorumpay.client.Balance;
import io.quorumpay.client.PayKit;
import io.quorumpay.client.PayKitException;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.text.TextFormException;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.PrimaryAddress;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qp deposit} and {@code qp faucet}: money in from the primary chain. */
@Command(name = "deposit", mixinStandardHelpOptions = true,
    description = "Deposit on the primary chain to this wallet's account, and wait until it counts.")
class DepositCommand extends WalletCommand {
  @Option(names = "--from", paramLabel = "0xADDRESS", description = "The depositing primary address (default: the dev faucet,"
      + " or on Ethereum the network's account).")
  String from;

  @Option(names = "--amount", required = true, description = "Units to deposit.")
  String amountText;

  @Option(names = "--asset", defaultValue = "QPC", description = "Asset code (default: ${DEFAULT-VALUE}).")
  String assetText;

  @Option(names = "--timeout", defaultValue = "30", description = "Seconds to wait for the deposit to count (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Mixin
  TypedInput typed;

  PrimaryAddress depositor;
  Amount amount;
  AssetId asset;

  @Override
  void validate() throws ProtocolException, TextFormException {
    depositor = from == null ? null : typed.address(from);
    amount = positiveAmount(amountText);
    asset = AssetId.parse(assetText);
  }

  @Override
  int run(PayKit kit) throws PayKitException {
    long before = kit.balance().of(asset);
    PrimaryAddress source;
    try {
      source = depositor != null ? depositor : NetworkOptions.defaultDepositor(primary);
    } catch (java.io.IOException e) {
      return output.error(Exit.USAGE, e.getMessage());
    }
    DepositReceipt receipt = kit.deposit(source, asset, amount);
    output.note("deposit #" + receipt.deposit().index() + " is in block " + receipt.block() + "; waiting for it to count...");
    long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
    Balance balance = kit.balance();
    while (balance.of(asset) < before + amount.units() && System.currentTimeMillis() < deadline) {
      sleep();
      balance = kit.balance();
    }
    if (balance.of(asset) < before + amount.units()) {
      return output.error(Exit.UNAVAILABLE, "deposit #" + receipt.deposit().index()
          + " is on the primary but not confirmed yet; run qp balance later");
    }
    output.result("deposited " + amount + " " + asset + " (deposit #" + receipt.deposit().index() + "); balance " + balance.of(asset)
        + " " + asset, Map.of("deposit", receipt.deposit().index(), "block", receipt.block(), "asset", asset.code(),
        "amount", amount.units(), "balance", balance.of(asset)));
    return Exit.OK;
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code qp faucet}: a deposit from the development faucet. */
  @Command(name = "faucet", mixinStandardHelpOptions = true,
      description = "Fund this wallet from the development faucet (a deposit from the faucet address).")
  static final class Faucet extends DepositCommand {}
}
