package io.quorumpay.core.client;

import io.quorumpay.core.client.ClientReply.Confirmed;
import io.quorumpay.core.client.ClientReply.Deposits;
import io.quorumpay.core.client.ClientReply.Info;
import io.quorumpay.core.client.ClientReply.Refused;
import io.quorumpay.core.client.ClientReply.Unreachable;
import io.quorumpay.core.client.ClientReply.Voted;
import io.quorumpay.core.client.ClientRequest.AskInfo;
import io.quorumpay.core.client.ClientRequest.AskVote;
import io.quorumpay.core.client.ClientRequest.Confirm;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.Vote;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One order of any kind (a transfer or a channel order), from signed to a confirmed certificate, as a pure state machine: no I/O,
 * threads or clock. The paykit and the simulator both drive it: they feed it {@link ClientReply}s
 * and ticks, and carry out its {@link Output}s in order.
 *
 * <p>It asks every authority for its vote, in rounds, and brings an authority that refuses as
 * if behind up to date with the wallet's own certificates. It stops as FastPay's client does:
 * certified at quorum weight; refused once authorities of validity weight (at least one honest)
 * give the same refusal that catching up cannot cure; otherwise it gives up when its rounds are
 * spent. Then it confirms the certificate at every authority, catching up those that miss the
 * sender's earlier certificates and sending again what got no answer, and finishes when each has
 * answered or its time is up (reporting the weight that confirmed: below a quorum, confirm again
 * later). Once authorities of a quorum's weight confirmed, the rest get one more round, so that a
 * silent authority costs a payer one round, not the confirm time. Every loop is bounded: nothing up
 * to f authorities say can make it run forever.
 */
public final class PaymentDriver {

  /** The bounds of one payment. */
  public record Budget(int rounds, long roundMillis, long confirmMillis, int catchUpCertificates) {
    public Budget {
      if (rounds < 1 || roundMillis < 1 || confirmMillis < 1 || catchUpCertificates < 0) {
        throw new IllegalArgumentException("a budget needs at least one round and positive times");
      }
    }

    /**
     * What the paykit uses: six rounds, 150 ms apart and growing, five seconds to confirm (and one
     * round, 150 ms, for the rest once a quorum's weight confirmed).
     */
    public static Budget standard() {
      return new Budget(6, 150, 5_000, 256);
    }
  }

  /** Why a payment gave up. */
  public enum Why {
    /** Authorities that include an honest one refused the order: it will not be certified as it is. */
    REFUSED,
    /** No quorum answered within the budget; the order stays pending and may be retried. */
    NO_QUORUM
  }

  /** What the driver asks its adapter to do, in order. */
  public sealed interface Output {
    /** Send this request; its answer comes back as a {@link ClientReply}. */
    record Send(ClientRequest request) implements Output {}

    /** A certificate formed: record it in the wallet and save, before carrying out what follows. */
    record Certified(Certificate certificate) implements Output {}

    /** Call {@link #tick} at this time (or later). */
    record WakeAt(long at) implements Output {}

    /** Done: certified, and confirmed at authorities holding {@code confirmedWeight}. */
    record Finished(Certificate certificate, long confirmedWeight) implements Output {}

    /** Done without a certificate. */
    record GaveUp(Why why, Optional<ProtocolError> refusal, String summary) implements Output {}
  }

  private enum Phase { NEW, VOTING, CONFIRMING, DONE }

  private final Committee committee;
  private final List<AuthorityName> members;
  private final SignedOrder<? extends Order> order;
  private final List<Certificate> sent;
  private final List<Certificate> received;
  private final Budget budget;
  private final VoteCollector votes;
  private final boolean[] voted;
  private final boolean[] answered;
  private final boolean[] caughtUp;
  private final Map<Integer, ProtocolError> refusals = new LinkedHashMap<>();
  private final Map<Integer, String> problems = new LinkedHashMap<>();
  private Phase phase = Phase.NEW;
  private int round;
  private long deadline;
  private long nextResend;
  private Certificate certificate;
  private long confirmedWeight;

  /**
   * A payment of {@code order} to {@code committee}; {@code sent} and {@code received} are the
   * wallet's certificates, which it sends to authorities that lag.
   */
  public PaymentDriver(Committee committee, SignedOrder<? extends Order> order, List<Certificate> sent, List<Certificate> received,
      Budget budget) {
    this.committee = committee;
    this.members = committee.members();
    this.order = order;
    this.sent = List.copyOf(sent);
    this.received = List.copyOf(received.subList(Math.max(0, received.size() - budget.catchUpCertificates()), received.size()));
    this.budget = budget;
    this.votes = new VoteCollector(committee, order.order());
    this.voted = new boolean[members.size()];
    this.answered = new boolean[members.size()];
    this.caughtUp = new boolean[members.size()];
  }

  /** Starts: asks every authority for its vote. */
  public List<Output> start(long now) {
    if (phase != Phase.NEW) {
      throw new IllegalStateException("a payment starts once");
    }
    phase = Phase.VOTING;
    return nextRound(now);
  }

  /** Starts with a certificate the wallet already holds (a retry): confirms it at every authority. */
  public List<Output> confirm(Certificate known, long now) {
    if (phase != Phase.NEW || !known.order().equals(order.order())) {
      throw new IllegalStateException("a payment confirms its own certificate, once");
    }
    List<Output> out = new ArrayList<>();
    certified(known, now, out);
    out.remove(0); // the wallet has it already
    return out;
  }

  /** Time passed: a new round of vote requests, or the end of confirming. */
  public List<Output> tick(long now) {
    List<Output> out = new ArrayList<>();
    if (phase == Phase.CONFIRMING && now < deadline && now >= nextResend) {
      return resendConfirmations(now);
    }
    if (now < deadline) {
      return out;
    }
    switch (phase) {
      case VOTING -> out.addAll(round < budget.rounds() ? nextRound(now) : giveUp());
      case CONFIRMING -> out.add(finish());
      case NEW, DONE -> { }
    }
    return out;
  }

  /** While confirming, a confirmation that got no answer (lost on the way) is sent again each round. */
  private List<Output> resendConfirmations(long now) {
    List<Output> out = new ArrayList<>();
    for (int a = 0; a < members.size(); a++) {
      if (!answered[a]) {
        out.add(new Output.Send(new Confirm(a, certificate)));
      }
    }
    nextResend = now + budget.roundMillis();
    out.add(new Output.WakeAt(Math.min(nextResend, deadline)));
    return out;
  }

  /** An answer (or the absence of one) to a request this driver sent. */
  public List<Output> on(ClientReply reply, long now) {
    List<Output> out = new ArrayList<>();
    if (phase == Phase.DONE) {
      return out;
    }
    switch (reply) {
      case Voted voted -> onVote(voted, now, out);
      case Confirmed confirmed -> onConfirmed(confirmed.request(), now, out);
      case Refused refused -> onRefused(refused, out);
      case Unreachable unreachable -> onUnreachable(unreachable.request(), out);
      case Info info -> onInfo(info, out);
      case Deposits deposits -> { }
    }
    return out;
  }

  public boolean done() {
    return phase == Phase.DONE;
  }

  /**
   * The weight of the authorities that have confirmed the certificate so far (0 before it forms):
   * what an adapter that stops before the driver's end (at a quorum's weight, or at its step bound)
   * reports.
   */
  public long confirmedWeight() {
    return confirmedWeight;
  }

  /**
   * Whether the certificate formed and authorities of a quorum's weight confirmed it: where
   * FastPay's client stops, the lagging ones catching up from their peers (docs/PROTOCOL.md).
   */
  public boolean confirmedByQuorum() {
    return certificate != null && confirmedWeight >= committee.quorumThreshold();
  }

  // ---- voting -----------------------------------------------------------------------------

  private List<Output> nextRound(long now) {
    round++;
    deadline = now + budget.roundMillis() * round;
    List<Output> out = new ArrayList<>();
    for (int a = 0; a < members.size(); a++) {
      if (!voted[a] && !(refusals.get(a) instanceof ProtocolError refusal && !Refusals.curedByCatchUp(refusal.code()))) {
        out.add(new Output.Send(new AskVote(a, order)));
      }
      caughtUp[a] = false;
    }
    out.add(new Output.WakeAt(deadline));
    return out;
  }

  private void onVote(Voted reply, long now, List<Output> out) {
    int a = reply.request().authority();
    if (phase != Phase.VOTING || voted[a]) {
      return;
    }
    try {
      Vote vote = Vote.decode(reply.vote());
      if (!vote.authority().equals(members.get(a))) {
        throw new ProtocolException(new ProtocolError.UnknownAuthority(vote.authority().shortName()));
      }
      voted[a] = true;
      refusals.remove(a);
      problems.remove(a);
      Optional<Certificate> formed = votes.add(vote);
      if (formed.isPresent()) {
        certified(formed.get(), now, out);
      }
    } catch (ProtocolException e) {
      problems.put(a, "bad vote (" + e.error().code() + ")");
    }
  }

  private void certified(Certificate formed, long now, List<Output> out) {
    certificate = formed;
    phase = Phase.CONFIRMING;
    deadline = now + budget.confirmMillis();
    out.add(new Output.Certified(formed));
    java.util.Arrays.fill(answered, false);
    out.addAll(resendConfirmations(now));
  }

  private void onRefused(Refused refused, List<Output> out) {
    switch (refused.request()) {
      case AskVote ask when phase == Phase.VOTING -> {
        int a = ask.authority();
        refusals.put(a, refused.error());
        problems.put(a, refused.error().code().name());
        if (Refusals.curedByCatchUp(refused.error().code())) {
          if (!caughtUp[a]) {
            caughtUp[a] = true;
            out.add(new Output.Send(AskInfo.next(a, order.order().home())));
          }
        } else if (refusedByValidity(refused.error().code())) {
          out.addAll(giveUp());
        }
      }
      case Confirm confirm when phase == Phase.CONFIRMING && confirm.certificate().equals(certificate) -> {
        int a = confirm.authority();
        if (refused.error().code() == ProtocolError.Code.MISSING_EARLIER_CONFIRMATIONS && !caughtUp[a]) {
          caughtUp[a] = true;
          out.add(new Output.Send(AskInfo.next(a, order.order().home())));
        } else {
          answer(a, out);
        }
      }
      case AskInfo ask when phase == Phase.CONFIRMING -> answer(ask.authority(), out);
      default -> { }
    }
  }

  private void onUnreachable(ClientRequest request, List<Output> out) {
    switch (request) {
      case AskVote ask when phase == Phase.VOTING -> problems.put(ask.authority(), "unreachable");
      case Confirm confirm when phase == Phase.CONFIRMING && confirm.certificate().equals(certificate) ->
          answer(confirm.authority(), out);
      case AskInfo ask when phase == Phase.CONFIRMING -> answer(ask.authority(), out);
      default -> { }
    }
  }

  /**
   * An authority's next sequence number for the order's home account: send what it misses, then
   * what the payment needs. Only an order on the account's own slot has earlier certificates there
   * (a channel's claims and refunds are numbered by its nonce, not by the account's sequence).
   */
  private void onInfo(Info info, List<Output> out) {
    int a = info.request().authority();
    long next = info.nextSequenceNumber();
    long target = order.order().key().sequenceNumber().value();
    for (Certificate mine : sent) {
      long sequence = mine.order().key().sequenceNumber().value();
      if (mine.key().owner().equals(order.order().key().owner()) && sequence >= next && sequence < target) {
        out.add(new Output.Send(new Confirm(a, mine)));
      }
    }
    if (phase == Phase.VOTING) {
      // Credits it may have missed, so that it sees the balance the order spends.
      received.forEach(credit -> out.add(new Output.Send(new Confirm(a, credit))));
    } else if (phase == Phase.CONFIRMING && !answered[a]) {
      out.add(new Output.Send(new Confirm(a, certificate)));
    }
  }

  /** Whether authorities of validity weight (so at least one honest) gave refusals with this code. */
  private boolean refusedByValidity(ProtocolError.Code code) {
    long weight = 0;
    for (Map.Entry<Integer, ProtocolError> entry : refusals.entrySet()) {
      if (entry.getValue().code() == code) {
        weight += committee.weights().get(members.get(entry.getKey()));
      }
    }
    return weight >= committee.validityThreshold();
  }

  private List<Output> giveUp() {
    phase = Phase.DONE;
    Optional<ProtocolError> settled = refusals.values().stream()
        .filter(error -> refusedByValidity(error.code())).findFirst();
    String summary = "no quorum for " + order.order().key() + " after " + round + " round" + (round == 1 ? "" : "s") + ": "
        + describe();
    if (settled.isPresent()) {
      return List.of(new Output.GaveUp(Why.REFUSED, settled, summary + "; " + settled.get().message()));
    }
    Optional<ProtocolError> last = refusals.values().stream().reduce((first, second) -> second);
    return List.of(new Output.GaveUp(Why.NO_QUORUM, last, summary));
  }

  private String describe() {
    List<String> parts = new ArrayList<>();
    problems.forEach((a, problem) -> parts.add(members.get(a).shortName() + " " + problem));
    return parts.isEmpty() ? "no answers" : String.join(", ", parts);
  }

  // ---- confirming -------------------------------------------------------------------------

  private void onConfirmed(Confirm request, long now, List<Output> out) {
    if (phase == Phase.CONFIRMING && request.certificate().equals(certificate) && !answered[request.authority()]) {
      boolean hadQuorum = confirmedByQuorum();
      confirmedWeight += committee.weights().get(members.get(request.authority()));
      answer(request.authority(), out);
      if (!hadQuorum && confirmedByQuorum() && phase == Phase.CONFIRMING && now + budget.roundMillis() < deadline) {
        // The payment is final; the others get one more round, not the whole confirm time: a silent authority
        // must not hold every payer for it. Whoever misses it catches up from its peers (docs/PROTOCOL.md).
        deadline = now + budget.roundMillis();
        out.add(new Output.WakeAt(Math.min(nextResend, deadline)));
      }
    }
  }

  private void answer(int a, List<Output> out) {
    answered[a] = true;
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
