package io.quorumpay.cli;

import io.quorumpay.client.PayKit;
import io.quorumpay.client.PayKitException;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.primary.RedeemReceipt;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.PrimaryAddress;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code qp redeem}: money out to the primary chain. */
@Command(name = "redeem", mixinStandardHelpOptions = true,
    description = "Move funds out of QuorumPay to an address on the primary chain.")
final class RedeemCommand extends WalletCommand {
  @Option(names = "--to", required = true, paramLabel = "0xADDRESS", description = "The primary address to pay.")
  String to;

  @Option(names = "--amount", required = true, description = "Units to redeem.")
  String amountText;

  @Option(names = "--asset", defaultValue = "QPC", description = "Asset code (default: ${DEFAULT-VALUE}).")
  String assetText;

  private PrimaryAddress address;
  private Amount amount;
  private AssetId asset;

  @Override
  void validate() throws ProtocolException {
    address = PrimaryAddress.parse(to);
    amount = Amount.parse(amountText);
    asset = AssetId.parse(assetText);
  }

  @Override
  int run(PayKit kit) throws PayKitException {
    RedeemReceipt receipt = kit.redeem(asset, amount, address);
    output.result("redeemed " + receipt.amount() + " " + receipt.asset() + " to " + receipt.to() + " (certificate " + receipt.key() + ")",
        Map.of("to", receipt.to().toString(), "amount", receipt.amount().units(), "asset", receipt.asset().code(),
            "certificate", receipt.key().toString()));
    return Exit.OK;
  }
}
