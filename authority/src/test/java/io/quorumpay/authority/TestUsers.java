package io.quorumpay.authority;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.quorumpay.api.CreditRequest;
import io.quorumpay.core.authority.SiblingSeal;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.messages.CrossShardCredit;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import io.quorumpay.primary.DevChain;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/** Accounts, funding, orders and sealed credits on one test network. */
final class TestUsers {
  static final AssetId QPC = new AssetId("QPC");
  static final Duration SETTLE = Duration.ofSeconds(20);

  final InProcessNetwork network;
  final TestClient client;
  private final SecureRandom random = new SecureRandom();

  TestUsers(InProcessNetwork network, TestClient client) {
    this.network = network;
    this.client = client;
  }

  static AccountId id(KeyPair key) {
    return new AccountId(key.publicKey());
  }

  /** A new key whose account lives on {@code shard}. */
  KeyPair on(int shard) {
    while (true) {
      KeyPair key = KeyPair.generate(random);
      if (client.assignment.shardOf(id(key)) == shard) {
        return key;
      }
    }
  }

  /** Deposits on the primary and waits until every authority that is up has credited it. */
  void fund(KeyPair user, long amount) throws Exception {
    long before = client.balance(0, id(user), QPC);
    network.primaryClient.deposit(DevChain.faucetAddress(), id(user), QPC, new Amount(amount));
    for (int a = 0; a < client.size(); a++) {
      if (network.nodes.get(a) != null) {
        int authority = a;
        Eventually.within(SETTLE, () -> assertThat(client.balance(authority, id(user), QPC)).isEqualTo(before + amount));
      }
    }
  }

  SignedOrder<TransferOrder> order(KeyPair sender, Recipient recipient, long amount, long sequence) {
    return SignedOrder.sign(new TransferOrder(network.committee.committee().network(), id(sender), recipient, QPC,
        new Amount(amount), new SequenceNumber(sequence), UserData.EMPTY), sender);
  }

  SignedOrder<TransferOrder> pay(KeyPair sender, KeyPair recipient, long amount, long sequence) {
    return order(sender, new Recipient.Account(id(recipient)), amount, sequence);
  }

  /** Waits until every authority reports {@code expected} for {@code user}. */
  void expectBalances(KeyPair user, long expected) throws Exception {
    for (int a = 0; a < client.size(); a++) {
      int authority = a;
      Eventually.within(SETTLE, () -> assertThat(client.balance(authority, id(user), QPC)).as("authority %d", authority)
          .isEqualTo(expected));
    }
  }

  /** One credit for shard {@code dest}, sealed with {@code seal} in epoch 0. */
  CreditRequest sealed(SiblingSeal seal, int dest, CrossShardCredit credit) {
    return sealed(seal, dest, List.of(credit.encode()));
  }

  /** Credits for shard {@code dest}, sealed with {@code seal} in epoch 0. */
  CreditRequest sealed(SiblingSeal seal, int dest, List<byte[]> credits) {
    CreditRequest.Builder request = CreditRequest.newBuilder()
        .setSeal(ByteString.copyFrom(seal.seal(network.committee.committee().network(), 0, dest, credits)));
    credits.forEach(credit -> request.addCredits(ByteString.copyFrom(credit)));
    return request.build();
  }
}
