package io.quorumpay.cli;

import io.quorumpay.client.PayKit;
import io.quorumpay.client.PayKitException;
import io.quorumpay.client.SignedAuthorization;
import io.quorumpay.client.WalletChannel;
import io.quorumpay.core.client.VerifiedChannel;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.ChannelRefund;
import io.quorumpay.core.text.TextFormException;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.GroupId;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qp channel …}: the buyer's side of payment channels (docs/CHANNELS.md). */
@Command(name = "channel", mixinStandardHelpOptions = true,
    description = "Payment channels this wallet opens: open, add value, extend, show, authorize a payment, refund, list.",
    subcommands = {ChannelCommand.Open.class, ChannelCommand.Add.class, ChannelCommand.Extend.class, ChannelCommand.Show.class,
        ChannelCommand.Authorize.class, ChannelCommand.Refund.class, ChannelCommand.List.class})
final class ChannelCommand {
  private ChannelCommand() {}

  /** A positive number of primary blocks. */
  static long blocks(String text) throws ProtocolException {
    long blocks = Amount.parse(text).units();
    if (blocks == 0) {
      throw new ProtocolException(new ProtocolError.OutOfRange("--expires-in", "a number of blocks above 0"));
    }
    return blocks;
  }

  static ChannelId channelId(String text) throws ProtocolException {
    return ChannelId.fromHex(text.strip());
  }

  /** The primary's height now plus {@code blocks}: the expiration asked for. */
  static long expiration(WalletCommand command, long blocks) throws PayKitException, ProtocolException {
    try {
      long height = command.primary.status().height();
      if (height > Long.MAX_VALUE - blocks) {
        throw new ProtocolException(new ProtocolError.OutOfRange("--expires-in", "the expiration height would exceed 2^63 - 1"));
      }
      return height + blocks;
    } catch (java.io.IOException e) {
      throw new PayKitException(PayKitException.Kind.UNREACHABLE, "the primary chain is unreachable (an expiration is a primary"
          + " height): " + e.getMessage(), null, e);
    }
  }

  static Map<String, Object> fields(VerifiedChannel channel, java.util.Optional<WalletChannel> mine) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("channel", channel.id().toString());
    out.put("sender", channel.sender().text());
    out.put("recipient", channel.recipient().text());
    out.put("asset", channel.open().asset().code());
    out.put("group", channel.open().group().bytes().toHex());
    out.put("signer", channel.open().authorizer().toString());
    out.put("value", channel.value());
    out.put("nonce", channel.nonce().value());
    out.put("expiration", channel.expiration());
    mine.ifPresent(m -> {
      out.put("walletNonce", m.nonce());
      out.put("authorized", m.authorized());
    });
    return out;
  }

  static String text(Map<String, Object> fields) {
    StringBuilder out = new StringBuilder();
    fields.forEach((name, value) -> out.append(String.format("%-12s %s%n", name, value)));
    return out.toString().stripTrailing();
  }

  @Command(name = "open", mixinStandardHelpOptions = true, description = "Open a channel to a seller's account, moving the"
      + " amount from this wallet's balance into it until it expires.")
  static final class Open extends WalletCommand {
    @Option(names = "--to", required = true, paramLabel = "ACCOUNT", description = "The seller's account id (qp1…).")
    String to;

    @Mixin
    TypedInput typed;

    @Option(names = "--amount", required = true, description = "Units to put in the channel.")
    String amountText;

    @Option(names = "--asset", defaultValue = "QPC", description = "Asset code (default: ${DEFAULT-VALUE}).")
    String assetText;

    @Option(names = "--expires-in", required = true, paramLabel = "BLOCKS", description = "Primary blocks from now until the"
        + " channel expires (from then on its rest can be refunded).")
    String expiresIn;

    @Option(names = "--group", paramLabel = "HEX", description = "The seller's service group id, 64 hex digits (default: zeros).")
    String groupText;

    @Option(names = "--signer-key", defaultValue = "new", paramLabel = "new|account", description = "Which key signs payments:"
        + " a new hot key kept in the wallet, or the account's own key (default: ${DEFAULT-VALUE}).")
    String signerKey;

    private AccountId recipient;
    private Amount amount;
    private AssetId asset;
    private long blocks;
    private GroupId group;

    @Override
    void validate() throws ProtocolException, TextFormException {
      recipient = typed.account(to);
      amount = positiveAmount(amountText);
      asset = AssetId.parse(assetText);
      blocks = blocks(expiresIn);
      group = new GroupId(groupText == null ? Bytes.copyOf(new byte[GroupId.SIZE]) : Bytes.fromHex(groupText.strip(), GroupId.SIZE,
          "group id"));
      if (!signerKey.equals("new") && !signerKey.equals("account")) {
        throw new ProtocolException(new ProtocolError.Malformed("--signer-key", "is new or account, not " + signerKey));
      }
    }

    @Override
    int run(PayKit kit) throws PayKitException, ProtocolException {
      VerifiedChannel channel = kit.openChannel(recipient, asset, amount, expiration(this, blocks), group, signerKey.equals("new"));
      Map<String, Object> fields = fields(channel, kit.channels().stream().filter(c -> c.id().equals(channel.id())).findFirst());
      output.result("opened channel " + channel.id() + " of " + amount + " " + asset + " to " + recipient.text()
          + ", expiring at primary height " + channel.expiration(), fields);
      return Exit.OK;
    }
  }

  /** A fund order: value and expiration. */
  abstract static class Fund extends WalletCommand {
    @Option(names = "--channel", required = true, paramLabel = "ID", description = "The channel id (64 hex digits).")
    String channelText;

    ChannelId channel;

    @Override
    void validate() throws ProtocolException, TextFormException {
      channel = channelId(channelText);
    }

    int fund(PayKit kit, Amount added, java.util.OptionalLong blocks) throws PayKitException, ProtocolException {
      VerifiedChannel before = kit.channel(channel);
      long expiration = blocks.isPresent() ? Math.max(before.expiration(), expiration(this, blocks.getAsLong())) : before.expiration();
      VerifiedChannel after = kit.fundChannel(channel, added, expiration);
      output.result("channel " + channel + " now holds " + after.value() + " " + after.open().asset() + " and expires at primary"
          + " height " + after.expiration(), fields(after, java.util.Optional.empty()));
      return Exit.OK;
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add value to a channel this wallet opened.")
  static final class Add extends Fund {
    @Option(names = "--amount", required = true, description = "Units to add.")
    String amountText;

    private Amount amount;

    @Override
    void validate() throws ProtocolException, TextFormException {
      super.validate();
      amount = positiveAmount(amountText);
    }

    @Override
    int run(PayKit kit) throws PayKitException, ProtocolException {
      return fund(kit, amount, java.util.OptionalLong.empty());
    }
  }

  @Command(name = "extend", mixinStandardHelpOptions = true, description = "Move a channel's expiration later.")
  static final class Extend extends Fund {
    @Option(names = "--expires-in", required = true, paramLabel = "BLOCKS", description = "Primary blocks from now.")
    String expiresIn;

    private long blocks;

    @Override
    void validate() throws ProtocolException, TextFormException {
      super.validate();
      blocks = blocks(expiresIn);
    }

    @Override
    int run(PayKit kit) throws PayKitException, ProtocolException {
      return fund(kit, new Amount(0), java.util.OptionalLong.of(blocks));
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "A channel as its certificates prove it, and what this"
      + " wallet has authorised on it.")
  static final class Show extends WalletCommand {
    @Option(names = "--channel", required = true, paramLabel = "ID", description = "The channel id (64 hex digits).")
    String channelText;

    @Option(names = "--sender", paramLabel = "ACCOUNT", description = "Its sender, for a channel another wallet opened"
        + " (default: this wallet).")
    String senderText;

    @Mixin
    TypedInput typed;

    private ChannelId channel;
    private AccountId sender;

    @Override
    void validate() throws ProtocolException, TextFormException {
      channel = channelId(channelText);
      sender = senderText == null ? null : typed.account(senderText);
    }

    @Override
    boolean readsOnly() {
      return true;
    }

    @Override
    int run(PayKit kit) throws PayKitException {
      VerifiedChannel view = sender == null ? kit.channel(channel) : kit.channel(channel, sender);
      Map<String, Object> fields = fields(view, kit.channels().stream().filter(c -> c.id().equals(channel)).findFirst());
      output.result(text(fields), fields);
      return Exit.OK;
    }
  }

  @Command(name = "authorize", mixinStandardHelpOptions = true, description = "Authorise a payment of PRICE more on a channel"
      + " this wallet opened; prints the payment headers (the new cumulative amount is saved before it is signed).")
  static final class Authorize extends WalletCommand {
    @Option(names = "--channel", required = true, paramLabel = "ID", description = "The channel id (64 hex digits).")
    String channelText;

    @Option(names = "--price", required = true, description = "Units this call pays.")
    String priceText;

    private ChannelId channel;
    private Amount price;

    @Override
    void validate() throws ProtocolException, TextFormException {
      channel = channelId(channelText);
      price = positiveAmount(priceText);
    }

    @Override
    boolean needsNetwork() {
      return false;
    }

    @Override
    int run(PayKit kit) throws PayKitException {
      SignedAuthorization signed = kit.authorize(channel, price);
      String signature = HexFormat.of().formatHex(signed.signature().bytes().toArray());
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("qp-channel-id", channel.toString());
      fields.put("qp-channel-nonce", signed.authorization().nonce().value());
      fields.put("qp-channel-amount", signed.authorization().amount().units());
      fields.put("qp-channel-signature", signature);
      fields.put("signer", signed.signer().toString());
      StringBuilder headers = new StringBuilder();
      fields.forEach((name, value) -> headers.append(name).append(": ").append(value).append('\n'));
      output.result(headers.toString().stripTrailing(), fields);
      return Exit.OK;
    }
  }

  @Command(name = "refund", mixinStandardHelpOptions = true, description = "After its expiration, take back what a channel this"
      + " wallet opened still holds.")
  static final class Refund extends WalletCommand {
    @Option(names = "--channel", required = true, paramLabel = "ID", description = "The channel id (64 hex digits).")
    String channelText;

    private ChannelId channel;

    @Override
    void validate() throws ProtocolException, TextFormException {
      channel = channelId(channelText);
    }

    @Override
    int run(PayKit kit) throws PayKitException {
      Certificate certificate = kit.refundChannel(channel);
      ChannelRefund refund = (ChannelRefund) certificate.order();
      output.result("refunded " + refund.amount() + " " + refund.asset() + " from channel " + channel,
          Map.of("channel", channel.toString(), "amount", refund.amount().units(), "asset", refund.asset().code(),
              "nonce", refund.nonce().value(), "certificate", HexFormat.of().formatHex(certificate.encode())));
      return Exit.OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "The channels this wallet opened, with what it has"
      + " authorised on each (offline).")
  static final class List extends WalletCommand {
    @Override
    boolean needsNetwork() {
      return false;
    }

    @Override
    int run(PayKit kit) {
      java.util.List<WalletChannel> channels = kit.channels();
      java.util.List<Map<String, Object>> entries = channels.stream().<Map<String, Object>>map(c -> Map.of("channel", c.id().toString(),
          "recipient", c.recipient().text(), "asset", c.asset().code(), "nonce", c.nonce(), "authorized", c.authorized(),
          "hotKey", c.signer().isPresent())).toList();
      String text = channels.isEmpty() ? "no channels" : String.join("\n", channels.stream().map(c -> c.id() + "  to "
          + c.recipient().text() + "  " + c.asset() + "  nonce " + c.nonce() + "  authorized " + c.authorized()).toList());
      output.result(text, Map.of("channels", entries));
      return Exit.OK;
    }
  }
}
