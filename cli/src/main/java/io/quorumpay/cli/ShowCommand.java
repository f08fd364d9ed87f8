package io.quorumpay.cli;

import io.quorumpay.api.AccountInfoReply;
import io.quorumpay.api.config.ConfigException;
import io.quorumpay.client.CommitteeClient;
import io.quorumpay.core.text.TextFormException;
import io.quorumpay.core.types.AccountId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code qp show}: what the network says about an account, or what a certificate holds. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Inspect an account or a certificate.",
    subcommands = {ShowCommand.Account.class, VerifyCommand.Show.class, ShowCommand.Pending.class})
final class ShowCommand {

  @Command(name = "pending", mixinStandardHelpOptions = true,
      description = "Show the wallet's order signed and not yet certified, if any, without asking anyone.")
  static final class Pending extends WalletCommand {
    @Override
    boolean needsNetwork() {
      return false;
    }

    @Override
    int run(io.quorumpay.client.PayKit kit) {
      var pending = kit.pendingOrder();
      output.result(pending.map(order -> "pending: " + describe(order) + "; any wallet command that reaches the network"
              + " finishes it").orElse("nothing pending"),
          pending.<Map<String, Object>>map(order -> order.order() instanceof io.quorumpay.core.messages.TransferOrder transfer
              ? Map.of("pending", true, "sequenceNumber", transfer.sequenceNumber().value(),
                  "amount", transfer.amount().units(), "asset", transfer.asset().code(), "recipient", transfer.recipient().toString())
              : Map.of("pending", true, "sequenceNumber", order.order().key().sequenceNumber().value(), "order", what(order.order())))
              .orElse(Map.of("pending", false)));
      return Exit.OK;
    }
  }

  @Command(name = "account", mixinStandardHelpOptions = true,
      description = "Ask every authority about an account: its next sequence number, balances as each reports them, received count.")
  static final class Account implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NetworkOptions network;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Parameters(paramLabel = "ACCOUNT", description = "Account id (qp1…).")
    String account;

    @Mixin
    TypedInput typed;

    @Override
    public Integer call() {
      Output output = new Output(spec, json);
      AccountId id;
      try {
        id = typed.account(account);
      } catch (TextFormException e) {
        return output.error(Exit.USAGE, e.getMessage());
      }
      try (CommitteeClient committee = network.committeeClient()) {
        StringBuilder text = new StringBuilder("account " + id + " (shard " + committee.shardOf(id) + ")\n"
            + "balances are as each authority reports them; a wallet counts only certificates it verifies");
        List<Map<String, Object>> authorities = new ArrayList<>();
        for (int a = 0; a < committee.size(); a++) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("authority", committee.name(a).toString());
          try {
            AccountInfoReply info = committee.accountInfo(a, id, Optional.empty(), 0, 0).join();
            Map<String, Long> balances = new LinkedHashMap<>();
            info.getBalancesList().forEach(b -> balances.put(b.getAsset(), b.getUnits()));
            row.put("nextSequenceNumber", info.getNextSequenceNumber());
            row.put("balances", balances);
            row.put("received", info.getReceivedTotal());
            row.put("pendingVote", !info.getPendingVote().isEmpty());
            text.append(String.format("%nauthority %s: next %d, balances %s, received %d%s", committee.name(a).shortName(),
                info.getNextSequenceNumber(), balances, info.getReceivedTotal(), info.getPendingVote().isEmpty() ? "" : ", voted on a pending order"));
          } catch (CompletionException e) {
            row.put("error", e.getCause().getMessage());
            text.append(String.format("%nauthority %s: %s", committee.name(a).shortName(), e.getCause().getMessage()));
          }
          authorities.add(row);
        }
        if (authorities.stream().allMatch(row -> row.containsKey("error"))) {
          return output.error(Exit.UNAVAILABLE, "no authority could be reached: " + text);
        }
        output.result(text.toString(), Map.of("account", id.toString(), "authorities", authorities));
        return Exit.OK;
      } catch (ConfigException | IOException e) {
        return output.error(Exit.USAGE, e.getMessage());
      }
    }
  }
}
