package io.quorumpay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.primary.RemotePrimaryChain;
import io.quorumpay.client.CommitteeClient;
import io.quorumpay.client.PayKit;
import io.quorumpay.client.PayKitException;
import io.quorumpay.client.WalletFile;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.messages.PaymentAuthorization;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.primary.PrimaryConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A buyer's channel through {@code qp channel} (processes) and a seller's claim through the paykit,
 * against a running network: the books add up at every step, and bad input changes nothing.
 */
class ChannelCommandsTest extends NetworkCommandTest {
  static final AssetId QPC = new AssetId("QPC");

  ChannelCommandsTest() {
    super("channel-test");
  }

  DemoCommandTest.Run qp(String wallet, String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--network";
    all[args.length + 1] = net;
    all[args.length + 2] = "--wallet";
    all[args.length + 3] = wallet(wallet);
    return DemoCommandTest.qp(all);
  }

  long balance(String wallet) throws Exception {
    return json(qp(wallet, "balance", "--json")).get("balances").path("QPC").asLong();
  }

  /** The seller's paykit, in this process, as the seller's proxy will hold it. */
  interface SellerWork {
    void run(PayKit seller) throws Exception;
  }

  void asSeller(SellerWork work) throws Exception {
    Path network = Path.of(net);
    try (CommitteeClient committee = new CommitteeClient(CommitteeFile.read(network.resolve("committee.yaml")),
            InsecureChannelCredentials.create(), Duration.ofSeconds(3));
        RemotePrimaryChain primary = new RemotePrimaryChain(Grpc.newChannelBuilder(
            PrimaryConfig.read(network.resolve("primary.yaml")).listen().toString().replaceFirst("^[^/]*/", ""),
            InsecureChannelCredentials.create()).build());
        PayKit seller = PayKit.open(WalletFile.at(Path.of(wallet("seller"))), committee, primary)) {
      work.run(seller);
    }
  }

  @Test
  void openAuthorizeClaimRefundAndTheBooksAddUp() throws Exception {
    String seller = json(DemoCommandTest.qp("keygen", "--wallet", wallet("seller"), "--json")).get("account").asText();
    DemoCommandTest.qp("keygen", "--wallet", wallet("buyer"));
    assertThat(qp("buyer", "faucet", "--amount", "1000").exitCode()).isZero();

    JsonNode opened = json(qp("buyer", "channel", "open", "--to", seller, "--amount", "300", "--expires-in", "100", "--json"));
    String channel = opened.get("channel").asText();
    String buyer = opened.get("sender").asText();
    assertThat(opened.get("value").asLong()).isEqualTo(300);
    assertThat(balance("buyer")).isEqualTo(700);
    JsonNode added = json(qp("buyer", "channel", "add", "--channel", channel, "--amount", "50", "--json"));
    assertThat(added.get("value").asLong()).isEqualTo(350);
    long extendedTo = json(qp("buyer", "channel", "extend", "--channel", channel, "--expires-in", "250", "--json"))
        .get("expiration").asLong();
    assertThat(extendedTo).isGreaterThanOrEqualTo(opened.get("expiration").asLong());
    assertThat(balance("buyer")).isEqualTo(650);

    // 250 blocks of 200 ms: about 50 s from here to the expiration.
    // Three paid calls of 10: cumulative 10, 20, 30 at nonce 0, each saved before it is signed.
    JsonNode last = null;
    for (int call = 1; call <= 3; call++) {
      last = json(qp("buyer", "channel", "authorize", "--channel", channel, "--price", "10", "--json"));
      assertThat(last.get("qp-channel-amount").asLong()).isEqualTo(10L * call);
      assertThat(last.get("qp-channel-nonce").asLong()).isZero();
    }
    PaymentAuthorization authorization = new PaymentAuthorization(NetworkId.named("channel-test"), ChannelId.fromHex(channel),
        SequenceNumber.ZERO, new Amount(30));
    Signature signature = new Signature(Bytes.fromHex(last.get("qp-channel-signature").asText(), Signature.SIZE, "signature"));
    AccountId sender = AccountId.parseText(buyer, false);

    asSeller(kit -> {
      // Above what was authorised: refused before anything is signed, and nothing changes.
      PayKitException above = org.assertj.core.api.Assertions.catchThrowableOfType(PayKitException.class,
          () -> kit.claim(sender, authorization, signature, new Amount(31), new Amount(0)));
      assertThat(above.kind()).isEqualTo(PayKitException.Kind.REFUSED);
      assertThat(above.error()).containsInstanceOf(ProtocolError.InvalidAuthorization.class);
      assertThat(kit.balance().of(QPC)).isZero();
      kit.claim(sender, authorization, signature, new Amount(30), new Amount(0));
      assertThat(kit.balance().of(QPC)).isEqualTo(30);
      assertThat(kit.claim(sender, authorization, signature, new Amount(30), new Amount(0)).key().sequenceNumber().value()).isZero();
    });

    // The buyer's view follows the claim: nonce 1, value 320, and its wallet pays on from 0 there.
    JsonNode shown = json(qp("buyer", "channel", "show", "--channel", channel, "--json"));
    assertThat(shown.get("nonce").asLong()).isEqualTo(1);
    assertThat(shown.get("value").asLong()).isEqualTo(320);
    assertThat(shown.get("walletNonce").asLong()).isEqualTo(1);
    assertThat(shown.get("authorized").asLong()).isZero();
    assertThat(balance("buyer") + balance("seller") + shown.get("value").asLong()).isEqualTo(1000);

    // Bad input: an unknown channel, a refund before the expiration; nothing changes.
    DemoCommandTest.Run unknown = qp("buyer", "channel", "show", "--channel", "ab".repeat(32));
    assertThat(unknown.exitCode()).isEqualTo(3);
    assertThat(unknown.err()).contains("unknown channel");
    DemoCommandTest.Run early = qp("buyer", "channel", "refund", "--channel", channel);
    assertThat(early.exitCode()).as(early.err()).isEqualTo(3);
    assertThat(early.err()).contains("expires at primary height");
    assertThat(balance("buyer")).isEqualTo(650);

    // After the expiration, the rest comes back: 650 + 320.
    DemoCommandTest.Run refunded = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      refunded = qp("buyer", "channel", "refund", "--channel", channel, "--json");
      if (refunded.exitCode() == 0) {
        break;
      }
      assertThat(refunded.err()).contains("expire");
      Thread.sleep(1000);
    }
    assertThat(refunded.exitCode()).as(refunded.err()).isZero();
    assertThat(JSON.readTree(refunded.out()).get("amount").asLong()).isEqualTo(320);
    assertThat(balance("buyer")).isEqualTo(970);
    assertThat(balance("seller")).isEqualTo(30);
    assertThat(json(qp("buyer", "channel", "show", "--channel", channel, "--json")).get("value").asLong()).isZero();
    assertThat(qp("buyer", "channel", "list").out()).contains(channel).contains("nonce 2");
  }
}
