package io.quorumpay.cli;

import io.quorumpay.client.PayKit;
import io.quorumpay.client.PayKitException;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.text.TextFormException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.UserData;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qp pay}: a payment to another account. */
@Command(name = "pay", mixinStandardHelpOptions = true, description = "Pay another QuorumPay account; prints the certificate.")
final class PayCommand extends WalletCommand {
  @Option(names = "--to", required = true, paramLabel = "ACCOUNT", description = "The recipient's account id (qp1…).")
  String to;

  @Mixin
  TypedInput typed;

  @Option(names = "--amount", required = true, description = "Units to pay.")
  String amountText;

  @Option(names = "--asset", defaultValue = "QPC", description = "Asset code (default: ${DEFAULT-VALUE}).")
  String assetText;

  @Option(names = "--memo", description = "A note of up to 32 bytes (UTF-8), carried in the order's user data: sender and"
      + " recipient see it in qp history.")
  String memo;

  @Option(names = "--id", paramLabel = "KEY", description = "An idempotency key: running the command again with the same key"
      + " (after an interruption, a crash or a timeout) finishes or shows the same payment, never a second one.")
  String id;

  private AccountId recipient;
  private Amount amount;
  private AssetId asset;

  @Override
  java.util.Optional<String> idempotencyKey() {
    return java.util.Optional.ofNullable(id);
  }

  @Override
  void validate() throws ProtocolException, TextFormException {
    recipient = typed.account(to);
    amount = positiveAmount(amountText);
    asset = AssetId.parse(assetText);
    userData(memo);
  }

  @Override
  int run(PayKit kit) throws PayKitException, ProtocolException {
    Certificate certificate = id == null
        ? kit.pay(new Recipient.Account(recipient), asset, amount, userData(memo))
        : kit.pay(new Recipient.Account(recipient), asset, amount, userData(memo), id);
    String hex = HexFormat.of().formatHex(certificate.encode());
    output.result("paid " + amount + " " + asset + " to " + recipient + "\ncertificate " + certificate.key() + " with "
            + certificate.votes().size() + " votes; anyone can check it offline with: qp verify " + hex,
        Map.of("to", recipient.toString(), "amount", amount.units(), "asset", asset.code(),
            "sequenceNumber", certificate.key().sequenceNumber().value(),
            "certificate", hex));
    return Exit.OK;
  }

  /** A memo as user data: its UTF-8 bytes, zero-padded to 32. */
  static UserData userData(String memo) throws ProtocolException {
    if (memo == null) {
      return UserData.EMPTY;
    }
    byte[] text = memo.getBytes(StandardCharsets.UTF_8);
    if (text.length > UserData.SIZE) {
      throw new ProtocolException(new io.quorumpay.core.error.ProtocolError.OutOfRange("memo",
          text.length + " bytes in UTF-8; at most " + UserData.SIZE));
    }
    return new UserData(Bytes.copyOf(java.util.Arrays.copyOf(text, UserData.SIZE)));
  }

  /** User data shown back: the memo text if it is one, else its hex; empty for none. */
  static String memoOf(UserData data) {
    byte[] bytes = data.bytes().toArray();
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] == 0) {
      end--;
    }
    if (end == 0) {
      return "";
    }
    String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
    boolean printable = text.codePoints().allMatch(c -> !Character.isISOControl(c) && c != 0xFFFD);
    return printable ? text : data.bytes().toHex();
  }
}
