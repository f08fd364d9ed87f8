package io.quorumpay.core.messages;

import io.quorumpay.core.authority.ShardAssignment;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The test vectors of docs/PROTOCOL.md, computed from their documented inputs. {@code main}
 * prints them in the document's format; {@link ProtocolVectorsTest} checks the document against them.
 */
public final class ProtocolVectors {
  private static final HexFormat HEX = HexFormat.of();

  private ProtocolVectors() {}

  static KeyPair seed(int n) {
    byte[] seed = new byte[32];
    java.util.Arrays.fill(seed, (byte) n);
    return KeyPair.fromSeed(seed);
  }

  static final NetworkId NETWORK = NetworkId.named("test");
  static final KeyPair SENDER = seed(0x01);
  static final KeyPair RECIPIENT = seed(0x02);
  static final List<KeyPair> AUTHORITIES = List.of(seed(0x65), seed(0x66), seed(0x67), seed(0x68));

  static UserData userData() {
    byte[] data = new byte[32];
    for (int i = 0; i < 32; i++) {
      data[i] = (byte) i;
    }
    return new UserData(Bytes.copyOf(data));
  }

  static TransferOrder transfer() {
    return new TransferOrder(NETWORK, new AccountId(SENDER.publicKey()), new Recipient.Account(new AccountId(RECIPIENT.publicKey())),
        new AssetId("QPC"), new Amount(1000), new SequenceNumber(7), userData());
  }

  static TransferOrder redeem() {
    PrimaryAddress to = new PrimaryAddress(Bytes.copyOf(HEX.parseHex("00112233445566778899aabbccddeeff00112233")));
    return new TransferOrder(NETWORK, new AccountId(SENDER.publicKey()), new Recipient.Primary(to), new AssetId("USD"),
        new Amount(250), new SequenceNumber(8), UserData.EMPTY);
  }

  static Certificate certificate() {
    List<VoteSignature> votes = new ArrayList<>();
    for (KeyPair authority : AUTHORITIES.subList(0, 3)) {
      votes.add(Vote.sign(transfer(), authority).toSignature());
    }
    votes.sort(java.util.Comparator.comparing(VoteSignature::authority));
    return new Certificate(transfer(), votes);
  }

  static PrimaryDeposit deposit() {
    return new PrimaryDeposit(NETWORK, 42, new PrimaryAddress(Bytes.copyOf(HEX.parseHex("ffeeddccbbaa99887766554433221100ffeeddcc"))),
        new AccountId(RECIPIENT.publicKey()), new AssetId("QPC"), new Amount(5000));
  }

  static final KeyPair HOT = seed(0x03);

  static ChannelOpen channelOpen() {
    return new ChannelOpen(NETWORK, new AccountId(SENDER.publicKey()), new SequenceNumber(9), HOT.publicKey(),
        new AccountId(RECIPIENT.publicKey()), new AssetId("QPC"), new Amount(5000), 1_000_000,
        new io.quorumpay.core.types.GroupId(userData().bytes()));
  }

  static PaymentAuthorization authorization() {
    return new PaymentAuthorization(NETWORK, channelOpen().channel(), new SequenceNumber(2), new Amount(1200));
  }

  static ChannelFund channelFund() {
    return new ChannelFund(NETWORK, new AccountId(SENDER.publicKey()), new SequenceNumber(10), channelOpen().channel(),
        new Amount(2500), 2_000_000);
  }

  static ChannelClaim channelClaim() {
    return new ChannelClaim(NETWORK, new AccountId(RECIPIENT.publicKey()), new AccountId(SENDER.publicKey()),
        channelOpen().channel(), new SequenceNumber(2), new AssetId("QPC"), new Amount(1200), HOT.publicKey(),
        authorization().sign(HOT), new Amount(1000), new Amount(200));
  }

  static ChannelRefund channelRefund() {
    return new ChannelRefund(NETWORK, new AccountId(SENDER.publicKey()), channelOpen().channel(), new SequenceNumber(3),
        new AssetId("QPC"), new Amount(3000));
  }

  /** Name of each vector, then its fields in order. */
  public static Map<String, Map<String, String>> all() {
    Map<String, Map<String, String>> vectors = new LinkedHashMap<>();
    vectors.put("keys", fields(
        "network-id", NETWORK.toString(),
        "sender-secret-key", hex(SENDER.secretSeed()),
        "sender-public-key", SENDER.publicKey().toString(),
        "recipient-public-key", RECIPIENT.publicKey().toString(),
        "authority-0-public-key", AUTHORITIES.get(0).publicKey().toString(),
        "authority-1-public-key", AUTHORITIES.get(1).publicKey().toString(),
        "authority-2-public-key", AUTHORITIES.get(2).publicKey().toString(),
        "authority-3-public-key", AUTHORITIES.get(3).publicKey().toString()));
    vectors.put("transfer-order", signedVector(SENDER, transfer().encode()));
    vectors.put("redeem-order", signedVector(SENDER, redeem().encode()));
    vectors.put("vote", signedVector(AUTHORITIES.get(0), Vote.signedBytes(transfer())));
    vectors.put("certificate", fields("bytes", hex(certificate().encode())));
    vectors.put("primary-deposit", fields("bytes", hex(deposit().encode())));
    byte[] credit = new CrossShardCredit(1, 0, 3, certificate()).encode();
    vectors.put("cross-shard-credit", fields("bytes", hex(credit)));
    vectors.put("sibling-seal", fields(
        "authority-secret-key", hex(AUTHORITIES.get(0).secretSeed()),
        "sibling-key", hex(sha256(io.quorumpay.core.encoding.DomainTag.SIBLING_KEY.bytes().toArray(), AUTHORITIES.get(0).secretSeed())),
        "epoch", "0",
        "dest-shard", "0",
        "seal", hex(new io.quorumpay.core.authority.SiblingSeal(AUTHORITIES.get(0)).seal(NETWORK, 0, 0, List.of(credit)))));
    vectors.put("channel-id", fields("open-sequence-number", "9", "channel-id", channelOpen().channel().toString()));
    vectors.put("channel-open", signedVector(SENDER, channelOpen().encode()));
    vectors.put("payment-authorization", signedVector(HOT, authorization().encode()));
    vectors.put("channel-fund", signedVector(SENDER, channelFund().encode()));
    vectors.put("channel-claim", signedVector(RECIPIENT, channelClaim().encode()));
    vectors.put("channel-refund", signedVector(SENDER, channelRefund().encode()));
    Map<String, String> shards = new LinkedHashMap<>();
    Map<String, KeyPair> owners = new LinkedHashMap<>();
    owners.put("sender", SENDER);
    owners.put("recipient", RECIPIENT);
    owners.put("authority-0", AUTHORITIES.get(0));
    owners.put("authority-1", AUTHORITIES.get(1));
    owners.forEach((who, key) -> {
      for (int count = 2; count <= 4; count++) {
        shards.put(who + "-of-" + count + "-shards", Integer.toString(new ShardAssignment(count).shardOf(new AccountId(key.publicKey()))));
      }
    });
    vectors.put("shard-rule", shards);
    vectors.put("text-forms", fields(
        "sender-account", new AccountId(SENDER.publicKey()).text(),
        "recipient-account", new AccountId(RECIPIENT.publicKey()).text(),
        "redeem-address", ((io.quorumpay.core.types.Recipient.Primary) redeem().recipient()).address().toString(),
        "deposit-address", deposit().depositor().toString()));
    return vectors;
  }

  private static Map<String, String> signedVector(KeyPair signer, byte[] payload) {
    return fields("secret-key", hex(signer.secretSeed()), "public-key", signer.publicKey().toString(),
        "payload", hex(payload), "signature", signer.sign(payload).toString());
  }

  private static Map<String, String> fields(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  private static byte[] sha256(byte[]... parts) {
    try {
      java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /** The vectors as they appear in docs/PROTOCOL.md. */
  public static String toMarkdown() {
    StringBuilder out = new StringBuilder();
    all().forEach((name, fields) -> {
      out.append("```vector ").append(name).append('\n');
      fields.forEach((field, value) -> out.append(field).append(": ").append(value).append('\n'));
      out.append("```\n\n");
    });
    return out.toString();
  }

  public static void main(String[] args) {
    System.out.print(toMarkdown());
  }
}
