package io.quorumpay.api.config;

import java.util.Optional;

/**
 * The command line of a node process: {@code --config FILE [--parent PID]}. With {@code --parent},
 * the node stops (cleanly, through its shutdown hooks) when the process that started it is gone,
 * so that a {@code qp up} killed with {@code kill -9} leaves no orphaned nodes behind.
 */
public record ParentProcess(String config, Optional<Long> parent) {

  /** Parses {@code args}; empty when they are not of that form. */
  public static Optional<ParentProcess> parse(String[] args) {
    if (args.length == 2 && args[0].equals("--config")) {
      return Optional.of(new ParentProcess(args[1], Optional.empty()));
    }
    if (args.length == 4 && args[0].equals("--config") && args[2].equals("--parent")) {
      try {
        return Optional.of(new ParentProcess(args[1], Optional.of(Long.parseLong(args[3]))));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** With a parent: exits this process once the parent is gone (at once if it already is). */
  public void exitWithParent() {
    parent.ifPresent(pid -> ProcessHandle.of(pid).map(ProcessHandle::onExit)
        .orElse(java.util.concurrent.CompletableFuture.completedFuture(null))
        .thenRun(() -> {
          System.err.println("the process that started this node (" + pid + ") is gone; stopping");
          System.exit(0);
        }));
  }
}
