package io.quorumpay.cli;

import io.quorumpay.authority.AuthorityMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code qp authority run}: runs an authority's shards. */
@Command(name = "authority", mixinStandardHelpOptions = true, description = "Run an authority.",
    subcommands = AuthorityCommand.Run.class)
final class AuthorityCommand {

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Run the shards named in an authority config until stopped (Ctrl-C or SIGTERM stop it cleanly).")
  static final class Run implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "The authority's config file (authority.yaml).")
    Path config;

    @Override
    public Integer call() {
      return AuthorityMain.run(config);
    }
  }
}
