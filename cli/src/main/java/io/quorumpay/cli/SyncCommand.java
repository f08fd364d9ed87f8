package io.quorumpay.cli;

import io.quorumpay.client.PayKit;
import io.quorumpay.client.PayKitException;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code qp sync}: read what arrived, and finish what a crash left pending. */
@Command(name = "sync", mixinStandardHelpOptions = true,
    description = "Read new certificates and deposits for this wallet and finish any pending order.")
final class SyncCommand extends WalletCommand {
  @Override
  boolean readsOnly() {
    return true;
  }

  @Override
  int run(PayKit kit) throws PayKitException {
    int counted = kit.sync();
    output.result("synced: " + counted + " new certificates and deposits", Map.of("new", counted));
    return Exit.OK;
  }
}
