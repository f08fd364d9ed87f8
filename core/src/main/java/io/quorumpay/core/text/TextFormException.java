package io.quorumpay.core.text;

import java.util.Objects;

/** Thrown when a text form is refused; carries the typed {@link TextProblem}. No stack trace: bad input is expected. */
public final class TextFormException extends Exception {
  private final TextProblem problem;

  public TextFormException(TextProblem problem) {
    super(Objects.requireNonNull(problem).message(), null, false, false);
    this.problem = problem;
  }

  /** The typed reason. */
  public TextProblem problem() {
    return problem;
  }
}
