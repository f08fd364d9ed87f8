package io.quorumpay.core.client;

import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.messages.OrderKey;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.SequenceNumber;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a client may sign a new order at its next sequence number, from what authorities report
 * about its account: pure, so the paykit and the simulator decide alike.
 *
 * <p>A wallet restored from a backup may be behind its original: the original may have certified
 * orders since, or signed one that some authorities voted for. Signing a different order at such a
 * sequence number could lock the account. So a client signs only once authorities holding a quorum
 * of weight have reported the account's state, after it synced the certificates they hold. Any
 * quorum shares an honest authority with the quorum that certified or may certify an order, so
 * what it reports cannot be missed. A vote at the client's next sequence number for an order it
 * does not hold is the account's own order when authorities of validity weight (at least one
 * honest, which checked the sender's signature) report the same order: the client adopts it (its
 * signature, Ed25519 being deterministic, is the original's) and finishes it. A vote below that
 * weight may be a lie, or an order that cannot be certified yet: the client signs nothing else.
 */
public final class AccountCheck {

  /** What one authority reported at the client's next sequence number. */
  public record Report(int authority, long nextSequenceNumber, Optional<byte[]> pendingVote) {}

  /** The outcome. */
  public sealed interface Verdict {
    /** Nothing is signed at the next sequence number elsewhere, as far as a quorum knows: sign freely. */
    record Clear(long heardWeight) implements Verdict {}

    /** Authorities of validity weight hold votes for this order at the next sequence number: make it the pending order and finish it. */
    record Adopt(Order order, long weight) implements Verdict {}

    /** Some authorities voted for an order the client does not hold, below validity weight: sign nothing there. */
    record PendingElsewhere(long sequenceNumber, long weight) implements Verdict {}

    /** Authorities of validity weight report a later sequence number than the client could sync to. */
    record Behind(long theirs, long weight) implements Verdict {}

    /** Fewer than a quorum of weight reported. */
    record Unheard(long heardWeight) implements Verdict {}
  }

  private AccountCheck() {}

  /**
   * The verdict for {@code account}, whose next sequence number is {@code next} and whose pending
   * order is {@code pending}, from {@code reports} (at most one per authority, in committee order,
   * all asked at {@code next}).
   */
  public static Verdict decide(Committee committee, AccountId account, long next, Optional<SignedOrder<? extends Order>> pending,
      List<Report> reports) {
    List<AuthorityName> members = committee.members();
    long heard = 0;
    long ahead = 0;
    long highest = next;
    Map<Order, Long> foreign = new LinkedHashMap<>();
    for (Report report : reports) {
      AuthorityName name = members.get(report.authority());
      long weight = committee.weights().get(name);
      heard += weight;
      if (report.nextSequenceNumber() > next) {
        ahead += weight;
        highest = Math.max(highest, report.nextSequenceNumber());
        continue;
      }
      Optional<Order> voted = validVote(committee, name, account, next, report.pendingVote());
      if (voted.isPresent() && !pending.map(p -> p.order().equals(voted.get())).orElse(false)) {
        foreign.merge(voted.get(), weight, Long::sum);
      }
    }
    if (ahead >= committee.validityThreshold()) {
      return new Verdict.Behind(highest, ahead);
    }
    for (Map.Entry<Order, Long> entry : foreign.entrySet()) {
      // Any kind on the account's slot (a transfer, a channel open or fund): the account's key signed it.
      if (entry.getValue() >= committee.validityThreshold() && pending.isEmpty()) {
        return new Verdict.Adopt(entry.getKey(), entry.getValue());
      }
    }
    if (heard < committee.quorumThreshold()) {
      return new Verdict.Unheard(heard);
    }
    long foreignWeight = foreign.values().stream().mapToLong(Long::longValue).sum();
    if (foreignWeight > 0 && pending.isEmpty()) {
      return new Verdict.PendingElsewhere(next, foreignWeight);
    }
    return new Verdict.Clear(heard);
  }

  /** The order of {@code bytes} if it is a valid vote by {@code name} for an order of {@code account} at {@code next}. */
  private static Optional<Order> validVote(Committee committee, AuthorityName name, AccountId account, long next,
      Optional<byte[]> bytes) {
    if (bytes.isEmpty() || bytes.get().length == 0) {
      return Optional.empty();
    }
    try {
      Vote vote = Vote.decode(bytes.get());
      vote.check(committee);
      Order order = vote.order();
      order.checkWellFormed(committee.network());
      boolean ours = vote.authority().equals(name) && order.key().equals(new OrderKey(account, new SequenceNumber(next)));
      return ours ? Optional.of(order) : Optional.empty();
    } catch (ProtocolException e) {
      return Optional.empty(); // not a valid vote of this authority: a broken or lying authority; it does not count
    }
  }
}
