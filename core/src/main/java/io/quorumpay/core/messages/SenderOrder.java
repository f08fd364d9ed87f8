package io.quorumpay.core.messages;

import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.SequenceNumber;

/**
 * An order that takes its sender's next sequence number: signed by the sender's key, held by the
 * sender's shard, at most one certificate per (sender, sequence number). Channel claims and refunds
 * take a (channel, nonce) slot instead.
 */
public sealed interface SenderOrder extends Order permits TransferOrder, ChannelOpen, ChannelFund {

  /** The account that signs and pays. */
  AccountId sender();

  /** The sender's order number this order takes. */
  SequenceNumber sequenceNumber();

  /** The (sender, sequence number) pair that at most one certificate may ever carry. */
  @Override
  default OrderKey key() {
    return new OrderKey(sender(), sequenceNumber());
  }

  /** The sender signs. */
  @Override
  default PublicKey signer() {
    return sender().key();
  }

  /** The sender's shard holds the order. */
  @Override
  default AccountId home() {
    return sender();
  }
}
