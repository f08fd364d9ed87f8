package io.quorumpay.cli;

import io.quorumpay.client.PayKit;
import io.quorumpay.client.PayKitException;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.primary.RedeemReceipt;
import io.quorumpay.core.text.TextFormException;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.PrimaryAddress;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qp redeem}: money out to the primary chain; {@code --resume} pays out redeems certified earlier. */
@Command(name = "redeem", mixinStandardHelpOptions = true,
    description = {"Move funds out of QuorumPay to an address on the primary chain.",
        "A redeem certified while the primary was unreachable is saved and paid out by the next command that reaches it;"
            + " --resume does only that. No new redeem starts while an earlier one is unpaid."})
final class RedeemCommand extends WalletCommand {
  @Option(names = "--to", paramLabel = "0xADDRESS", description = "The primary address to pay.")
  String to;

  @Option(names = "--amount", description = "Units to redeem.")
  String amountText;

  @Option(names = "--asset", defaultValue = "QPC", description = "Asset code (default: ${DEFAULT-VALUE}).")
  String assetText;

  @Option(names = "--resume", description = "Only pay out the redeems this wallet certified and the primary has not paid yet.")
  boolean resume;

  @Option(names = "--id", paramLabel = "KEY", description = "An idempotency key: running the command again with the same key"
      + " finishes or shows the same redeem, never a second one.")
  String id;

  @Mixin
  TypedInput typed;

  private PrimaryAddress address;
  private Amount amount;
  private AssetId asset;

  @Override
  java.util.Optional<String> idempotencyKey() {
    return java.util.Optional.ofNullable(id);
  }

  @Override
  void validate() throws ProtocolException, TextFormException {
    if (resume) {
      if (to != null || amountText != null) {
        throw new ProtocolException(new ProtocolError.Malformed("options", "--resume takes no --to or --amount"));
      }
      return;
    }
    if (to == null || amountText == null) {
      throw new ProtocolException(new ProtocolError.Malformed("options", "a redeem needs --to and --amount (or --resume)"));
    }
    address = typed.address(to);
    amount = positiveAmount(amountText);
    asset = AssetId.parse(assetText);
  }

  @Override
  int run(PayKit kit) throws PayKitException {
    if (resume) {
      List<RedeemReceipt> paid = kit.payOutRedeems();
      output.result(paid.isEmpty() ? "no redeem was waiting to be paid" : "paid out " + paid.size() + " redeem(s): " + paid,
          Map.of("paid", paid.stream().map(r -> r.key().toString()).toList()));
      return Exit.OK;
    }
    RedeemReceipt receipt = id == null ? kit.redeem(asset, amount, address) : kit.redeem(asset, amount, address, id);
    output.result("redeemed " + receipt.amount() + " " + receipt.asset() + " to " + receipt.to() + " (certificate " + receipt.key() + ")",
        Map.of("to", receipt.to().toString(), "amount", receipt.amount().units(), "asset", receipt.asset().code(),
            "certificate", receipt.key().toString()));
    return Exit.OK;
  }
}
