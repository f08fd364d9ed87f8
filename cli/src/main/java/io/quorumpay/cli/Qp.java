package io.quorumpay.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code qp} command line. */
@Command(
    name = "qp",
    mixinStandardHelpOptions = true,
    version = "qp 0.1.0",
    description = "QuorumPay: payments settled by quorum certificates.",
    subcommands = {DemoCommand.class, NetCommand.class, AuthorityCommand.class, PrimaryCommand.class,
        CommandLine.HelpCommand.class})
public final class Qp {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, also used by tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Qp()).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
