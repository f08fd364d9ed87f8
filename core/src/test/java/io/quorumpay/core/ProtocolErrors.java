package io.quorumpay.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;

/** Assertions on typed refusals. */
public final class ProtocolErrors {
  private ProtocolErrors() {}

  /** A step that may be refused. */
  @FunctionalInterface
  public interface Step {
    void run() throws Exception;
  }

  /** Runs {@code step}, asserts it is refused with an error of {@code type}, and returns that error. */
  public static <E extends ProtocolError> E refused(Class<E> type, Step step) {
    ProtocolException thrown = catchThrowableOfType(ProtocolException.class, step::run);
    assertThat(thrown).as("expected a refusal of type %s", type.getSimpleName()).isNotNull();
    assertThat(thrown.error()).isInstanceOf(type);
    assertThat(thrown.getMessage()).isEqualTo(thrown.error().message()).isNotBlank();
    return type.cast(thrown.error());
  }
}
