package io.quorumpay.core.messages;

import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.encoding.ByteReader;
import io.quorumpay.core.encoding.ByteWriter;
import io.quorumpay.core.encoding.DomainTag;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.SequenceNumber;
import java.util.Objects;

/**
 * What a buyer signs with each paid call: it authorises the channel's recipient to claim up to
 * {@code amount} in all from {@code channel} at {@code nonce}. Amounts are cumulative within a
 * nonce, so the latest authorisation is the only one a seller needs to keep. Signed by the
 * channel's signer key or its sender's key; see docs/PROTOCOL.md for the 96-byte layout.
 */
public record PaymentAuthorization(NetworkId network, ChannelId channel, SequenceNumber nonce, Amount amount) {
  public static final int SIZE = DomainTag.SIZE + NetworkId.SIZE + ChannelId.SIZE + 8 + 8;

  public PaymentAuthorization {
    Objects.requireNonNull(network);
    Objects.requireNonNull(channel);
    Objects.requireNonNull(nonce);
    Objects.requireNonNull(amount);
  }

  /** The exact bytes the signer signs. */
  public byte[] encode() {
    return new ByteWriter(SIZE)
        .bytes(DomainTag.PAYMENT_AUTHORIZATION.bytes())
        .bytes(network.bytes())
        .bytes(channel.bytes())
        .u64(nonce.value())
        .u64(amount.units())
        .toBytes();
  }

  /** Decodes exactly one authorisation (without its signature). */
  public static PaymentAuthorization decode(byte[] bytes) throws ProtocolException {
    ByteReader in = new ByteReader(bytes, "payment authorization");
    DomainTag.PAYMENT_AUTHORIZATION.expect(in);
    NetworkId network = new NetworkId(in.bytes(NetworkId.SIZE, "network id"));
    ChannelId channel = new ChannelId(in.bytes(ChannelId.SIZE, "channel id"));
    SequenceNumber nonce = new SequenceNumber(in.u63("nonce"));
    Amount amount = new Amount(in.u63("amount"));
    in.end();
    return new PaymentAuthorization(network, channel, nonce, amount);
  }

  /** This authorisation signed with {@code key}. */
  public Signature sign(KeyPair key) {
    return key.sign(encode());
  }

  /** True when {@code signature} is {@code key}'s over this exact authorisation. */
  public boolean isSignedBy(PublicKey key, Signature signature) {
    return key.verifies(encode(), signature);
  }
}
