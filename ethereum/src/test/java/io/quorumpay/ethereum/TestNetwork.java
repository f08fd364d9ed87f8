package io.quorumpay.ethereum;

import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.messages.VoteSignature;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/** A committee of 4 authorities, each with an Ed25519 key and a secp256k1 countersigning key, and certificates. */
final class TestNetwork {
  static final SecureRandom RANDOM = new SecureRandom();
  final List<KeyPair> authorities = IntStream.range(0, 4).mapToObj(i -> KeyPair.generate(RANDOM)).toList();
  final List<ECKeyPair> ethKeys = IntStream.range(0, 4).mapToObj(i -> newEthKey()).toList();
  final Committee committee;

  TestNetwork(String name) {
    committee = Committee.equalWeights(NetworkId.named(name),
        authorities.stream().map(k -> new AuthorityName(k.publicKey())).toList());
  }

  static ECKeyPair newEthKey() {
    try {
      return Keys.createEcKeyPair(RANDOM);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  Map<AuthorityName, PrimaryAddress> signers() {
    Map<AuthorityName, PrimaryAddress> signers = new LinkedHashMap<>();
    for (int i = 0; i < authorities.size(); i++) {
      signers.put(new AuthorityName(authorities.get(i).publicKey()), RedeemCountersignature.address(ethKeys.get(i)));
    }
    return signers;
  }

  static KeyPair newAccount() {
    return KeyPair.generate(RANDOM);
  }

  static AccountId id(KeyPair key) {
    return new AccountId(key.publicKey());
  }

  static PrimaryAddress randomAddress() {
    byte[] bytes = new byte[20];
    RANDOM.nextBytes(bytes);
    return new PrimaryAddress(io.quorumpay.core.encoding.Bytes.copyOf(bytes));
  }

  TransferOrder redeemOrder(KeyPair sender, PrimaryAddress to, AssetId asset, long amount, long sequence) {
    return order(committee.network(), sender, new Recipient.Primary(to), asset, amount, sequence);
  }

  static TransferOrder order(NetworkId network, KeyPair sender, Recipient to, AssetId asset, long amount, long sequence) {
    return new TransferOrder(network, id(sender), to, asset, new Amount(amount), new SequenceNumber(sequence), UserData.EMPTY);
  }

  /** A certificate with the votes of the first {@code voters} authorities. */
  Certificate certify(TransferOrder order, int voters) {
    return new Certificate(order, authorities.subList(0, voters).stream().map(k -> Vote.sign(order, k).toSignature())
        .sorted(Comparator.comparing(VoteSignature::authority)).toList());
  }

  Certificate redeem(KeyPair sender, PrimaryAddress to, AssetId asset, long amount, long sequence) {
    return certify(redeemOrder(sender, to, asset, amount, sequence), 3);
  }

  static AssetId asset(String code) {
    try {
      return AssetId.parse(code);
    } catch (ProtocolException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static BigInteger wei(long value) {
    return BigInteger.valueOf(value);
  }
}
