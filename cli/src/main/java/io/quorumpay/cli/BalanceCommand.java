package io.quorumpay.cli;

import io.quorumpay.client.Balance;
import io.quorumpay.client.PayKit;
import io.quorumpay.client.PayKitException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code qp balance}: the verified balance and what it is as of. */
@Command(name = "balance", mixinStandardHelpOptions = true,
    description = "Sync with every authority and the primary, then show the verified balance.")
final class BalanceCommand extends ReadingCommand {
  @Override
  int run(PayKit kit) throws PayKitException {
    Balance balance = balance(kit);
    StringBuilder text = new StringBuilder("account " + kit.account() + offlineLabel());
    Map<String, Long> balances = new LinkedHashMap<>();
    balance.balances().forEach((asset, units) -> {
      text.append("\n").append(String.format("%12d %s", units, asset));
      balances.put(asset.code(), units);
    });
    if (balances.isEmpty()) {
      text.append("\n           0 (no deposits or payments yet)");
    }
    text.append("\nas of primary deposit ").append(balance.depositIndex()).append(", next sequence number ")
        .append(balance.nextSequenceNumber());
    Map<String, Long> positions = new LinkedHashMap<>();
    balance.receivedPositions().forEach((name, position) -> positions.put(name.toString(), position));
    output.result(text.toString(), Map.of("account", kit.account().toString(), "balances", balances,
        "depositIndex", balance.depositIndex(), "nextSequenceNumber", balance.nextSequenceNumber(), "receivedPositions", positions,
        "offline", offline));
    return Exit.OK;
  }
}
