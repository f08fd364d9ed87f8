package io.quorumpay.cli;

import io.quorumpay.primary.PrimaryMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code qp primary run}: runs the standalone development primary chain. */
@Command(name = "primary", mixinStandardHelpOptions = true, description = "Run the primary chain.",
    subcommands = PrimaryCommand.Run.class)
final class PrimaryCommand {

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Run the embedded development chain as its own process, served over gRPC, until stopped.")
  static final class Run implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "The primary's config file (primary.yaml).")
    Path config;

    @Override
    public Integer call() {
      return PrimaryMain.run(config);
    }
  }
}
