package io.quorumpay.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.quorumpay.api.ChannelInfoReply;
import io.quorumpay.api.ChannelInfoRequest;
import io.quorumpay.api.Wire;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.ChannelClaim;
import io.quorumpay.core.messages.ChannelFund;
import io.quorumpay.core.messages.ChannelOpen;
import io.quorumpay.core.messages.ChannelRefund;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.messages.PaymentAuthorization;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.GroupId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.SequenceNumber;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Payment channels over real gRPC and RocksDB: four authorities of two shards and the primary, in this JVM. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChannelNetworkTest {
  static final AssetId QPC = new AssetId("QPC");
  static final Duration SETTLE = Duration.ofSeconds(20);
  static final GroupId GROUP = new GroupId(io.quorumpay.core.encoding.Bytes.copyOf(new byte[32]));

  @TempDir
  static Path dir;

  InProcessNetwork network;
  TestClient client;
  TestUsers users;
  NetworkId net;
  final KeyPair hot = KeyPair.generate(new SecureRandom());

  @BeforeAll
  void start() throws Exception {
    network = new InProcessNetwork(dir, 4, 2);
    client = new TestClient(network.committee);
    users = new TestUsers(network, client);
    net = network.committee.committee().network();
  }

  @AfterAll
  void stop() {
    if (network == null) {
      return;
    }
    client.close();
    network.close();
    assertThat(network.fatal).isEmpty();
  }

  static AccountId id(KeyPair key) {
    return TestUsers.id(key);
  }

  ChannelOpen open(KeyPair sender, KeyPair recipient, long value, long sequence, long expiration) {
    return new ChannelOpen(net, id(sender), new SequenceNumber(sequence), hot.publicKey(), id(recipient), QPC, new Amount(value),
        expiration, GROUP);
  }

  ChannelClaim claim(ChannelOpen open, KeyPair claimer, KeyPair authorizer, long nonce, long planned, long paid) {
    PaymentAuthorization authorization = new PaymentAuthorization(net, open.channel(), new SequenceNumber(nonce), new Amount(planned));
    return new ChannelClaim(net, id(claimer), open.sender(), open.channel(), new SequenceNumber(nonce), QPC, new Amount(planned),
        authorizer.publicKey(), authorization.sign(authorizer), new Amount(paid), Amount.ZERO);
  }

  ChannelInfoReply channel(int authority, ChannelOpen open) throws Exception {
    return Wire.call(() -> client.stub(authority, open.sender()).channelInfo(ChannelInfoRequest.newBuilder()
        .setChannel(ByteString.copyFrom(open.channel().bytes().toArray())).setSender(Wire.bytes(open.sender())).build()));
  }

  long height() throws Exception {
    return network.primaryClient.status().height();
  }

  /** Every authority refuses {@code order} with {@code code}, and nothing changes at any of them. */
  void refusedEverywhere(SignedOrder<? extends Order> order, ProtocolError.Code code, ChannelOpen open, KeyPair... watched)
      throws Exception {
    for (int a = 0; a < client.size(); a++) {
      ChannelInfoReply before = channel(a, open);
      long[] balances = new long[watched.length];
      for (int i = 0; i < watched.length; i++) {
        balances[i] = client.balance(a, id(watched[i]), QPC);
      }
      int authority = a;
      ProtocolException refused = catchThrowableOfType(ProtocolException.class, () -> client.vote(authority, order));
      assertThat(refused).as("authority %d refuses %s", a, code).isNotNull();
      assertThat(refused.error().code()).isEqualTo(code);
      assertThat(channel(a, open)).isEqualTo(before);
      for (int i = 0; i < watched.length; i++) {
        assertThat(client.balance(a, id(watched[i]), QPC)).isEqualTo(balances[i]);
      }
    }
  }

  @Test
  void opensClaimsAcrossShardsFundsAndRefusesBadInputWithoutChange() throws Exception {
    KeyPair alice = users.on(0);
    KeyPair carol = users.on(1);
    KeyPair mallory = users.on(0);
    users.fund(alice, 1000);
    ChannelOpen open = open(alice, carol, 500, 0, height() + 1_000_000);
    Certificate opened = client.pay(SignedOrder.sign(open, alice));
    users.expectBalances(alice, 500);

    // The recipient lives on the other shard: its claim is credited there through the cross-shard path.
    ChannelClaim claim = claim(open, carol, hot, 0, 200, 150);
    client.pay(SignedOrder.sign(claim, carol));
    users.expectBalances(carol, 150);
    for (int a = 0; a < client.size(); a++) {
      ChannelInfoReply info = channel(a, open);
      assertThat(info.getOpen()).isTrue();
      assertThat(info.getValue()).isEqualTo(350);
      assertThat(info.getNonce()).isEqualTo(1);
      assertThat(Certificate.decode(info.getOpenCertificate().toByteArray())).isEqualTo(opened);
    }

    Certificate funded = client.pay(SignedOrder.sign(new ChannelFund(net, id(alice), new SequenceNumber(1), open.channel(),
        new Amount(100), open.expiration() + 10), alice));
    users.expectBalances(alice, 400);
    assertThat(channel(0, open).getValue()).isEqualTo(450);
    assertThat(channel(0, open).getExpiration()).isEqualTo(open.expiration() + 10);
    // The fund certificate (on the sender's slot) is served with the channel, for a recipient to prove its value.
    assertThat(channel(0, open).getFundCertificatesList()).singleElement()
        .satisfies(bytes -> assertThat(Certificate.decode(bytes.toByteArray())).isEqualTo(funded));

    // Bad inputs, each refused by every authority with its code, changing nothing.
    ChannelClaim next = claim(open, carol, hot, 1, 100, 100);
    ChannelClaim tampered = new ChannelClaim(net, next.claimer(), next.channelSender(), next.channel(), next.nonce(), QPC,
        new Amount(400), next.authorizer(), next.authorization(), new Amount(400), Amount.ZERO);
    refusedEverywhere(SignedOrder.sign(tampered, carol), ProtocolError.Code.INVALID_AUTHORIZATION, open, carol, alice);
    refusedEverywhere(SignedOrder.sign(claim(open, carol, mallory, 1, 100, 100), carol), ProtocolError.Code.INVALID_AUTHORIZATION,
        open, carol, alice);
    refusedEverywhere(SignedOrder.sign(claim(open, carol, hot, 1, 500, 451), carol), ProtocolError.Code.INSUFFICIENT_CHANNEL_VALUE,
        open, carol, alice);
    refusedEverywhere(SignedOrder.sign(claim(open, mallory, hot, 1, 100, 100), mallory), ProtocolError.Code.NOT_CHANNEL_RECIPIENT,
        open, mallory, alice);
    refusedEverywhere(SignedOrder.sign(new ChannelRefund(net, id(alice), open.channel(), new SequenceNumber(1), QPC,
        new Amount(450)), alice), ProtocolError.Code.CHANNEL_NOT_EXPIRED, open, alice);
    refusedEverywhere(SignedOrder.sign(claim, carol), ProtocolError.Code.UNEXPECTED_SEQUENCE_NUMBER, open, carol, alice);
    ChannelOpen never = open(alice, carol, 500, 9, 10);
    refusedEverywhere(SignedOrder.sign(claim(never, carol, hot, 0, 100, 100), carol), ProtocolError.Code.UNKNOWN_CHANNEL, open,
        carol);

    // One claim voted at nonce 1 by every authority: a second claim there gets no vote anywhere.
    for (int a = 0; a < client.size(); a++) {
      client.vote(a, SignedOrder.sign(next, carol));
    }
    refusedEverywhere(SignedOrder.sign(claim(open, carol, hot, 1, 300, 300), carol), ProtocolError.Code.CONFLICTING_ORDER, open,
        carol, alice);
    users.expectBalances(carol, 150);
  }

  @Test
  void aRefundAfterExpirationExcludesAClaimAtItsNonce() throws Exception {
    KeyPair alice = users.on(1);
    KeyPair bob = users.on(1);
    users.fund(alice, 300);
    ChannelOpen open = open(alice, bob, 300, 0, height() + 3);
    client.pay(SignedOrder.sign(open, alice));
    client.pay(SignedOrder.sign(claim(open, bob, alice, 0, 50, 50), bob)); // authorised with the sender's own key
    users.expectBalances(bob, 50);

    ChannelRefund refund = new ChannelRefund(net, id(alice), open.channel(), new SequenceNumber(1), QPC, new Amount(250));
    // Voted only once each authority's follower has seen the expiration height.
    Eventually.within(SETTLE, () -> assertThat(client.certify(SignedOrder.sign(refund, alice))).isPresent());
    client.pay(SignedOrder.sign(refund, alice));
    users.expectBalances(alice, 250);

    ChannelClaim late = claim(open, bob, hot, 1, 250, 250);
    assertThat(client.certify(SignedOrder.sign(late, bob))).isEmpty();
    for (int a = 0; a < client.size(); a++) {
      assertThat(channel(a, open).getValue()).isZero();
      assertThat(channel(a, open).getNonce()).isEqualTo(2);
    }
    users.expectBalances(bob, 50);
  }
}
