package io.quorumpay.core.messages;

import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;

/**
 * A certificate that has passed every check that needs no state: a well-formed order for the
 * committee's network, votes from distinct members only, a quorum of weight, and every vote
 * signature valid. Only {@link #check} makes one, so holding one is proof the checks ran; they
 * are pure and can run in parallel ahead of a shard's single writer.
 */
public final class VerifiedCertificate {
  private final Certificate certificate;
  private final Committee committee;

  private VerifiedCertificate(Certificate certificate, Committee committee) {
    this.certificate = certificate;
    this.committee = committee;
  }

  /** Checks {@code certificate} against {@code committee}; signatures last, since they cost the most. */
  public static VerifiedCertificate check(Certificate certificate, Committee committee) throws ProtocolException {
    return check(certificate, committee, null);
  }

  /**
   * Like {@link #check(Certificate, Committee)}, for the authority whose votes {@code self} makes:
   * its own vote is recognised by {@link OwnVotes#signed}, which costs less than a verification.
   */
  public static VerifiedCertificate check(Certificate certificate, Committee committee, OwnVotes self) throws ProtocolException {
    certificate.order().checkWellFormed(committee.network());
    long weight = 0;
    for (VoteSignature vote : certificate.votes()) {
      weight += committee.weight(vote.authority());
    }
    if (weight < committee.quorumThreshold()) {
      throw new ProtocolException(new ProtocolError.InsufficientQuorum(weight, committee.quorumThreshold()));
    }
    byte[] signed = Vote.signedBytes(certificate.order());
    for (VoteSignature vote : certificate.votes()) {
      boolean valid = self != null && vote.authority().equals(self.authority())
          ? self.signed(certificate.order(), vote.signature())
          : committee.verifies(vote.authority(), signed, vote.signature());
      if (!valid) {
        throw new ProtocolException(new ProtocolError.InvalidSignature("authority " + vote.authority().shortName()));
      }
    }
    return new VerifiedCertificate(certificate, committee);
  }

  public Certificate certificate() {
    return certificate;
  }

  public Order order() {
    return certificate.order();
  }

  /** The redeem order this certificate carries: a transfer to a primary address, else {@code NOT_A_REDEEM}. */
  public TransferOrder redeemOrder() throws ProtocolException {
    if (order() instanceof TransferOrder transfer && transfer.isRedeem()) {
      return transfer;
    }
    throw new ProtocolException(new ProtocolError.NotARedeem(order().home(), order().key().sequenceNumber().value()));
  }

  /** The committee it was checked against. */
  public Committee committee() {
    return committee;
  }

  @Override
  public String toString() {
    return "VerifiedCertificate[" + certificate.key() + "]";
  }
}
