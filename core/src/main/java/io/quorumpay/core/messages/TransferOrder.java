package io.quorumpay.core.messages;

import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.encoding.ByteReader;
import io.quorumpay.core.encoding.ByteWriter;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.encoding.DomainTag;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import java.util.Objects;

/**
 * What a sender asks for: pay {@code amount} of {@code asset} to {@code recipient}, as its
 * order number {@code sequenceNumber}. This is the value that the sender signs and that
 * authorities vote for; see docs/PROTOCOL.md for its 169-byte layout.
 */
public record TransferOrder(
    NetworkId network,
    AccountId sender,
    Recipient recipient,
    AssetId asset,
    Amount amount,
    SequenceNumber sequenceNumber,
    UserData userData) implements SenderOrder {

  /** Size of the encoded order. */
  public static final int SIZE = DomainTag.SIZE + NetworkId.SIZE + PublicKey.SIZE + 1 + 32 + AssetId.SIZE + 8 + 8 + UserData.SIZE;

  static final int RECIPIENT_ACCOUNT = 0x01;
  static final int RECIPIENT_PRIMARY = 0x02;

  public TransferOrder {
    Objects.requireNonNull(network);
    Objects.requireNonNull(sender);
    Objects.requireNonNull(recipient);
    Objects.requireNonNull(asset);
    Objects.requireNonNull(amount);
    Objects.requireNonNull(sequenceNumber);
    Objects.requireNonNull(userData);
  }

  @Override
  public int encodedSize() {
    return SIZE;
  }

  /** True when this order pays out on the primary chain. */
  public boolean isRedeem() {
    return recipient instanceof Recipient.Primary;
  }

  @Override
  public void writeTo(ByteWriter out) {
    out.bytes(DomainTag.TRANSFER_ORDER.bytes())
        .bytes(network.bytes())
        .bytes(sender.key().bytes());
    switch (recipient) {
      case Recipient.Account account -> out.u8(RECIPIENT_ACCOUNT).bytes(account.id().key().bytes());
      case Recipient.Primary primary -> out.u8(RECIPIENT_PRIMARY).bytes(primary.address().bytes()).bytes(new byte[32 - PrimaryAddress.SIZE]);
    }
    out.bytes(asset.toBytes())
        .u64(amount.units())
        .u64(sequenceNumber.value())
        .bytes(userData.bytes());
  }

  /** Decodes exactly one order. */
  public static TransferOrder decode(byte[] bytes) throws ProtocolException {
    ByteReader in = new ByteReader(bytes, "transfer order");
    TransferOrder order = readFrom(in);
    in.end();
    return order;
  }

  static TransferOrder readFrom(ByteReader in) throws ProtocolException {
    DomainTag.TRANSFER_ORDER.expect(in);
    NetworkId network = new NetworkId(in.bytes(NetworkId.SIZE, "network id"));
    AccountId sender = new AccountId(new PublicKey(in.bytes(PublicKey.SIZE, "sender")));
    Recipient recipient = readRecipient(in);
    AssetId asset = AssetId.fromBytes(in.bytes(AssetId.SIZE, "asset").toArray());
    Amount amount = new Amount(in.u63("amount"));
    SequenceNumber sequence = new SequenceNumber(in.u63("sequence number"));
    UserData userData = new UserData(in.bytes(UserData.SIZE, "user data"));
    return new TransferOrder(network, sender, recipient, asset, amount, sequence, userData);
  }

  private static Recipient readRecipient(ByteReader in) throws ProtocolException {
    int kind = in.u8("recipient kind");
    return switch (kind) {
      case RECIPIENT_ACCOUNT -> new Recipient.Account(new AccountId(new PublicKey(in.bytes(PublicKey.SIZE, "recipient"))));
      case RECIPIENT_PRIMARY -> {
        PrimaryAddress address = new PrimaryAddress(in.bytes(PrimaryAddress.SIZE, "recipient"));
        Bytes padding = in.bytes(32 - PrimaryAddress.SIZE, "recipient padding");
        if (!padding.equals(Bytes.copyOf(new byte[32 - PrimaryAddress.SIZE]))) {
          throw in.malformed("primary-address padding is not zero");
        }
        yield new Recipient.Primary(address);
      }
      default -> throw new ProtocolException(new ProtocolError.Malformed("transfer order", "unknown recipient kind " + kind));
    };
  }

  /**
   * The checks that need no state: the network, a positive amount, not paying oneself, not
   * redeeming to the zero address. Authorities apply them to orders and to certificates alike,
   * and the primary contract to redeems.
   */
  @Override
  public void checkWellFormed(NetworkId expectedNetwork) throws ProtocolException {
    if (!network.equals(expectedNetwork)) {
      throw new ProtocolException(new ProtocolError.WrongNetwork(expectedNetwork, network));
    }
    if (amount.isZero()) {
      throw new ProtocolException(new ProtocolError.ZeroAmount());
    }
    if (recipient instanceof Recipient.Account account && account.id().equals(sender)) {
      throw new ProtocolException(new ProtocolError.SelfTransfer(sender));
    }
    // Nobody controls the zero address: paying it would burn the funds.
    if (recipient instanceof Recipient.Primary primary && primary.address().isZero()) {
      throw new ProtocolException(new ProtocolError.InvalidPrimaryAddress(primary.address()));
    }
  }
}
