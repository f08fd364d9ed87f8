package io.quorumpay.core;

import io.quorumpay.core.authority.ShardAssignment;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.messages.VerifiedOrder;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Deterministic keys, a committee of four and helpers to build orders, votes and certificates. */
public final class Fixtures {
  public static final NetworkId NETWORK = NetworkId.named("test");
  public static final AssetId QPC = new AssetId("QPC");
  public static final AssetId USD = new AssetId("USD");
  public static final List<KeyPair> AUTHORITY_KEYS = List.of(key(101), key(102), key(103), key(104));
  public static final Committee COMMITTEE =
      Committee.equalWeights(NETWORK, AUTHORITY_KEYS.stream().map(k -> new AuthorityName(k.publicKey())).toList());

  private Fixtures() {}

  /** The key pair whose seed is 32 copies of {@code n}. */
  public static KeyPair key(int n) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) n);
    return KeyPair.fromSeed(seed);
  }

  public static AccountId account(KeyPair key) {
    return new AccountId(key.publicKey());
  }

  /** The first key pair, counting up from {@code start}, whose account lives on {@code shard} of {@code shardCount}. */
  public static KeyPair keyOnShard(int start, int shard, int shardCount) {
    ShardAssignment assignment = new ShardAssignment(shardCount);
    for (int n = start; ; n++) {
      KeyPair key = key(n);
      if (assignment.shardOf(account(key)) == shard) {
        return key;
      }
    }
  }

  public static TransferOrder order(KeyPair sender, Recipient recipient, AssetId asset, long amount, long sequence) {
    return new TransferOrder(NETWORK, account(sender), recipient, asset, new Amount(amount), new SequenceNumber(sequence),
        UserData.EMPTY);
  }

  public static TransferOrder order(KeyPair sender, KeyPair recipient, long amount, long sequence) {
    return order(sender, new Recipient.Account(account(recipient)), QPC, amount, sequence);
  }

  public static <O extends Order> SignedOrder<O> signed(O order, KeyPair sender) {
    return SignedOrder.sign(order, sender);
  }

  public static VerifiedOrder verified(Order order, KeyPair sender) throws ProtocolException {
    return VerifiedOrder.check(signed(order, sender), NETWORK);
  }

  /** A certificate signed by the first {@code count} authorities. */
  public static Certificate certificate(Order order, int count) {
    List<Vote> votes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      votes.add(Vote.sign(order, AUTHORITY_KEYS.get(i)));
    }
    return new Certificate(order, votes.stream().map(Vote::toSignature)
        .sorted((a, b) -> a.authority().compareTo(b.authority())).toList());
  }

  public static VerifiedCertificate verifiedCertificate(Order order) throws ProtocolException {
    return VerifiedCertificate.check(certificate(order, 3), COMMITTEE);
  }
}
