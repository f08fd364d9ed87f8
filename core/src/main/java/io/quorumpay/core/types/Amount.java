package io.quorumpay.core.types;

import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;

/**
 * A non-negative quantity of an asset, in its smallest unit, at most 2^63 - 1.
 * Arithmetic is overflow-checked and fails with a typed error.
 */
public record Amount(long units) implements Comparable<Amount> {
  public static final Amount ZERO = new Amount(0);

  public Amount {
    if (units < 0) {
      throw new IllegalArgumentException("an amount is never negative");
    }
  }

  /** Parses a decimal count of units from user input. */
  public static Amount parse(String text) throws ProtocolException {
    try {
      long units = Long.parseLong(text.strip());
      if (units < 0) {
        throw new ProtocolException(new ProtocolError.OutOfRange("amount", "an amount is never negative"));
      }
      return new Amount(units);
    } catch (NumberFormatException e) {
      throw new ProtocolException(new ProtocolError.OutOfRange("amount",
          "'" + text + "' is not a whole number between 0 and " + Long.MAX_VALUE));
    }
  }

  public boolean isZero() {
    return units == 0;
  }

  public Amount plus(Amount other) throws ProtocolException {
    try {
      return new Amount(Math.addExact(units, other.units));
    } catch (ArithmeticException e) {
      throw new ProtocolException(new ProtocolError.BalanceOverflow(units + " + " + other.units));
    }
  }

  public Amount minus(Amount other) throws ProtocolException {
    if (other.units > units) {
      throw new ProtocolException(new ProtocolError.OutOfRange("amount", units + " - " + other.units + " is negative"));
    }
    return new Amount(units - other.units);
  }

  @Override
  public int compareTo(Amount other) {
    return Long.compare(units, other.units);
  }

  @Override
  public String toString() {
    return Long.toString(units);
  }
}
