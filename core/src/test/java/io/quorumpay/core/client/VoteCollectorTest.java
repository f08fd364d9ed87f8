package io.quorumpay.core.client;

import static io.quorumpay.core.Fixtures.*;
import static io.quorumpay.core.ProtocolErrors.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.encoding.Bytes;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VoteCollectorTest {
  static final TransferOrder ORDER = order(key(1), key(2), 10, 0);

  @Test
  void formsACertificateAtQuorumThatVerifies() throws ProtocolException {
    VoteCollector collector = new VoteCollector(COMMITTEE, ORDER);
    assertThat(collector.add(Vote.sign(ORDER, AUTHORITY_KEYS.get(3)))).isEmpty();
    assertThat(collector.add(Vote.sign(ORDER, AUTHORITY_KEYS.get(3)))).isEmpty(); // a repeat does not count twice
    assertThat(collector.weight()).isOne();
    assertThat(collector.add(Vote.sign(ORDER, AUTHORITY_KEYS.get(1)))).isEmpty();
    Optional<Certificate> certificate = collector.add(Vote.sign(ORDER, AUTHORITY_KEYS.get(0)));
    assertThat(certificate).isPresent();
    assertThat(VerifiedCertificate.check(certificate.get(), COMMITTEE).order()).isEqualTo(ORDER);
  }

  @Test
  void refusesBadVotesWithoutCountingThem() throws ProtocolException {
    VoteCollector collector = new VoteCollector(COMMITTEE, ORDER);
    refused(ProtocolError.VoteForOtherOrder.class, () -> collector.add(Vote.sign(order(key(1), key(2), 11, 0), AUTHORITY_KEYS.get(0))));
    refused(ProtocolError.UnknownAuthority.class, () -> collector.add(Vote.sign(ORDER, key(77))));
    Vote good = Vote.sign(ORDER, AUTHORITY_KEYS.get(0));
    Vote forged = new Vote(ORDER, good.authority(), new Signature(Bytes.copyOf(new byte[64])));
    refused(ProtocolError.InvalidSignature.class, () -> collector.add(forged));
    assertThat(collector.weight()).isZero();
  }
}
