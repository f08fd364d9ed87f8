package io.quorumpay.core.messages;

import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.SequenceNumber;

/** (sender, sequence number): the slot that at most one transfer order may ever be certified for. */
public record OrderKey(AccountId sender, SequenceNumber sequenceNumber) {
  @Override
  public String toString() {
    return sender + "#" + sequenceNumber;
  }
}
