package io.quorumpay.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qp down}: stops the network a {@code qp up} runs in a folder (in the background or another terminal). */
@Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the local network that qp up runs in a folder.")
final class DownCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--network", defaultValue = "qp-data/local", paramLabel = "DIR",
      description = "The network's folder (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Override
  public Integer call() throws InterruptedException {
    Output output = new Output(spec, false);
    Path pidFile = dir.resolve(UpCommand.PID_FILE);
    Optional<ProcessHandle> up;
    try {
      up = Files.isRegularFile(pidFile) ? ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return output.error(Exit.USAGE, "cannot read " + pidFile + ": " + e.getMessage());
    }
    if (up.isEmpty() || !up.get().isAlive()) {
      output.result("no network is running in " + dir, Map.of("stopped", false));
      return Exit.OK;
    }
    up.get().destroy(); // SIGTERM: qp up stops its nodes cleanly
    try {
      up.get().onExit().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return output.error(Exit.UNAVAILABLE, "qp up (pid " + up.get().pid() + ") did not stop within 60 s");
    }
    output.result("stopped the network in " + dir, Map.of("stopped", true));
    return Exit.OK;
  }
}
