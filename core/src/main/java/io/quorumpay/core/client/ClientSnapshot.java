package io.quorumpay.core.client;

import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.types.SequenceNumber;
import java.util.List;
import java.util.Optional;

/**
 * Everything a client must keep durably to resume: written after every step that matters
 * (above all, before a signed order is sent anywhere).
 *
 * @param pendingOrder the order signed on the account's slot and not yet seen certified
 * @param sent the certificates of the account's own orders on its slots, in sequence order
 * @param received the certificates that credit it (transfers, claims, refunds), in the order learned
 * @param channelPending the claims and refunds it signed on channels' slots and has not seen certified, at most one per channel
 */
public record ClientSnapshot(
    SequenceNumber nextSequenceNumber,
    Optional<SignedOrder<? extends Order>> pendingOrder,
    List<Certificate> sent,
    List<Certificate> received,
    List<PrimaryDeposit> deposits,
    List<SignedOrder<? extends Order>> channelPending) {

  public ClientSnapshot {
    sent = List.copyOf(sent);
    received = List.copyOf(received);
    deposits = List.copyOf(deposits);
    channelPending = List.copyOf(channelPending);
    for (SignedOrder<? extends Order> order : channelPending) {
      if (!(order.order().key().owner() instanceof io.quorumpay.core.types.ChannelId)) {
        throw new IllegalArgumentException("a channel's pending order is on a channel's slot, not " + order.order().key());
      }
    }
  }

  /** Without orders pending on channels' slots. */
  public ClientSnapshot(SequenceNumber nextSequenceNumber, Optional<SignedOrder<? extends Order>> pendingOrder, List<Certificate> sent,
      List<Certificate> received, List<PrimaryDeposit> deposits) {
    this(nextSequenceNumber, pendingOrder, sent, received, deposits, List.of());
  }
}
