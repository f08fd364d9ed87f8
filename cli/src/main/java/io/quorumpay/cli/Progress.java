package io.quorumpay.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress of a multi-step task: a progress bar on a terminal, one line per step otherwise. */
final class Progress implements AutoCloseable {
  private final ProgressBar bar;
  private final Output output;

  Progress(String task, int steps, Output output) {
    this.output = output;
    this.bar = System.console() != null && !output.json()
        ? new ProgressBarBuilder().setTaskName(task).setInitialMax(steps).setStyle(ProgressBarStyle.ASCII)
            .setConsumer(new ConsoleProgressBarConsumer(System.err)).hideEta().build()
        : null;
  }

  void step(String what) {
    if (bar != null) {
      bar.setExtraMessage(what);
      bar.step();
    } else {
      output.note("  " + what);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
