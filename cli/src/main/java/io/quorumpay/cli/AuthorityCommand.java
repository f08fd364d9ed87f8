package io.quorumpay.cli;

import io.quorumpay.api.config.ConfigException;
import io.quorumpay.authority.AuthorityMain;
import io.quorumpay.authority.AuthorityRecovery;
import io.quorumpay.authority.config.AuthorityConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code qp authority run}: runs an authority's shards. */
@Command(name = "authority", mixinStandardHelpOptions = true, description = "Run or recover an authority.",
    subcommands = {AuthorityCommand.Run.class, AuthorityCommand.Recover.class})
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

  @Command(name = "recover", mixinStandardHelpOptions = true,
      description = {"Rebuild an authority whose data was lost or restored from an older copy (it refuses to start on such data).",
          "Moves each shard's data aside, starts it anew from its signing record, and lets it catch up from its peers when run.",
          "Stop the authority first. Run it in every process of the authority. See docs/OPERATIONS.md."})
  static final class Recover implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "The authority's config file (authority.yaml).")
    Path config;

    @Option(names = "--epoch", description = "The new recovery epoch (default: one above the highest recorded);"
        + " give the same one to every process of an authority whose shards run in several.")
    Long epoch;

    @Override
    public Integer call() {
      try {
        AuthorityRecovery.recover(AuthorityConfig.read(config), epoch == null ? OptionalLong.empty() : OptionalLong.of(epoch),
            Clock.systemUTC(), System.out::println);
        return 0;
      } catch (ConfigException e) {
        System.err.println("error: " + e.getMessage());
        return 2;
      } catch (IOException e) {
        System.err.println("error: cannot recover the authority: " + e.getMessage());
        return 1;
      }
    }
  }
}
