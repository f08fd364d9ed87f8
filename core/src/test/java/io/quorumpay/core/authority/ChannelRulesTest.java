package io.quorumpay.core.authority;

import static io.quorumpay.core.Fixtures.*;
import static io.quorumpay.core.ProtocolErrors.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.core.authority.ShardState.ConfirmationOutcome;
import io.quorumpay.core.client.VerifiedChannel;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.ChannelClaim;
import io.quorumpay.core.messages.ChannelFund;
import io.quorumpay.core.messages.ChannelInfoRequest;
import io.quorumpay.core.messages.ChannelInfoResponse;
import io.quorumpay.core.messages.ChannelOpen;
import io.quorumpay.core.messages.ChannelRefund;
import io.quorumpay.core.messages.CrossShardCredit;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.messages.PaymentAuthorization;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.GroupId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.SequenceNumber;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules of payment channels at one authority's shards: open, fund, claim, refund (docs/PROTOCOL.md). */
class ChannelRulesTest {
  static final int SHARDS = 2;
  static final KeyPair ALICE = keyOnShard(1, 0, SHARDS);   // the buyer: the channel's sender
  static final KeyPair BOB = keyOnShard(200, 0, SHARDS);   // a seller on the sender's shard
  static final KeyPair CAROL = keyOnShard(1, 1, SHARDS);   // a seller on the other shard
  static final KeyPair HOT = key(900);                     // the buyer's hot key for authorisations
  static final KeyPair MALLORY = key(901);
  static final GroupId GROUP = new GroupId(Bytes.copyOf(new byte[32]));
  static final PrimaryAddress DEPOSITOR = new PrimaryAddress(Bytes.copyOf(new byte[] {
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}));

  ShardState shard0;
  ShardState shard1;

  @BeforeEach
  void setUp() throws ProtocolException {
    shard0 = ShardState.create(new ShardConfig(COMMITTEE, AUTHORITY_KEYS.get(0), 0, SHARDS));
    shard1 = ShardState.create(new ShardConfig(COMMITTEE, AUTHORITY_KEYS.get(0), 1, SHARDS));
    PrimaryDeposit deposit = new PrimaryDeposit(NETWORK, 0, DEPOSITOR, account(ALICE), QPC, new Amount(1000));
    shard0.handleDeposit(deposit);
    shard1.handleDeposit(deposit);
  }

  static ChannelOpen open(KeyPair recipient, long value, long sequence, long expiration) {
    return new ChannelOpen(NETWORK, account(ALICE), new SequenceNumber(sequence), HOT.publicKey(), account(recipient), QPC,
        new Amount(value), expiration, GROUP);
  }

  static ChannelClaim claim(ChannelOpen open, KeyPair claimer, KeyPair authorizer, long nonce, long planned, long paid,
      long returned) {
    PaymentAuthorization authorization = new PaymentAuthorization(NETWORK, open.channel(), new SequenceNumber(nonce),
        new Amount(planned));
    return new ChannelClaim(NETWORK, account(claimer), open.sender(), open.channel(), new SequenceNumber(nonce), QPC,
        new Amount(planned), authorizer.publicKey(), authorization.sign(authorizer), new Amount(paid), new Amount(returned));
  }

  static ChannelRefund refund(ChannelOpen open, long nonce, long amount) {
    return new ChannelRefund(NETWORK, account(ALICE), open.channel(), new SequenceNumber(nonce), QPC, new Amount(amount));
  }

  /** Votes for and applies {@code order} at shard 0, as a quorum would certify it. */
  Certificate certify(Order order, KeyPair signer) throws ProtocolException {
    shard0.handleOrder(verified(order, signer));
    Certificate certificate = certificate(order, 3);
    assertThat(shard0.handleConfirmation(verifiedCertificate(order))).isEqualTo(ConfirmationOutcome.APPLIED);
    return certificate;
  }

  /** Per asset at both shards: balances + channel values + in flight = deposited. */
  void assertConserved() {
    long balances = 0;
    long channels = 0;
    long deposited = 0;
    long inFlight = 0;
    for (ShardState shard : List.of(shard0, shard1)) {
      balances += shard.accounts().values().stream().mapToLong(a -> a.balance(QPC)).sum();
      channels += shard.channelValues().getOrDefault(QPC, 0L);
      deposited += shard.progress().deposited().getOrDefault(QPC, 0L);
    }
    long applied = shard1.nextCreditIndex(0);
    for (CrossShardCredit credit : shard0.pendingCredits(1)) {
      if (credit.index() >= applied) {
        inFlight += ((ChannelClaim) credit.certificate().order()).paid().units();
      }
    }
    assertThat(balances + channels + inFlight).isEqualTo(deposited);
  }

  <E extends ProtocolError> E refusedWithoutChange(Class<E> type, io.quorumpay.core.ProtocolErrors.Step step) {
    shard0.takeWrites();
    var accounts = shard0.accounts();
    var channels = shard0.channels();
    var progress = shard0.progress();
    E error = refused(type, step);
    assertThat(shard0.accounts()).isEqualTo(accounts);
    assertThat(shard0.channels()).isEqualTo(channels);
    assertThat(shard0.progress()).isEqualTo(progress);
    assertThat(shard0.takeWrites().isEmpty()).isTrue();
    return error;
  }

  @Test
  void openMovesValueFromTheSenderIntoTheChannel() throws ProtocolException {
    ChannelOpen open = open(BOB, 300, 0, 50);
    certify(open, ALICE);

    assertThat(open.channel()).isEqualTo(ChannelId.of(NETWORK, account(ALICE), SequenceNumber.ZERO));
    ChannelState channel = shard0.channel(open.channel()).orElseThrow();
    assertThat(channel.open()).contains(open);
    assertThat(channel.value()).isEqualTo(300);
    assertThat(channel.nonce()).isEqualTo(SequenceNumber.ZERO);
    assertThat(channel.expiration()).isEqualTo(50);
    assertThat(shard0.account(account(ALICE)).balance(QPC)).isEqualTo(700);
    assertThat(shard0.account(account(ALICE)).nextSequenceNumber().value()).isEqualTo(1);
    assertConserved();
  }

  @Test
  void aClaimPaysTheRecipientAndReturnsTheRestToTheSender() throws ProtocolException {
    ChannelOpen open = open(BOB, 300, 0, 50);
    certify(open, ALICE);
    // Authorised by the hot key and, at the next nonce, by the sender's own key.
    Certificate first = certify(claim(open, BOB, HOT, 0, 120, 100, 20), BOB);
    certify(claim(open, BOB, ALICE, 1, 30, 30, 0), BOB);

    ChannelState channel = shard0.channel(open.channel()).orElseThrow();
    assertThat(channel.value()).isEqualTo(150);
    assertThat(channel.nonce().value()).isEqualTo(2);
    assertThat(shard0.account(account(BOB)).balance(QPC)).isEqualTo(130);
    assertThat(shard0.account(account(ALICE)).balance(QPC)).isEqualTo(720);
    assertThat(shard0.account(account(BOB)).receivedCount()).isEqualTo(2);
    assertThat(shard0.account(account(ALICE)).receivedCount()).isEqualTo(1); // the return at nonce 0
    assertThat(shard0.isApplied(first.key())).isTrue();
    assertConserved();

    InMemoryCertificateLog log = new InMemoryCertificateLog();
    log.record(shard0.takeWrites());
    ChannelInfoResponse info = shard0.channelInfo(new ChannelInfoRequest(open.channel(), account(ALICE),
        Optional.of(SequenceNumber.ZERO)), log);
    assertThat(info.open()).isTrue();
    assertThat(info.value()).isEqualTo(150);
    assertThat(info.openCertificate().orElseThrow().order()).isEqualTo(open);
    assertThat(info.requestedCertificate()).contains(first);
  }

  @Test
  void aClaimForARecipientOnAnotherShardIsCreditedThereOncePerNonce() throws ProtocolException {
    ChannelOpen open = open(CAROL, 300, 0, 50);
    certify(open, ALICE);
    Certificate claimed = certify(claim(open, CAROL, HOT, 0, 80, 80, 0), CAROL);

    List<CrossShardCredit> pending = shard0.pendingCredits(1);
    assertThat(pending).hasSize(1);
    assertThat(pending.get(0).certificate()).isEqualTo(claimed);
    assertConserved();
    shard1.handleCrossShardCredit(0, 1, 0, verifiedCertificate(claimed.order()));
    assertThat(shard1.account(account(CAROL)).balance(QPC)).isEqualTo(80);
    assertThat(shard1.creditedUpTo()).containsEntry(open.channel(), 0L);
    assertConserved();

    // The same claim under a new index credits nothing more.
    refused(ProtocolError.CreditReplayed.class,
        () -> shard1.handleCrossShardCredit(0, 1, 1, verifiedCertificate(claimed.order())));
    assertThat(shard1.account(account(CAROL)).balance(QPC)).isEqualTo(80);
  }

  @Test
  void fundAddsValueAndExtendsTheExpiration() throws ProtocolException {
    ChannelOpen open = open(BOB, 300, 0, 50);
    certify(open, ALICE);
    certify(new ChannelFund(NETWORK, account(ALICE), new SequenceNumber(1), open.channel(), new Amount(200), 80), ALICE);
    certify(new ChannelFund(NETWORK, account(ALICE), new SequenceNumber(2), open.channel(), Amount.ZERO, 90), ALICE);

    ChannelState channel = shard0.channel(open.channel()).orElseThrow();
    assertThat(channel.value()).isEqualTo(500);
    assertThat(channel.expiration()).isEqualTo(90);
    assertThat(shard0.account(account(ALICE)).balance(QPC)).isEqualTo(500);
    assertConserved();
  }

  @Test
  void channelInfoServesTheFundCertificatesSoARecipientProvesTheValue() throws ProtocolException {
    ChannelOpen open = open(BOB, 300, 0, 50);
    Certificate opened = certify(open, ALICE);
    Certificate first = certify(new ChannelFund(NETWORK, account(ALICE), new SequenceNumber(1), open.channel(),
        new Amount(200), 80), ALICE);
    Certificate second = certify(new ChannelFund(NETWORK, account(ALICE), new SequenceNumber(2), open.channel(),
        new Amount(50), 90), ALICE);
    Certificate claimed = certify(claim(open, BOB, HOT, 0, 400, 400, 0), BOB);
    assertThat(shard0.channel(open.channel()).orElseThrow().funds())
        .containsExactly(new SequenceNumber(1), new SequenceNumber(2));

    InMemoryCertificateLog log = new InMemoryCertificateLog();
    log.record(shard0.takeWrites());
    ChannelInfoResponse info = shard0.channelInfo(new ChannelInfoRequest(open.channel(), account(ALICE),
        Optional.of(SequenceNumber.ZERO)), log);
    assertThat(info.fundCertificates()).containsExactly(first, second);

    // From the certificates alone, as a recipient holds none of the sender's: 300 + 200 + 50 − 400.
    VerifiedChannel proven = VerifiedChannel.opened(COMMITTEE, open.channel(), info.openCertificate().orElseThrow());
    for (Certificate fund : info.fundCertificates()) {
      proven = proven.withFund(COMMITTEE, fund).withFund(COMMITTEE, fund); // each counts once
    }
    proven = proven.withSlot(COMMITTEE, info.requestedCertificate().orElseThrow());
    assertThat(proven.value()).isEqualTo(150).isEqualTo(shard0.channel(open.channel()).orElseThrow().value());
    assertThat(proven.expiration()).isEqualTo(90);
    assertThat(opened.order()).isEqualTo(open);
    assertThat(claimed.key()).isEqualTo(info.requestedCertificate().orElseThrow().key());
  }

  @Test
  void aChannelRemembersOnlyItsLatestFunds() throws ProtocolException {
    ChannelOpen open = open(BOB, 10, 0, 50);
    certify(open, ALICE);
    int funds = ChannelState.MAX_FUNDS + 2;
    for (int i = 1; i <= funds; i++) {
      certify(new ChannelFund(NETWORK, account(ALICE), new SequenceNumber(i), open.channel(), new Amount(1), 50), ALICE);
    }
    ChannelState channel = shard0.channel(open.channel()).orElseThrow();
    assertThat(channel.value()).isEqualTo(10 + funds);
    assertThat(channel.funds()).hasSize(ChannelState.MAX_FUNDS);
    assertThat(channel.funds().get(0)).isEqualTo(new SequenceNumber(3));
    assertThat(channel.funds().get(ChannelState.MAX_FUNDS - 1)).isEqualTo(new SequenceNumber(funds));
    assertConserved();
  }

  @Test
  void aRefundIsVotedOnlyFromTheExpirationOn() throws ProtocolException {
    ChannelOpen open = open(BOB, 300, 0, 50);
    certify(open, ALICE);
    shard0.observePrimaryHeight(49);
    ProtocolError.ChannelNotExpired early = refusedWithoutChange(ProtocolError.ChannelNotExpired.class,
        () -> shard0.handleOrder(verified(refund(open, 0, 300), ALICE)));
    assertThat(early.height()).isEqualTo(49);

    shard0.observePrimaryHeight(50);
    shard0.observePrimaryHeight(10); // heights never go back
    assertThat(shard0.primaryHeight()).isEqualTo(50);
    assertThat(shard0.progress().primaryHeight()).isEqualTo(50);
    certify(refund(open, 0, 300), ALICE);
    assertThat(shard0.channel(open.channel()).orElseThrow().value()).isZero();
    assertThat(shard0.account(account(ALICE)).balance(QPC)).isEqualTo(1000);
    assertConserved();
  }

  @Test
  void aClaimAndARefundAtOneNonceNeverBothGetThisAuthoritysVote() throws ProtocolException {
    ChannelOpen open = open(BOB, 300, 0, 50);
    certify(open, ALICE);
    shard0.observePrimaryHeight(60);
    Vote claimVote = shard0.handleOrder(verified(claim(open, BOB, HOT, 0, 100, 100, 0), BOB));

    refusedWithoutChange(ProtocolError.ConflictingOrder.class, () -> shard0.handleOrder(verified(refund(open, 0, 300), ALICE)));
    refusedWithoutChange(ProtocolError.ConflictingOrder.class,
        () -> shard0.handleOrder(verified(claim(open, BOB, HOT, 0, 200, 200, 0), BOB)));
    assertThat(shard0.handleOrder(verified(claim(open, BOB, HOT, 0, 100, 100, 0), BOB))).isEqualTo(claimVote);
  }

  @Test
  void badClaimsAreRefusedWithoutChange() throws ProtocolException {
    ChannelOpen open = open(BOB, 300, 0, 50);
    certify(open, ALICE);

    // A signature that does not verify: refused before the writer.
    ChannelClaim good = claim(open, BOB, HOT, 0, 100, 100, 0);
    ChannelClaim forged = new ChannelClaim(NETWORK, good.claimer(), good.channelSender(), good.channel(), good.nonce(),
        good.asset(), new Amount(150), good.authorizer(), good.authorization(), new Amount(150), Amount.ZERO);
    refused(ProtocolError.InvalidAuthorization.class, () -> verified(forged, BOB));
    // Paying more than planned: refused before the writer too.
    refused(ProtocolError.InvalidAuthorization.class, () -> verified(claim(open, BOB, HOT, 0, 100, 101, 0), BOB));
    // A valid signature by a key that is neither the channel's signer nor its sender.
    refusedWithoutChange(ProtocolError.InvalidAuthorization.class,
        () -> shard0.handleOrder(verified(claim(open, BOB, MALLORY, 0, 100, 100, 0), BOB)));
    refusedWithoutChange(ProtocolError.InsufficientChannelValue.class,
        () -> shard0.handleOrder(verified(claim(open, BOB, HOT, 0, 400, 300, 1), BOB)));
    refusedWithoutChange(ProtocolError.NotChannelRecipient.class,
        () -> shard0.handleOrder(verified(claim(open, MALLORY, HOT, 0, 100, 100, 0), MALLORY)));
    refusedWithoutChange(ProtocolError.UnexpectedSequenceNumber.class,
        () -> shard0.handleOrder(verified(claim(open, BOB, HOT, 1, 100, 100, 0), BOB)));
    ChannelOpen never = open(BOB, 300, 9, 50);
    refusedWithoutChange(ProtocolError.UnknownChannel.class,
        () -> shard0.handleOrder(verified(claim(never, BOB, HOT, 0, 100, 100, 0), BOB)));
    refusedWithoutChange(ProtocolError.UnknownChannel.class,
        () -> shard0.handleConfirmation(verifiedCertificate(claim(never, BOB, HOT, 0, 100, 100, 0))));
    ChannelClaim otherAsset = new ChannelClaim(NETWORK, good.claimer(), good.channelSender(), good.channel(), good.nonce(),
        new AssetId("USD"), good.planned(), good.authorizer(), good.authorization(), good.paid(), good.returned());
    refusedWithoutChange(ProtocolError.UnknownChannel.class, () -> shard0.handleOrder(verified(otherAsset, BOB)));
  }

  @Test
  void aClaimIsAppliedOnceAndItsNonceIsNeverVotedAgain() throws ProtocolException {
    ChannelOpen open = open(BOB, 300, 0, 50);
    certify(open, ALICE);
    ChannelClaim first = claim(open, BOB, HOT, 0, 100, 100, 0);
    certify(first, BOB);

    assertThat(shard0.handleConfirmation(verifiedCertificate(first))).isEqualTo(ConfirmationOutcome.ALREADY_APPLIED);
    refusedWithoutChange(ProtocolError.UnexpectedSequenceNumber.class, () -> shard0.handleOrder(verified(first, BOB)));
    refusedWithoutChange(ProtocolError.UnexpectedSequenceNumber.class,
        () -> shard0.handleOrder(verified(claim(open, BOB, HOT, 0, 200, 200, 0), BOB)));
    assertThat(shard0.account(account(BOB)).balance(QPC)).isEqualTo(100);
  }

  @Test
  void badFundsAreRefusedWithoutChange() throws ProtocolException {
    ChannelOpen open = open(BOB, 300, 0, 50);
    certify(open, ALICE);
    ChannelId id = open.channel();
    SequenceNumber next = new SequenceNumber(1);
    refusedWithoutChange(ProtocolError.ChannelExpirationDecreases.class,
        () -> shard0.handleOrder(verified(new ChannelFund(NETWORK, account(ALICE), next, id, new Amount(5), 40), ALICE)));
    refusedWithoutChange(ProtocolError.ZeroAmount.class,
        () -> shard0.handleOrder(verified(new ChannelFund(NETWORK, account(ALICE), next, id, Amount.ZERO, 50), ALICE)));
    refusedWithoutChange(ProtocolError.InsufficientBalance.class,
        () -> shard0.handleOrder(verified(new ChannelFund(NETWORK, account(ALICE), next, id, new Amount(701), 50), ALICE)));
    ChannelId unknown = ChannelId.of(NETWORK, account(ALICE), new SequenceNumber(9));
    refusedWithoutChange(ProtocolError.UnknownChannel.class,
        () -> shard0.handleOrder(verified(new ChannelFund(NETWORK, account(ALICE), next, unknown, new Amount(5), 50), ALICE)));
  }

  @Test
  void aClaimAppliedBeforeTheFundItNeedsLeavesAValueThatConverges() throws ProtocolException {
    ChannelOpen open = open(BOB, 100, 0, 50);
    certify(open, ALICE);
    ChannelFund fund = new ChannelFund(NETWORK, account(ALICE), new SequenceNumber(1), open.channel(), new Amount(100), 50);
    ChannelClaim claim = claim(open, BOB, HOT, 0, 150, 150, 0);
    // A quorum saw the fund and certified the claim; this authority gets the claim first.
    shard0.handleConfirmation(verifiedCertificate(claim));
    assertThat(shard0.channel(open.channel()).orElseThrow().value()).isEqualTo(-50);
    assertConserved();
    shard0.handleConfirmation(verifiedCertificate(fund));
    assertThat(shard0.channel(open.channel()).orElseThrow().value()).isEqualTo(50);
    assertConserved();
  }

  @Test
  void aRebuiltShardKeepsItsVoteAtAChannelItHasNotSeenOpened() throws ProtocolException {
    ChannelOpen open = open(BOB, 300, 0, 50);
    ChannelClaim voted = claim(open, BOB, HOT, 0, 100, 100, 0);
    Vote vote = Vote.sign(voted, AUTHORITY_KEYS.get(0));
    ShardState rebuilt = ShardState.rebuild(shard0.config(), 7, 1, List.of(vote));
    assertThat(rebuilt.channel(open.channel()).orElseThrow().isOpen()).isFalse();
    assertThat(rebuilt.pendingVotes()).containsExactly(vote);
    rebuilt.handleDeposit(new PrimaryDeposit(NETWORK, 0, DEPOSITOR, account(ALICE), QPC, new Amount(1000)));
    rebuilt.handleConfirmation(verifiedCertificate(open));

    assertThat(rebuilt.channel(open.channel()).orElseThrow().value()).isEqualTo(300);
    refused(ProtocolError.ConflictingOrder.class, () -> rebuilt.handleOrder(verified(claim(open, BOB, HOT, 0, 200, 200, 0), BOB)));
    assertThat(rebuilt.handleOrder(verified(voted, BOB))).isEqualTo(vote);
  }
}
