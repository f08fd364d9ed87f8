package io.quorumpay.conformance;

import io.quorumpay.conformance.Scenario.Check;
import io.quorumpay.conformance.Scenario.Step;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import java.util.List;
import java.util.Set;

/**
 * The suite. The wallet under test holds deposit d0 = 100 and is paid c1 = 10, c2 = 20 (by two
 * senders), later c3 = 5 and c4 = 7; d1 = 50 is a later deposit; r0 is the wallet's own redeem of 30.
 */
public final class Scenarios {
  private Scenarios() {}

  private static List<Certificate> credits(ScenarioNetwork n, int... which) {
    Certificate[] all = {n.credit(1, 10, 0), n.credit(2, 20, 0), n.credit(1, 5, 1), n.credit(3, 7, 0)};
    return java.util.Arrays.stream(which).mapToObj(i -> all[i - 1]).toList();
  }

  private static void everywhere(ScenarioNetwork n, List<Certificate> received) {
    n.authorities.forEach(a -> a.received(received));
  }

  private static void oneDeposit(ScenarioNetwork n) {
    n.primary.deposits(List.of(n.deposit(0, 100)), 1);
  }

  private static Certificate redeem(ScenarioNetwork n) {
    byte[] to = new byte[PrimaryAddress.SIZE];
    to[19] = (byte) 0xb0;
    return n.certificate(n.wallet, new Recipient.Primary(new PrimaryAddress(Bytes.copyOf(to))), 30, 0);
  }

  private static Step step(String what, Scenario.Change change, Check check, long... acceptable) {
    Set<Long> answers = java.util.Arrays.stream(acceptable).boxed().collect(java.util.stream.Collectors.toSet());
    return new Step(what, change, check, answers, acceptable[acceptable.length - 1]);
  }

  public static List<Scenario> all() {
    return List.of(
        new Scenario("agreement", "every authority has every certificate", List.of(
            step("all have c1, c2; d0 confirmed", n -> {
              everywhere(n, credits(n, 1, 2));
              oneDeposit(n);
            }, Check.FRESH, 130))),
        new Scenario("one-behind", "an authority misses a certificate the others have", List.of(
            step("a0 has only c1", n -> {
              everywhere(n, credits(n, 1, 2));
              n.authorities.get(0).received(credits(n, 1));
              oneDeposit(n);
            }, Check.FRESH, 130))),
        new Scenario("minority-ahead", "one authority is ahead of the others", List.of(
            step("only a0 has c3", n -> {
              everywhere(n, credits(n, 1, 2));
              n.authorities.get(0).received(credits(n, 1, 2, 3));
              oneDeposit(n);
            }, Check.FRESH, 130, 135),
            step("the others catch up", n -> everywhere(n, credits(n, 1, 2, 3)), Check.FOLLOW_UP, 135))),
        new Scenario("authorities-down", "authorities stop answering, then come back", List.of(
            step("a1 down", n -> {
              everywhere(n, credits(n, 1, 2));
              oneDeposit(n);
              n.authorities.get(1).down(true);
            }, Check.FRESH, 130),
            step("a2 down too", n -> n.authorities.get(2).down(true), Check.FOLLOW_UP, 130),
            step("both back", n -> {
              n.authorities.get(1).down(false);
              n.authorities.get(2).down(false);
            }, Check.FOLLOW_UP, 130))),
        new Scenario("stream-reset", "an authority restarts with a rebuilt, shorter, reordered received log", List.of(
            step("all have c1, c2, c3", n -> {
              everywhere(n, credits(n, 1, 2, 3));
              oneDeposit(n);
            }, Check.FRESH, 135),
            step("a0's log restarts with only c3", n -> n.authorities.get(0).received(credits(n, 3)), Check.FOLLOW_UP, 135),
            step("a0's log is whole again, in another order", n -> n.authorities.get(0).received(credits(n, 3, 1, 2)),
                Check.FOLLOW_UP, 135),
            step("c4 arrives at a0 only", n -> n.authorities.get(0).received(credits(n, 3, 1, 2, 4)), Check.FOLLOW_UP, 135, 142))),
        new Scenario("deposit-in-flight", "a deposit is on the primary before it is confirmed", List.of(
            step("d1 made, not confirmed", n -> {
              everywhere(n, credits(n, 1, 2));
              n.primary.deposits(List.of(n.deposit(0, 100), n.deposit(1, 50)), 1);
            }, Check.FRESH, 130),
            step("d1 confirmed", n -> n.primary.deposits(List.of(n.deposit(0, 100), n.deposit(1, 50)), 2),
                Check.FOLLOW_UP, 130, 180))),
        new Scenario("redeem-in-flight", "the wallet's own redeem is known to some authorities only", List.of(
            step("only a1 applied r0", n -> {
              everywhere(n, credits(n, 1, 2));
              oneDeposit(n);
              n.authorities.get(1).sent(List.of(redeem(n)));
            }, Check.FRESH, 130, 100),
            step("every authority applied r0", n -> n.authorities.forEach(a -> a.sent(List.of(redeem(n)))), Check.FOLLOW_UP, 100))),
        new Scenario("liar", "an authority offers forged certificates and a fortune", List.of(
            step("a3 lies", n -> {
              everywhere(n, credits(n, 1, 2));
              oneDeposit(n);
              n.authorities.get(3).liar(true);
            }, Check.FRESH, 130),
            step("a3 keeps lying", n -> { }, Check.FOLLOW_UP, 130))),
        new Scenario("never-backwards", "authorities fall behind after the wallet saw more", List.of(
            step("all have c3", n -> {
              everywhere(n, credits(n, 1, 2, 3));
              oneDeposit(n);
            }, Check.FRESH, 135),
            step("a0, a1, a2 lose sight of c3", n -> {
              for (int a = 0; a < 3; a++) {
                n.authorities.get(a).received(credits(n, 1, 2));
              }
            }, Check.FOLLOW_UP, 135))));
  }
}
