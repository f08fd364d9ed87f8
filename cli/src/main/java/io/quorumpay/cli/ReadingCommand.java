package io.quorumpay.cli;

import io.quorumpay.client.Balance;
import io.quorumpay.client.PayKit;
import io.quorumpay.client.PayKitException;
import picocli.CommandLine.Option;

/**
 * A wallet command that only reads: with {@code --offline} it asks no one and says so, and it goes
 * on (saying what is pending) when an order left pending cannot finish now.
 */
abstract class ReadingCommand extends WalletCommand {
  @Option(names = "--offline", description = "Use what the wallet knew at its last sync, without asking anyone (labelled so).")
  boolean offline;

  @Override
  boolean needsNetwork() {
    return !offline;
  }

  @Override
  boolean readsOnly() {
    return true;
  }

  /** The balance: after a sync, or as of the last one when offline. */
  Balance balance(PayKit kit) throws PayKitException {
    return offline ? kit.localBalance() : kit.balance();
  }

  /** What to add to a heading when offline. */
  String offlineLabel() {
    return offline ? " (offline: as of the last sync)" : "";
  }
}
