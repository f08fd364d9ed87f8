package io.quorumpay.cli;

import io.quorumpay.authority.local.LocalNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qp net}: sets up networks. */
@Command(name = "net", mixinStandardHelpOptions = true, description = "Set up a network.",
    subcommands = NetCommand.Init.class)
final class NetCommand {

  @Command(name = "init", mixinStandardHelpOptions = true,
      description = "Write a local network: keys, committee file, one config and data folder per authority, primary settings.")
  static final class Init implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", defaultValue = "qp-data/local", description = "Folder to write (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--name", description = "Network name (default: local- and 16 random hex digits, so that every network"
        + " is its own).")
    String name;

    @Option(names = "--authorities", defaultValue = "4", description = "Authorities (default: ${DEFAULT-VALUE}).")
    int authorities;

    @Option(names = "--shards", defaultValue = "2", description = "Shards per authority (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--base-port", defaultValue = "7000",
        description = "First port; the primary takes it, then each shard a client and an internal port (default: ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--tls", description = "Issue certificates from a new private CA and turn TLS on everywhere.")
    boolean tls;

    @Option(names = "--primary", defaultValue = "dev", paramLabel = "dev|ethereum",
        description = "The primary chain: the dev chain, or the QuorumPay contract on a local anvil, which qp up starts and"
            + " deploys to (default: ${DEFAULT-VALUE}).")
    LocalNetwork.PrimaryKind primaryKind;

    @Override
    public Integer call() {
      if (authorities < 1 || authorities > 100 || shards < 1 || shards > 64 || basePort < 1024
          || basePort + 1 + 2 * authorities * shards > 65535) {
        spec.commandLine().getErr().println("error: use 1-100 authorities, 1-64 shards, and a base port that leaves room for "
            + (1 + 2 * authorities * shards) + " ports");
        return 2;
      }
      AtomicInteger port = new AtomicInteger(basePort);
      try {
        LocalNetwork.Layout layout = LocalNetwork.init(dir, name == null ? LocalNetwork.uniqueName("local") : name, authorities,
            shards, tls, primaryKind, port::getAndIncrement);
        spec.commandLine().getOut().printf("wrote a network of %d authorities x %d shards to %s%n", authorities, shards, dir);
        switch (layout.primary()) {
          case DEV -> spec.commandLine().getOut().printf("start the primary:     qp primary run --config %s%n", layout.primaryFile());
          case ETHEREUM -> spec.commandLine().getOut().printf("start it all:          qp up --network %s   (starts anvil and"
              + " deploys the contract as %s says)%n", dir, layout.primaryFile());
        }
        for (Path config : layout.authorityFiles()) {
          spec.commandLine().getOut().printf("start an authority:    qp authority run --config %s%n", config);
        }
        return 0;
      } catch (IOException e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        return 1;
      }
    }
  }
}
