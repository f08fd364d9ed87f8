package io.quorumpay.channels.policy;

/**
 * How far ahead of its spending a buyer authorizes: a pure rule both the buyer's payer and the
 * benchmark follow. A call is paid by the buyer's current cumulative authorization at the nonce
 * while that still covers it; once what would remain after the call falls below half the window,
 * the buyer signs {@code spent + price + window} (capped at the channel's value), so the new
 * authorization reaches the seller, and is made durable there, well before a call needs it.
 * Window 0 signs exactly {@code spent + price} for every call.
 *
 * @param window how much the buyer authorizes beyond what it has spent (units; 0 or more)
 */
public record AuthorizationWindow(long window) {
  public AuthorizationWindow {
    if (window < 0) {
      throw new IllegalArgumentException("an authorization window is never negative");
    }
  }

  /** What pays one call. */
  public sealed interface Step {
    /** The current authorization covers the call: send its exact bytes again. */
    record Covered() implements Step {}

    /** Sign this new cumulative amount (above the current one) and send it. */
    record Sign(long amount) implements Step {}
  }

  /**
   * The step for a call of {@code price} when {@code authorized} is signed at the nonce, calls
   * costing {@code spent} in all were sent under it, and the channel holds {@code value}.
   * An amount above the value is never signed unless the call itself needs it (the seller then
   * refuses it: the buyer must add value first).
   */
  public Step next(long authorized, long spent, long price, long value) {
    if (authorized < 0 || spent < 0 || price <= 0 || value < 0) {
      throw new IllegalArgumentException("amounts are never negative and a paid call's price is above 0");
    }
    long needed = Amounts.saturatingAdd(spent, price);
    long remaining = authorized - needed;
    if (remaining >= 0 && (remaining >= window - window / 2 || authorized >= value)) {
      return new Step.Covered();
    }
    // Above what is authorized: either the call needs more, or less than half a window remains below the value.
    return new Step.Sign(Math.max(needed, Math.min(value, Amounts.saturatingAdd(needed, window))));
  }
}
