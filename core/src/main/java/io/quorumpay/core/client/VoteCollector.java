package io.quorumpay.core.client;

import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.messages.VoteSignature;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Gathers votes for one order until they carry a quorum, then forms the certificate. Every vote is
 * checked before it counts; a second vote from one authority is ignored.
 */
public final class VoteCollector {
  private final Committee committee;
  private final Order order;
  private final TreeMap<AuthorityName, VoteSignature> votes = new TreeMap<>();
  private long weight;

  public VoteCollector(Committee committee, Order order) {
    this.committee = committee;
    this.order = order;
  }

  /** Counts {@code vote}; returns the certificate once the votes reach a quorum. */
  public Optional<Certificate> add(Vote vote) throws ProtocolException {
    if (!vote.order().equals(order)) {
      throw new ProtocolException(new ProtocolError.VoteForOtherOrder(vote.authority().shortName()));
    }
    vote.check(committee);
    if (votes.putIfAbsent(vote.authority(), vote.toSignature()) == null) {
      weight += committee.weight(vote.authority());
    }
    return certificate();
  }

  /** The certificate, if the votes so far carry a quorum. */
  public Optional<Certificate> certificate() {
    return weight >= committee.quorumThreshold()
        ? Optional.of(new Certificate(order, votes.values().stream().toList()))
        : Optional.empty();
  }

  public long weight() {
    return weight;
  }
}
