package io.quorumpay.core.messages;

import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.SlotOwner;
import java.util.Objects;

/**
 * A slot: (owner, sequence number), where at most one order may ever be certified. An account's
 * slots hold its transfers, channel opens and funds; a channel's slots (numbered by its nonce)
 * hold its claims and refunds.
 */
public record OrderKey(SlotOwner owner, SequenceNumber sequenceNumber) {
  public OrderKey {
    Objects.requireNonNull(owner);
    Objects.requireNonNull(sequenceNumber);
  }

  @Override
  public String toString() {
    return owner + "#" + sequenceNumber;
  }
}
