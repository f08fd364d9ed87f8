package io.quorumpay.core.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.SequenceNumber;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PaymentAuthorizationTest {
  private final NetworkId network = NetworkId.named("test");
  private final KeyPair buyer = KeyPair.fromSeed(filled(1));
  private final ChannelId channel = ChannelId.of(network, new AccountId(buyer.publicKey()), new SequenceNumber(3));

  @Test
  void channelIdsDependOnNetworkSenderAndSequenceNumber() {
    AccountId sender = new AccountId(buyer.publicKey());
    assertThat(ChannelId.of(network, sender, new SequenceNumber(3))).isEqualTo(channel);
    assertThat(ChannelId.of(network, sender, new SequenceNumber(4))).isNotEqualTo(channel);
    assertThat(ChannelId.of(NetworkId.named("other"), sender, new SequenceNumber(3))).isNotEqualTo(channel);
    assertThat(ChannelId.of(network, new AccountId(KeyPair.fromSeed(filled(2)).publicKey()), new SequenceNumber(3)))
        .isNotEqualTo(channel);
  }

  @Test
  void roundTripsAndVerifiesOnlyForItsSignerAndBytes() throws ProtocolException {
    var authorization = new PaymentAuthorization(network, channel, new SequenceNumber(0), new Amount(500));
    byte[] bytes = authorization.encode();
    assertThat(bytes).hasSize(PaymentAuthorization.SIZE).hasSize(96);
    assertThat(PaymentAuthorization.decode(bytes)).isEqualTo(authorization);

    var signature = authorization.sign(buyer);
    assertThat(authorization.isSignedBy(buyer.publicKey(), signature)).isTrue();
    assertThat(authorization.isSignedBy(KeyPair.fromSeed(filled(2)).publicKey(), signature)).isFalse();
    var more = new PaymentAuthorization(network, channel, new SequenceNumber(0), new Amount(501));
    assertThat(more.isSignedBy(buyer.publicKey(), signature)).isFalse();
    var nextNonce = new PaymentAuthorization(network, channel, new SequenceNumber(1), new Amount(500));
    assertThat(nextNonce.isSignedBy(buyer.publicKey(), signature)).isFalse();
  }

  @Test
  void refusesTruncatedTrailingAndMistaggedBytes() {
    byte[] bytes = new PaymentAuthorization(network, channel, new SequenceNumber(0), new Amount(5)).encode();
    assertThatThrownBy(() -> PaymentAuthorization.decode(Arrays.copyOf(bytes, 95))).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> PaymentAuthorization.decode(Arrays.copyOf(bytes, 97))).isInstanceOf(ProtocolException.class);
    byte[] mistagged = bytes.clone();
    mistagged[3] ^= 1;
    assertThatThrownBy(() -> PaymentAuthorization.decode(mistagged)).isInstanceOf(ProtocolException.class);
    byte[] tooLarge = bytes.clone();
    tooLarge[80] = (byte) 0x80; // top bit of the u63 nonce
    assertThatThrownBy(() -> PaymentAuthorization.decode(tooLarge)).isInstanceOf(ProtocolException.class);
  }

  private static byte[] filled(int value) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
