package io.quorumpay.core.messages;

import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.core.authority.ShardAssignment;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.NetworkId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks docs/PROTOCOL.md against the code: its test vectors byte for byte, and its list of error codes. */
class ProtocolVectorsTest {
  private static final Pattern BLOCK = Pattern.compile("```vector ([a-z0-9-]+)\\n(.*?)```", Pattern.DOTALL);
  private static final HexFormat HEX = HexFormat.of();

  static String document;
  static Map<String, Map<String, String>> documented;

  @BeforeAll
  static void readDocument() throws IOException {
    document = Files.readString(Path.of("..", "docs", "PROTOCOL.md"));
    documented = new LinkedHashMap<>();
    Matcher matcher = BLOCK.matcher(document);
    while (matcher.find()) {
      Map<String, String> fields = new LinkedHashMap<>();
      for (String line : matcher.group(2).strip().split("\n")) {
        int colon = line.indexOf(": ");
        fields.put(line.substring(0, colon), line.substring(colon + 2).strip());
      }
      documented.put(matcher.group(1), fields);
    }
  }

  @Test
  void theDocumentedVectorsAreExactlyWhatTheCodeProduces() {
    assertThat(documented)
        .as("docs/PROTOCOL.md vectors differ from the code; the code's are:%n%s", ProtocolVectors.toMarkdown())
        .isEqualTo(ProtocolVectors.all());
  }

  @Test
  void signedVectorsVerifyAndDecode() throws ProtocolException {
    for (String name : List.of("transfer-order", "redeem-order", "vote")) {
      Map<String, String> vector = documented.get(name);
      KeyPair signer = KeyPair.fromSeedHex(vector.get("secret-key"));
      PublicKey publicKey = PublicKey.fromHex(vector.get("public-key"));
      byte[] payload = HEX.parseHex(vector.get("payload"));
      Signature signature = new Signature(Bytes.copyOf(HEX.parseHex(vector.get("signature"))));
      assertThat(signer.publicKey()).as(name).isEqualTo(publicKey);
      assertThat(publicKey.verifies(payload, signature)).as(name).isTrue();
      assertThat(signer.sign(payload)).as(name).isEqualTo(signature);
    }
    TransferOrder order = TransferOrder.decode(HEX.parseHex(documented.get("transfer-order").get("payload")));
    assertThat(order.amount().units()).isEqualTo(1000);
    assertThat(order.sequenceNumber().value()).isEqualTo(7);
    assertThat(TransferOrder.decode(HEX.parseHex(documented.get("redeem-order").get("payload"))).isRedeem()).isTrue();
    byte[] votePayload = HEX.parseHex(documented.get("vote").get("payload"));
    assertThat(Arrays.copyOfRange(votePayload, 16, votePayload.length)).isEqualTo(order.encode());
  }

  @Test
  void channelVectorsVerifyAndDecodeToTheirDocumentedInputs() throws ProtocolException {
    for (String name : List.of("channel-open", "payment-authorization", "channel-fund", "channel-claim", "channel-refund")) {
      Map<String, String> vector = documented.get(name);
      PublicKey publicKey = PublicKey.fromHex(vector.get("public-key"));
      Signature signature = new Signature(Bytes.copyOf(HEX.parseHex(vector.get("signature"))));
      assertThat(publicKey.verifies(HEX.parseHex(vector.get("payload")), signature)).as(name).isTrue();
    }
    ChannelOpen open = (ChannelOpen) Order.decode(HEX.parseHex(documented.get("channel-open").get("payload")));
    assertThat(open.channel().toString()).isEqualTo(documented.get("channel-id").get("channel-id"));
    assertThat(Order.decode(HEX.parseHex(documented.get("channel-fund").get("payload")))).isInstanceOf(ChannelFund.class);
    assertThat(Order.decode(HEX.parseHex(documented.get("channel-refund").get("payload")))).isInstanceOf(ChannelRefund.class);
    ChannelClaim claim = (ChannelClaim) Order.decode(HEX.parseHex(documented.get("channel-claim").get("payload")));
    byte[] authorization = HEX.parseHex(documented.get("payment-authorization").get("payload"));
    assertThat(claim.paymentAuthorization()).isEqualTo(PaymentAuthorization.decode(authorization));
    assertThat(claim.authorization().toString()).isEqualTo(documented.get("payment-authorization").get("signature"));
    claim.checkAuthorization();
    claim.checkWellFormed(open.network());
    assertThat(List.of(ChannelOpen.SIZE, ChannelFund.SIZE, ChannelClaim.SIZE, ChannelRefund.SIZE, PaymentAuthorization.SIZE))
        .containsExactly(208, 136, 280, 136, 96);
  }

  @Test
  void theCertificateVectorIsValidForTheDocumentedCommittee() throws ProtocolException {
    Map<String, String> keys = documented.get("keys");
    NetworkId network = NetworkId.fromHex(keys.get("network-id"));
    assertThat(network).isEqualTo(NetworkId.named("test"));
    List<AuthorityName> names = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      names.add(new AuthorityName(PublicKey.fromHex(keys.get("authority-" + i + "-public-key"))));
    }
    Committee committee = Committee.equalWeights(network, names);
    Certificate certificate = Certificate.decode(HEX.parseHex(documented.get("certificate").get("bytes")));
    assertThat(VerifiedCertificate.check(certificate, committee).order().home().hex())
        .isEqualTo(keys.get("sender-public-key"));
    CrossShardCredit credit = CrossShardCredit.decode(HEX.parseHex(documented.get("cross-shard-credit").get("bytes")));
    assertThat(credit.certificate()).isEqualTo(certificate);
    assertThat(List.of(credit.sourceShard(), credit.destShard())).containsExactly(1, 0);
    PrimaryDeposit deposit = PrimaryDeposit.decode(HEX.parseHex(documented.get("primary-deposit").get("bytes")));
    assertThat(deposit.index()).isEqualTo(42);
    assertThat(deposit.recipient().hex()).isEqualTo(keys.get("recipient-public-key"));
  }

  @Test
  void theDocumentedTextFormsReadBackToTheDocumentedKeysAndAddresses() throws Exception {
    Map<String, String> keys = documented.get("keys");
    Map<String, String> text = documented.get("text-forms");
    assertThat(AccountId.parseText(text.get("sender-account"), false).hex()).isEqualTo(keys.get("sender-public-key"));
    assertThat(AccountId.parseText(text.get("recipient-account"), false).hex()).isEqualTo(keys.get("recipient-public-key"));
    TransferOrder redeem = TransferOrder.decode(HEX.parseHex(documented.get("redeem-order").get("payload")));
    assertThat(io.quorumpay.core.types.PrimaryAddress.parseText(text.get("redeem-address"), false))
        .isEqualTo(((io.quorumpay.core.types.Recipient.Primary) redeem.recipient()).address());
    PrimaryDeposit deposit = PrimaryDeposit.decode(HEX.parseHex(documented.get("primary-deposit").get("bytes")));
    assertThat(io.quorumpay.core.types.PrimaryAddress.parseText(text.get("deposit-address"), false)).isEqualTo(deposit.depositor());
  }

  @Test
  void theShardRuleVectorsFollowTheDocumentedRule() throws ProtocolException {
    Map<String, String> keys = documented.get("keys");
    AccountId recipient = new AccountId(PublicKey.fromHex(keys.get("recipient-public-key")));
    for (int count = 2; count <= 4; count++) {
      assertThat(Integer.toString(new ShardAssignment(count).shardOf(recipient)))
          .isEqualTo(documented.get("shard-rule").get("recipient-of-" + count + "-shards"));
    }
  }

  @Test
  void theDocumentListsEveryErrorCode() {
    String section = document.substring(document.indexOf("## Errors"), document.indexOf("## Test vectors"));
    List<String> listed = Pattern.compile("`([A-Z_]+)`").matcher(section).results().map(m -> m.group(1)).toList();
    List<String> codes = Arrays.stream(ProtocolError.Code.values()).filter(code -> code != ProtocolError.Code.UNRECOGNIZED)
        .map(Enum::name).toList();
    assertThat(listed).containsExactlyInAnyOrderElementsOf(codes);
    assertThat(new ProtocolError.NotARedeem(null, 1).code()).isEqualTo(ProtocolError.Code.NOT_A_REDEEM);
    assertThat(new ProtocolError.WrongShard(null, 1, 0).code()).isEqualTo(ProtocolError.Code.WRONG_SHARD);
  }
}
