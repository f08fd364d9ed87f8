package io.quorumpay.core.client;

import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.types.SequenceNumber;
import java.util.List;
import java.util.Optional;

/**
 * Everything a client must keep durably to resume: written after every step that matters
 * (above all, before a signed order is sent anywhere).
 */
public record ClientSnapshot(
    SequenceNumber nextSequenceNumber,
    Optional<SignedOrder<TransferOrder>> pendingOrder,
    List<Certificate> sent,
    List<Certificate> received,
    List<PrimaryDeposit> deposits) {

  public ClientSnapshot {
    sent = List.copyOf(sent);
    received = List.copyOf(received);
    deposits = List.copyOf(deposits);
  }
}
