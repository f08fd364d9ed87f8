package io.quorumpay.core.types;

import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;

/** The position of a transfer order in its sender's history, from 0, at most 2^63 - 1. */
public record SequenceNumber(long value) implements Comparable<SequenceNumber> {
  public static final SequenceNumber ZERO = new SequenceNumber(0);

  public SequenceNumber {
    if (value < 0) {
      throw new IllegalArgumentException("a sequence number is never negative");
    }
  }

  /** The following sequence number; fails once the account has used them all. */
  public SequenceNumber next() throws ProtocolException {
    if (value == Long.MAX_VALUE) {
      throw new ProtocolException(new ProtocolError.OutOfRange("sequence number", "this account has used every sequence number"));
    }
    return new SequenceNumber(value + 1);
  }

  @Override
  public int compareTo(SequenceNumber other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
