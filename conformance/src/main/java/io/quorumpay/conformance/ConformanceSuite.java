package io.quorumpay.conformance;

import io.quorumpay.api.BalanceCheckReply;
import io.quorumpay.api.BalanceCheckRequest;
import io.quorumpay.api.RemoteWalletGrpc;
import io.quorumpay.api.ResetRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs every scenario against a wallet that speaks the RemoteWallet driver protocol. */
public final class ConformanceSuite {
  private static final int FOLLOW_UPS = 10;

  private ConformanceSuite() {}

  /** The outcome of one scenario: passed, or what went wrong at which step. */
  public record Outcome(String scenario, boolean passed, String detail) {}

  public static List<Outcome> run(RemoteWalletGrpc.RemoteWalletBlockingStub wallet) throws IOException, InterruptedException {
    List<Outcome> outcomes = new ArrayList<>();
    for (Scenario scenario : Scenarios.all()) {
      outcomes.add(run(wallet, scenario));
    }
    return outcomes;
  }

  static Outcome run(RemoteWalletGrpc.RemoteWalletBlockingStub stub, Scenario scenario) throws IOException, InterruptedException {
    try (ScenarioNetwork network = new ScenarioNetwork()) {
      RemoteWalletGrpc.RemoteWalletBlockingStub wallet = stub.withDeadlineAfter(60, TimeUnit.SECONDS);
      wallet.reset(ResetRequest.newBuilder().setCommitteeYaml(network.committeeYaml()).setPrimaryEndpoint(network.primaryEndpoint())
          .setSecretKey(HexFormat.of().formatHex(network.wallet.secretSeed())).build());
      long last = Long.MIN_VALUE;
      for (Scenario.Step step : scenario.steps()) {
        step.change().apply(network);
        BalanceCheckRequest request = BalanceCheckRequest.newBuilder().setAsset("QPC").build();
        BalanceCheckReply reply = step.check() == Scenario.Check.FRESH ? wallet.freshBalance(request) : wallet.followUpBalance(request);
        for (int i = 0; ; i++) {
          String at = scenario.name() + " / " + step.what() + ": ";
          if (!step.acceptable().contains(reply.getUnits())) {
            return new Outcome(scenario.name(), false, at + "balance " + reply.getUnits() + " is not one of " + step.acceptable());
          }
          if (step.check() == Scenario.Check.FOLLOW_UP && reply.getUnits() < last) {
            return new Outcome(scenario.name(), false, at + "balance went backwards from " + last + " to " + reply.getUnits());
          }
          if (reply.getDepositIndex() != network.primary.confirmed()) {
            return new Outcome(scenario.name(), false, at + "as of deposit " + reply.getDepositIndex() + ", but "
                + network.primary.confirmed() + " deposits are confirmed");
          }
          last = reply.getUnits();
          if (reply.getUnits() == step.eventually()) {
            break;
          }
          if (i == FOLLOW_UPS) {
            return new Outcome(scenario.name(), false, at + "never reached " + step.eventually() + " (stayed at " + reply.getUnits() + ")");
          }
          Thread.sleep(100);
          reply = wallet.followUpBalance(request);
        }
      }
      return new Outcome(scenario.name(), true, scenario.description());
    }
  }
}
