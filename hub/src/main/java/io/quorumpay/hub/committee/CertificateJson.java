package io.quorumpay.hub.committee;

import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.messages.VoteSignature;
import io.quorumpay.core.types.AccountId;
import java.util.HexFormat;
import java.util.List;

/**
 * A certificate as the API shows it: decoded, with its exact bytes ({@code hex}) so that anyone can
 * check it themselves, and the result of the hub's own check against the committee.
 */
public record CertificateJson(String kind, String owner, long sequenceNumber, String from, String to,
    String primaryAddress, String asset, long amount, List<VoteJson> votes, Check check, String hex) {

  /** One vote: the authority's public key and its signature, hex. */
  public record VoteJson(String authority, String signature) {}

  /** Whether the certificate checks against the committee ({@code valid}), and if not why. */
  public record Check(boolean valid, String detail, String committeeDigest) {}

  private static final String VALID = "a quorum of the committee's authorities signed this order";

  /** {@code certificate} as shown, after the hub checked it against {@code committee}. */
  public static CertificateJson of(Certificate certificate, Committee committee) {
    Check check;
    try {
      VerifiedCertificate.check(certificate, committee);
      check = new Check(true, VALID, committee.digest().toHex());
    } catch (ProtocolException e) {
      check = new Check(false, e.getMessage(), committee.digest().toHex());
    }
    return of(certificate, check);
  }

  /**
   * A certificate known to check against {@code committee} without checking it again: a {@link
   * CommitteeGateway.Relayed}, which only the gateway makes (from votes it checked one by one, or
   * from a certificate it checked itself). Anything read from elsewhere goes through {@link
   * #of(Certificate, Committee)}.
   */
  public static CertificateJson ofChecked(CommitteeGateway.Relayed relayed, Committee committee) {
    return of(relayed.certificate(), new Check(true, VALID, committee.digest().toHex()));
  }

  private static CertificateJson of(Certificate certificate, Check check) {
    CertificateFacts facts = CertificateFacts.of(certificate.order());
    return new CertificateJson(facts.kind(), facts.owner(), facts.sequenceNumber(),
        facts.from().map(AccountId::hex).orElse(null), facts.to().map(AccountId::hex).orElse(null),
        facts.primaryAddress().orElse(null), facts.asset().orElse(null), facts.amount(),
        certificate.votes().stream().map(CertificateJson::vote).toList(), check, HexFormat.of().formatHex(certificate.encode()));
  }

  private static VoteJson vote(VoteSignature vote) {
    return new VoteJson(vote.authority().key().bytes().toHex(), vote.signature().bytes().toHex());
  }
}
