package io.quorumpay.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code qp} command line. */
@Command(
    name = "qp",
    mixinStandardHelpOptions = true,
    version = "qp 0.1.0",
    description = "QuorumPay: payments settled by quorum certificates.",
    subcommands = {DemoCommand.class, UpCommand.class, DownCommand.class, KeygenCommand.class, DepositCommand.Faucet.class, DepositCommand.class,
        PayCommand.class, ChannelCommand.class, ChannelsCommand.class, BalanceCommand.class, HistoryCommand.class, RedeemCommand.class, SyncCommand.class, ShowCommand.class, VerifyCommand.class,
        NetCommand.class, AuthorityCommand.class, PrimaryCommand.class, HubCommand.class, EthereumCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "1:could not complete now (unreachable, no quorum); safe to retry",
        "2:bad input or missing setup; nothing was done", "3:refused by the protocol (e.g. insufficient balance); nothing was done",
        "4:the wallet file could not be read or written"})
public final class Qp {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, also used by tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Qp()).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
