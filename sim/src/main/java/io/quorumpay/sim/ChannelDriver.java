package io.quorumpay.sim;

import io.quorumpay.core.client.PaymentDriver;
import io.quorumpay.core.client.Refusals;
import io.quorumpay.core.client.VoteCollector;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.Vote;
import java.util.ArrayList;
import java.util.List;

/**
 * One channel order, from signed to certified and confirmed: {@link PaymentDriver}'s rounds for the
 * order kinds it does not drive yet (it takes transfers only), on the same {@link VoteCollector}
 * and {@link Refusals} and within the same {@link PaymentDriver.Budget}. Pure: the adapter feeds it
 * answers and ticks and carries out its outputs. An authority that refuses as if behind gets the
 * order's prerequisites (the certificates of its home account and channels, in order).
 */
final class ChannelDriver {
  sealed interface Output {
    record AskVote(int member, SignedOrder<?> order) implements Output {}

    record Confirm(int member, Certificate certificate) implements Output {}

    record Certified(Certificate certificate) implements Output {}

    /** Confirmed at authorities of {@code weight}; below a quorum, confirm again later. */
    record Finished(Certificate certificate, long weight) implements Output {}

    record GaveUp(String why) implements Output {}
  }

  private enum Phase { VOTING, CONFIRMING, DONE }

  private final Committee committee;
  private final SignedOrder<?> order;
  private final List<Certificate> prerequisites;
  private final PaymentDriver.Budget budget;
  private final VoteCollector votes;
  private final boolean[] voted;
  private final boolean[] answered;
  private final boolean[] caughtUp;
  private final ProtocolError[] refusals;
  private Phase phase = Phase.VOTING;
  private int round;
  private long deadline;
  private long nextResend;
  private Certificate certificate;
  private long confirmedWeight;

  ChannelDriver(Committee committee, SignedOrder<?> order, List<Certificate> prerequisites, PaymentDriver.Budget budget) {
    this.committee = committee;
    this.order = order;
    this.prerequisites = List.copyOf(prerequisites);
    this.budget = budget;
    this.votes = new VoteCollector(committee, order.order());
    int n = committee.size();
    this.voted = new boolean[n];
    this.answered = new boolean[n];
    this.caughtUp = new boolean[n];
    this.refusals = new ProtocolError[n];
  }

  SignedOrder<?> order() {
    return order;
  }

  boolean done() {
    return phase == Phase.DONE;
  }

  List<Output> start(long now) {
    return nextRound(now);
  }

  /** Confirms a certificate formed before, without voting. */
  List<Output> confirm(Certificate known, long now) {
    List<Output> out = new ArrayList<>();
    confirming(known, now, out);
    return out;
  }

  List<Output> tick(long now) {
    List<Output> out = new ArrayList<>();
    if (phase == Phase.CONFIRMING && now < deadline && now >= nextResend) {
      resend(now, out);
    } else if (phase == Phase.VOTING && now >= deadline) {
      out.addAll(round < budget.rounds() ? nextRound(now) : giveUp("no quorum after " + round + " rounds"));
    } else if (phase == Phase.CONFIRMING && now >= deadline) {
      out.add(finish());
    }
    return out;
  }

  List<Output> onVote(int member, byte[] bytes, long now) {
    List<Output> out = new ArrayList<>();
    if (phase != Phase.VOTING || voted[member]) {
      return out;
    }
    try {
      Vote vote = Vote.decode(bytes);
      if (!vote.authority().equals(committee.members().get(member))) {
        return out;
      }
      var formed = votes.add(vote);
      voted[member] = true;
      refusals[member] = null;
      if (formed.isPresent()) {
        out.add(new Output.Certified(formed.get()));
        confirming(formed.get(), now, out);
      }
    } catch (ProtocolException garbage) {
      // Not a valid vote for this order: it does not count.
    }
    return out;
  }

  List<Output> onRefused(int member, ProtocolError error, boolean toConfirmation) {
    List<Output> out = new ArrayList<>();
    boolean cured = Refusals.curedByCatchUp(error.code());
    if (phase == Phase.VOTING && !toConfirmation) {
      refusals[member] = error;
      if (cured) {
        catchUp(member, out);
      } else if (refusedByValidity(error.code())) {
        out.addAll(giveUp("refused: " + error.message()));
      }
    } else if (phase == Phase.CONFIRMING && toConfirmation && !answered[member]) {
      if (cured) {
        catchUp(member, out); // the certificate itself goes again with the next resend
      } else {
        answer(member, 0, out);
      }
    }
    return out;
  }

  List<Output> onConfirmed(int member, Certificate confirmed) {
    List<Output> out = new ArrayList<>();
    if (phase == Phase.CONFIRMING && confirmed.equals(certificate) && !answered[member]) {
      answer(member, committee.weights().get(committee.members().get(member)), out);
    }
    return out;
  }

  private void catchUp(int member, List<Output> out) {
    if (!caughtUp[member]) {
      caughtUp[member] = true;
      prerequisites.forEach(c -> out.add(new Output.Confirm(member, c)));
    }
  }

  private List<Output> nextRound(long now) {
    round++;
    deadline = now + budget.roundMillis() * round;
    List<Output> out = new ArrayList<>();
    for (int a = 0; a < voted.length; a++) {
      if (!voted[a] && (refusals[a] == null || Refusals.curedByCatchUp(refusals[a].code()))) {
        out.add(new Output.AskVote(a, order));
      }
      caughtUp[a] = false;
    }
    return out;
  }

  private boolean refusedByValidity(ProtocolError.Code code) {
    long weight = 0;
    for (int a = 0; a < refusals.length; a++) {
      if (refusals[a] != null && refusals[a].code() == code) {
        weight += committee.weights().get(committee.members().get(a));
      }
    }
    return weight >= committee.validityThreshold();
  }

  private List<Output> giveUp(String why) {
    phase = Phase.DONE;
    return List.of(new Output.GaveUp(why));
  }

  private void confirming(Certificate formed, long now, List<Output> out) {
    certificate = formed;
    phase = Phase.CONFIRMING;
    deadline = now + budget.confirmMillis();
    java.util.Arrays.fill(caughtUp, false);
    resend(now, out);
  }

  private void resend(long now, List<Output> out) {
    for (int a = 0; a < answered.length; a++) {
      if (!answered[a]) {
        out.add(new Output.Confirm(a, certificate));
      }
    }
    java.util.Arrays.fill(caughtUp, false);
    nextResend = now + budget.roundMillis();
  }

  private void answer(int member, long weight, List<Output> out) {
    answered[member] = true;
    confirmedWeight += weight;
    for (boolean done : answered) {
      if (!done) {
        return;
      }
    }
    out.add(finish());
  }

  private Output finish() {
    phase = Phase.DONE;
    return new Output.Finished(certificate, confirmedWeight);
  }
}
