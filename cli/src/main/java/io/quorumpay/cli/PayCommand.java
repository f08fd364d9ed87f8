package io.quorumpay.cli;

import io.quorumpay.client.PayKit;
import io.quorumpay.client.PayKitException;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.UserData;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code qp pay}: a payment to another account. */
@Command(name = "pay", mixinStandardHelpOptions = true, description = "Pay another QuorumPay account; prints the certificate.")
final class PayCommand extends WalletCommand {
  @Option(names = "--to", required = true, paramLabel = "ACCOUNT", description = "The recipient's account id (64 hex digits).")
  String to;

  @Option(names = "--amount", required = true, description = "Units to pay.")
  String amountText;

  @Option(names = "--asset", defaultValue = "QPC", description = "Asset code (default: ${DEFAULT-VALUE}).")
  String assetText;

  @Option(names = "--memo", description = "A note; its SHA-256 goes in the order's user data.")
  String memo;

  private AccountId recipient;
  private Amount amount;
  private AssetId asset;

  @Override
  void validate() throws ProtocolException {
    recipient = AccountId.parse(to);
    amount = positiveAmount(amountText);
    asset = AssetId.parse(assetText);
  }

  @Override
  int run(PayKit kit) throws PayKitException {
    Certificate certificate = kit.pay(new Recipient.Account(recipient), asset, amount, userData(memo));
    output.result("paid " + amount + " " + asset + " to " + recipient + "\ncertificate " + certificate.key() + " with "
            + certificate.votes().size() + " votes",
        Map.of("to", recipient.toString(), "amount", amount.units(), "asset", asset.code(),
            "sequenceNumber", certificate.order().sequenceNumber().value(),
            "certificate", HexFormat.of().formatHex(certificate.encode())));
    return Exit.OK;
  }

  static UserData userData(String memo) {
    if (memo == null) {
      return UserData.EMPTY;
    }
    try {
      return new UserData(Bytes.copyOf(MessageDigest.getInstance("SHA-256").digest(memo.getBytes(StandardCharsets.UTF_8))));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
