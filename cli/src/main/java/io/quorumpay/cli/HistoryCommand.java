package io.quorumpay.cli;

import io.quorumpay.client.Balance;
import io.quorumpay.client.PayKit;
import io.quorumpay.client.PayKitException;
import io.quorumpay.core.client.ClientSnapshot;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.types.Recipient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** {@code qp history}: what the wallet sent, received, deposited and redeemed, with memos, as of its last sync. */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = "Sync, then list what this wallet sent, received, deposited and redeemed, with memos.")
final class HistoryCommand extends ReadingCommand {
  @Override
  int run(PayKit kit) throws PayKitException {
    Balance balance = balance(kit);
    ClientSnapshot known = kit.snapshot();
    Set<Long> unpaid = kit.unpaidRedeems().stream().map(c -> c.key().sequenceNumber().value()).collect(Collectors.toSet());
    List<Map<String, Object>> entries = new ArrayList<>();
    StringBuilder text = new StringBuilder("history of " + kit.account() + offlineLabel());
    for (PrimaryDeposit deposit : known.deposits()) {
      entries.add(entry("deposit", deposit.amount().units(), deposit.asset().code(), "from", deposit.depositor().toString(),
          "deposit", deposit.index(), ""));
      text.append(String.format("%ndeposit  #%-6d %10d %-6s from %s", deposit.index(), deposit.amount().units(), deposit.asset(),
          deposit.depositor()));
    }
    // A wallet records transfers only (ClientState refuses other kinds).
    for (Certificate certificate : known.sent()) {
      TransferOrder order = (TransferOrder) certificate.order();
      long sequence = order.sequenceNumber().value();
      boolean redeem = order.recipient() instanceof Recipient.Primary;
      String kind = redeem ? (unpaid.contains(sequence) ? "redeem (not yet paid)" : "redeem") : "sent";
      String memo = PayCommand.memoOf(order.userData());
      entries.add(entry(kind, order.amount().units(), order.asset().code(), "to", recipient(order), "sequenceNumber", sequence, memo));
      text.append(String.format("%n%-8s #%-6d %10d %-6s to %s%s", redeem ? "redeem" : "sent", sequence, order.amount().units(),
          order.asset(), recipient(order), (unpaid.contains(sequence) ? " (not yet paid)" : "") + memoText(memo)));
    }
    for (Certificate certificate : known.received()) {
      TransferOrder order = (TransferOrder) certificate.order();
      String memo = PayCommand.memoOf(order.userData());
      entries.add(entry("received", order.amount().units(), order.asset().code(), "from", order.sender().toString(),
          "certificate", certificate.key().toString(), memo));
      text.append(String.format("%nreceived         %10d %-6s from %s%s", order.amount().units(), order.asset(), order.sender(),
          memoText(memo)));
    }
    if (entries.isEmpty()) {
      text.append("\nnothing yet");
    }
    text.append("\nas of primary deposit ").append(balance.depositIndex()).append(", next sequence number ")
        .append(balance.nextSequenceNumber());
    output.result(text.toString(), Map.of("account", kit.account().toString(), "entries", entries,
        "depositIndex", balance.depositIndex(), "nextSequenceNumber", balance.nextSequenceNumber(), "offline", offline));
    return Exit.OK;
  }

  private static String recipient(TransferOrder order) {
    return switch (order.recipient()) {
      case Recipient.Account account -> account.id().toString();
      case Recipient.Primary primary -> primary.address().toString();
    };
  }

  private static String memoText(String memo) {
    return memo.isEmpty() ? "" : "  \"" + memo + "\"";
  }

  private static Map<String, Object> entry(String kind, long amount, String asset, String counterpartyRole, String counterparty,
      String refName, Object ref, String memo) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("kind", kind);
    entry.put("amount", amount);
    entry.put("asset", asset);
    entry.put(counterpartyRole, counterparty);
    entry.put(refName, ref);
    if (!memo.isEmpty()) {
      entry.put("memo", memo);
    }
    return entry;
  }
}
