package io.quorumpay.core.messages;

import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.encoding.ByteReader;
import io.quorumpay.core.encoding.ByteWriter;
import io.quorumpay.core.encoding.DomainTag;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.PrimaryAddress;
import java.util.Objects;

/**
 * Money entering QuorumPay: the primary contract locked {@code amount} of {@code asset} from
 * {@code depositor} for {@code recipient}. Deposits are numbered from 0 without gaps in the
 * primary's total order; every authority credits each exactly once, in index order.
 */
public record PrimaryDeposit(
    NetworkId network, long index, PrimaryAddress depositor, AccountId recipient, AssetId asset, Amount amount) {

  public static final int SIZE = DomainTag.SIZE + NetworkId.SIZE + 8 + PrimaryAddress.SIZE + PublicKey.SIZE + AssetId.SIZE + 8;

  public PrimaryDeposit {
    Objects.requireNonNull(network);
    Objects.requireNonNull(depositor);
    Objects.requireNonNull(recipient);
    Objects.requireNonNull(asset);
    Objects.requireNonNull(amount);
    if (index < 0) {
      throw new IllegalArgumentException("deposit index is non-negative");
    }
  }

  public byte[] encode() {
    return new ByteWriter(SIZE)
        .bytes(DomainTag.PRIMARY_DEPOSIT.bytes())
        .bytes(network.bytes())
        .u64(index)
        .bytes(depositor.bytes())
        .bytes(recipient.key().bytes())
        .bytes(asset.toBytes())
        .u64(amount.units())
        .toBytes();
  }

  public static PrimaryDeposit decode(byte[] bytes) throws ProtocolException {
    ByteReader in = new ByteReader(bytes, "primary deposit");
    DomainTag.PRIMARY_DEPOSIT.expect(in);
    NetworkId network = new NetworkId(in.bytes(NetworkId.SIZE, "network id"));
    long index = in.u63("deposit index");
    PrimaryAddress depositor = new PrimaryAddress(in.bytes(PrimaryAddress.SIZE, "depositor"));
    AccountId recipient = new AccountId(new PublicKey(in.bytes(PublicKey.SIZE, "recipient")));
    AssetId asset = AssetId.fromBytes(in.bytes(AssetId.SIZE, "asset").toArray());
    Amount amount = new Amount(in.u63("amount"));
    in.end();
    return new PrimaryDeposit(network, index, depositor, recipient, asset, amount);
  }
}
