package io.quorumpay.core.messages;

import static io.quorumpay.core.Fixtures.*;
import static io.quorumpay.core.ProtocolErrors.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class VerificationTest {
  static final KeyPair ALICE = key(1);
  static final KeyPair BOB = key(2);
  static final TransferOrder ORDER = order(ALICE, BOB, 42, 0);

  @Test
  void aValidOrderPasses() throws ProtocolException {
    assertThat(VerifiedOrder.check(signed(ORDER, ALICE), NETWORK).order()).isEqualTo(ORDER);
  }

  @Test
  void anOrderSignedByAnotherKeyIsRefused() {
    Signature forged = BOB.sign(ORDER.encode());
    refused(ProtocolError.InvalidSignature.class, () -> VerifiedOrder.check(new SignedOrder<TransferOrder>(ORDER, forged), NETWORK));
  }

  @Test
  void aSignatureOverAnotherOrderIsRefused() {
    SignedOrder<TransferOrder> other = signed(order(ALICE, BOB, 43, 0), ALICE);
    refused(ProtocolError.InvalidSignature.class,
        () -> VerifiedOrder.check(new SignedOrder<TransferOrder>(ORDER, other.signature()), NETWORK));
  }

  @Test
  void anOrderForAnotherNetworkIsRefused() {
    TransferOrder foreign = new TransferOrder(NetworkId.named("elsewhere"), account(ALICE), new Recipient.Account(account(BOB)),
        QPC, new Amount(1), SequenceNumber.ZERO, UserData.EMPTY);
    var error = refused(ProtocolError.WrongNetwork.class, () -> VerifiedOrder.check(signed(foreign, ALICE), NETWORK));
    assertThat(error.actual()).isEqualTo(NetworkId.named("elsewhere"));
  }

  @Test
  void zeroAmountsAndSelfTransfersAreRefused() {
    refused(ProtocolError.ZeroAmount.class, () -> VerifiedOrder.check(signed(order(ALICE, BOB, 0, 0), ALICE), NETWORK));
    refused(ProtocolError.SelfTransfer.class, () -> VerifiedOrder.check(signed(order(ALICE, ALICE, 5, 0), ALICE), NETWORK));
  }

  @Test
  void aCertificateWithAQuorumPasses() throws ProtocolException {
    assertThat(VerifiedCertificate.check(certificate(ORDER, 3), COMMITTEE).order()).isEqualTo(ORDER);
    assertThat(VerifiedCertificate.check(certificate(ORDER, 4), COMMITTEE).order()).isEqualTo(ORDER);
  }

  @Test
  void aCertificateWithoutAQuorumIsRefused() {
    var error = refused(ProtocolError.InsufficientQuorum.class, () -> VerifiedCertificate.check(certificate(ORDER, 2), COMMITTEE));
    assertThat(error.weight()).isEqualTo(2);
    assertThat(error.needed()).isEqualTo(3);
  }

  @Test
  void aVoteFromOutsideTheCommitteeIsRefused() {
    List<VoteSignature> votes = new ArrayList<>(certificate(ORDER, 2).votes());
    votes.add(Vote.sign(ORDER, key(99)).toSignature());
    votes.sort(Comparator.comparing(VoteSignature::authority));
    refused(ProtocolError.UnknownAuthority.class, () -> VerifiedCertificate.check(new Certificate(ORDER, votes), COMMITTEE));
  }

  @Test
  void aBadVoteSignatureIsRefused() {
    List<VoteSignature> votes = new ArrayList<>(certificate(ORDER, 3).votes());
    VoteSignature first = votes.get(0);
    byte[] corrupt = first.signature().bytes().toArray();
    corrupt[10] ^= 1;
    votes.set(0, new VoteSignature(first.authority(), new Signature(Bytes.copyOf(corrupt))));
    refused(ProtocolError.InvalidSignature.class, () -> VerifiedCertificate.check(new Certificate(ORDER, votes), COMMITTEE));
  }

  @Test
  void votesForADifferentOrderDoNotCertifyThisOne() {
    Certificate other = certificate(order(ALICE, BOB, 41, 0), 3);
    refused(ProtocolError.InvalidSignature.class,
        () -> VerifiedCertificate.check(new Certificate(ORDER, other.votes()), COMMITTEE));
  }

  @Test
  void aCertificateOfAnotherNetworkIsRefused() {
    Committee foreign = Committee.equalWeights(NetworkId.named("elsewhere"),
        AUTHORITY_KEYS.stream().map(k -> new AuthorityName(k.publicKey())).toList());
    refused(ProtocolError.WrongNetwork.class, () -> VerifiedCertificate.check(certificate(ORDER, 4), foreign));
  }

  @Test
  void weightsDecideTheQuorum() throws ProtocolException {
    TreeMap<AuthorityName, Long> weights = new TreeMap<>();
    for (int i = 0; i < 4; i++) {
      weights.put(new AuthorityName(AUTHORITY_KEYS.get(i).publicKey()), i == 0 ? 7L : 1L);
    }
    Committee weighted = new Committee(NETWORK, weights);
    assertThat(weighted.totalWeight()).isEqualTo(10);
    assertThat(weighted.quorumThreshold()).isEqualTo(7);
    // Authority 0 alone (weight 7) is a quorum; authorities 1, 2, 3 together (weight 3) are not.
    Vote heavy = Vote.sign(ORDER, AUTHORITY_KEYS.get(0));
    assertThat(VerifiedCertificate.check(new Certificate(ORDER, List.of(heavy.toSignature())), weighted)).isNotNull();
    List<VoteSignature> light = new ArrayList<>();
    for (int i = 1; i < 4; i++) {
      light.add(Vote.sign(ORDER, AUTHORITY_KEYS.get(i)).toSignature());
    }
    light.sort(Comparator.comparing(VoteSignature::authority));
    refused(ProtocolError.InsufficientQuorum.class, () -> VerifiedCertificate.check(new Certificate(ORDER, light), weighted));
  }

  @Test
  void anAuthorityRecognisesItsOwnVoteWithOrWithoutHavingSignedItHere() throws ProtocolException {
    Certificate certificate = certificate(ORDER, 3);
    // A fresh table: the vote is recognised by signing again.
    assertThat(VerifiedCertificate.check(certificate, COMMITTEE, new OwnVotes(AUTHORITY_KEYS.get(0))).order()).isEqualTo(ORDER);
    // The vote was signed here: the table recognises it.
    OwnVotes own = new OwnVotes(AUTHORITY_KEYS.get(0));
    assertThat(own.sign(ORDER)).isEqualTo(Vote.sign(ORDER, AUTHORITY_KEYS.get(0)));
    assertThat(VerifiedCertificate.check(certificate, COMMITTEE, own).order()).isEqualTo(ORDER);
  }

  @Test
  void aWrongSignatureInTheAuthoritysOwnPlaceIsRefused() {
    OwnVotes own = new OwnVotes(AUTHORITY_KEYS.get(0));
    own.sign(ORDER);
    refused(ProtocolError.InvalidSignature.class,
        () -> VerifiedCertificate.check(withOwnSignature(certificate(ORDER, 3), tampered(own.sign(ORDER).signature())), COMMITTEE, own));
    refused(ProtocolError.InvalidSignature.class, () -> VerifiedCertificate.check(
        withOwnSignature(certificate(ORDER, 3), tampered(own.sign(ORDER).signature())), COMMITTEE, new OwnVotes(AUTHORITY_KEYS.get(0))));
  }

  @Test
  void aRememberedVoteDoesNotVouchForAnotherOrderAtTheSameSequenceNumber() {
    // The authority voted for ORDER; a certificate for a different order of the same sender and
    // sequence number carries that genuine signature in the authority's place.
    OwnVotes own = new OwnVotes(AUTHORITY_KEYS.get(0));
    Signature genuine = own.sign(ORDER).signature();
    TransferOrder other = order(ALICE, BOB, 43, 0);
    refused(ProtocolError.InvalidSignature.class,
        () -> VerifiedCertificate.check(withOwnSignature(certificate(other, 3), genuine), COMMITTEE, own));
  }

  @Test
  void aVoteSignedAheadIsTheVoteOfThatKeyOnly() throws ProtocolException {
    OwnVotes own = new OwnVotes(AUTHORITY_KEYS.get(0));
    VerifiedOrder verified = VerifiedOrder.check(signed(ORDER, ALICE), NETWORK, own);
    Vote ahead = verified.vote(AUTHORITY_KEYS.get(0));
    ahead.check(COMMITTEE);
    assertThat(ahead.authority()).isEqualTo(own.authority());
    Vote other = verified.vote(AUTHORITY_KEYS.get(1));
    other.check(COMMITTEE);
    assertThat(other.authority().key()).isEqualTo(AUTHORITY_KEYS.get(1).publicKey());
    assertThat(VerifiedOrder.check(signed(ORDER, ALICE), NETWORK).vote(AUTHORITY_KEYS.get(0))).isEqualTo(ahead);
  }

  /** {@code certificate} with the first authority's vote signature replaced by {@code signature}. */
  private static Certificate withOwnSignature(Certificate certificate, Signature signature) {
    AuthorityName self = new AuthorityName(AUTHORITY_KEYS.get(0).publicKey());
    return new Certificate(certificate.order(), certificate.votes().stream()
        .map(vote -> vote.authority().equals(self) ? new VoteSignature(self, signature) : vote).toList());
  }

  private static Signature tampered(Signature signature) {
    byte[] wrong = signature.bytes().toArray();
    wrong[5] ^= 1;
    return new Signature(Bytes.copyOf(wrong));
  }
}
