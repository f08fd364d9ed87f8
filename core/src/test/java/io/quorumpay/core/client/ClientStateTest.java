package io.quorumpay.core.client;

import static io.quorumpay.core.Fixtures.*;
import static io.quorumpay.core.ProtocolErrors.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.ChannelClaim;
import io.quorumpay.core.messages.ChannelFund;
import io.quorumpay.core.messages.ChannelOpen;
import io.quorumpay.core.messages.ChannelRefund;
import io.quorumpay.core.messages.PaymentAuthorization;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.GroupId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientStateTest {
  static final KeyPair ALICE = key(1);
  static final KeyPair BOB = key(2);
  static final PrimaryAddress FUNDER = new PrimaryAddress(Bytes.copyOf(new byte[] {
      1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));

  ClientState alice;

  @BeforeEach
  void setUp() throws ProtocolException {
    alice = ClientState.create(COMMITTEE, ALICE);
    alice.recordDeposit(new PrimaryDeposit(NETWORK, 0, FUNDER, account(ALICE), QPC, new Amount(100)));
  }

  SignedOrder<TransferOrder> pay(long amount) throws ProtocolException {
    return alice.prepareTransfer(new Recipient.Account(account(BOB)), QPC, new Amount(amount), UserData.EMPTY);
  }

  @Test
  void signsTheNextOrderAndKeepsItPending() throws ProtocolException {
    SignedOrder<TransferOrder> order = pay(30);
    assertThat(order.hasValidSignature()).isTrue();
    assertThat(order.order().sequenceNumber()).isEqualTo(SequenceNumber.ZERO);
    assertThat(alice.pendingOrder()).contains(order);
  }

  @Test
  void neverSignsASecondOrderWhileOneIsPending() throws ProtocolException {
    pay(30);
    var error = refused(ProtocolError.PendingOrderExists.class, () -> pay(31));
    assertThat(error.sequenceNumber()).isZero();
  }

  @Test
  void aRestoredClientResumesTheSamePendingOrder() throws ProtocolException {
    SignedOrder<TransferOrder> order = pay(30);
    ClientState restarted = ClientState.restore(COMMITTEE, ALICE, alice.snapshot());
    assertThat(restarted.pendingOrder()).contains(order);
    refused(ProtocolError.PendingOrderExists.class,
        () -> restarted.prepareTransfer(new Recipient.Account(account(BOB)), QPC, new Amount(1), UserData.EMPTY));
    assertThat(restarted.balances()).isEqualTo(alice.balances());
  }

  @Test
  void theCertificateCompletesThePendingOrder() throws ProtocolException {
    SignedOrder<TransferOrder> order = pay(30);
    assertThat(alice.recordSent(verifiedCertificate(order.order()))).isTrue();
    assertThat(alice.pendingOrder()).isEmpty();
    assertThat(alice.nextSequenceNumber()).isEqualTo(new SequenceNumber(1));
    assertThat(alice.balance(QPC)).isEqualTo(70);
    assertThat(alice.recordSent(verifiedCertificate(order.order()))).isFalse();
    assertThat(alice.balance(QPC)).isEqualTo(70);
    assertThat(pay(5).order().sequenceNumber()).isEqualTo(new SequenceNumber(1));
  }

  @Test
  void refusesOrdersItCannotProveItCanPay() {
    refused(ProtocolError.InsufficientBalance.class, () -> pay(101));
    refused(ProtocolError.ZeroAmount.class, () -> pay(0));
    refused(ProtocolError.SelfTransfer.class,
        () -> alice.prepareTransfer(new Recipient.Account(account(ALICE)), QPC, new Amount(1), UserData.EMPTY));
    assertThat(alice.pendingOrder()).isEmpty();
  }

  @Test
  void countsEachReceivedCertificateAndDepositOnce() throws ProtocolException {
    ClientState bob = ClientState.create(COMMITTEE, BOB);
    var payment = verifiedCertificate(order(ALICE, BOB, 30, 0));
    assertThat(bob.recordReceived(payment)).isTrue();
    assertThat(bob.recordReceived(payment)).isFalse();
    PrimaryDeposit deposit = new PrimaryDeposit(NETWORK, 3, FUNDER, account(BOB), QPC, new Amount(5));
    assertThat(bob.recordDeposit(deposit)).isTrue();
    assertThat(bob.recordDeposit(deposit)).isFalse();
    assertThat(bob.balance(QPC)).isEqualTo(35);
    assertThat(ClientState.restore(COMMITTEE, BOB, bob.snapshot()).balance(QPC)).isEqualTo(35);
  }

  @Test
  void refusesCertificatesThatAreNotItsOwn() throws ProtocolException {
    var toBob = verifiedCertificate(order(ALICE, BOB, 30, 0));
    refused(ProtocolError.UnexpectedCertificate.class, () -> alice.recordReceived(toBob));
    ClientState bob = ClientState.create(COMMITTEE, BOB);
    refused(ProtocolError.UnexpectedCertificate.class, () -> bob.recordSent(toBob));
    refused(ProtocolError.UnexpectedCertificate.class, () -> alice.recordSent(verifiedCertificate(order(ALICE, BOB, 1, 4))));
    refused(ProtocolError.UnexpectedCertificate.class,
        () -> bob.recordDeposit(new PrimaryDeposit(NETWORK, 1, FUNDER, account(ALICE), QPC, new Amount(1))));
  }

  // ---- channels ------------------------------------------------------------------------------

  static final GroupId GROUP = new GroupId(Bytes.copyOf(new byte[32]));

  /** Alice opens a channel of 60 to Bob with a hot key, funds 15 more; Bob claims 25 paid and 5 returned; Alice refunds the rest. */
  @Test
  void channelCertificatesMoveBothBalancesByWhatTheyStateEachOnce() throws ProtocolException {
    KeyPair hot = key(9);
    ClientState bob = ClientState.create(COMMITTEE, BOB);
    SignedOrder<ChannelOpen> open = alice.prepareChannelOpen(hot.publicKey(), account(BOB), QPC, new Amount(60), 50, GROUP);
    refused(ProtocolError.PendingOrderExists.class, () -> pay(1));
    Certificate opened = certificate(open.order(), 3);
    assertThat(alice.recordSent(check(opened))).isTrue();
    assertThat(alice.balance(QPC)).isEqualTo(40);
    VerifiedChannel channel = VerifiedChannel.opened(COMMITTEE, open.order().channel(), opened);

    refused(ProtocolError.ChannelExpirationDecreases.class, () -> alice.prepareChannelFund(channel, new Amount(1), 49));
    refused(ProtocolError.InsufficientBalance.class, () -> alice.prepareChannelFund(channel, new Amount(41), 50));
    SignedOrder<ChannelFund> fund = alice.prepareChannelFund(channel, new Amount(15), 70);
    Certificate funded = certificate(fund.order(), 3);
    alice.recordSent(check(funded));
    assertThat(alice.balance(QPC)).isEqualTo(25);
    VerifiedChannel withFund = channel.withFund(COMMITTEE, funded).withFund(COMMITTEE, funded);
    assertThat(withFund.value()).isEqualTo(75);
    assertThat(withFund.expiration()).isEqualTo(70);

    PaymentAuthorization authorized = new PaymentAuthorization(NETWORK, channel.id(), SequenceNumber.ZERO, new Amount(25));
    refused(ProtocolError.InvalidAuthorization.class, () -> bob.prepareClaim(withFund, authorized, authorized.sign(key(8)),
        new Amount(25), new Amount(0)));
    refused(ProtocolError.InvalidAuthorization.class, () -> bob.prepareClaim(withFund, authorized, authorized.sign(hot),
        new Amount(26), new Amount(0)));
    refused(ProtocolError.InsufficientChannelValue.class, () -> bob.prepareClaim(withFund, authorized, authorized.sign(hot),
        new Amount(25), new Amount(51)));
    refused(ProtocolError.NotChannelRecipient.class, () -> alice.prepareClaim(withFund, authorized, authorized.sign(hot),
        new Amount(25), new Amount(0)));
    SignedOrder<ChannelClaim> claim = bob.prepareClaim(withFund, authorized, authorized.sign(hot), new Amount(25), new Amount(5));
    assertThat(bob.prepareClaim(withFund, authorized, authorized.sign(hot), new Amount(25), new Amount(5))).isEqualTo(claim);
    refused(ProtocolError.PendingOrderExists.class, () -> bob.prepareClaim(withFund, authorized, authorized.sign(hot),
        new Amount(20), new Amount(0)));
    assertThat(ClientState.restore(COMMITTEE, BOB, bob.snapshot()).pendingChannelOrder(channel.id())).contains(claim);
    Certificate claimed = certificate(claim.order(), 3);
    assertThat(bob.recordReceived(check(claimed))).isTrue();
    assertThat(bob.recordReceived(check(claimed))).isFalse();
    assertThat(bob.pendingChannelOrder(channel.id())).isEmpty();
    assertThat(bob.balance(QPC)).isEqualTo(25);
    assertThat(alice.recordReceived(check(claimed))).isTrue();
    assertThat(alice.balance(QPC)).isEqualTo(30);
    VerifiedChannel afterClaim = withFund.withSlot(COMMITTEE, claimed);
    assertThat(afterClaim.value()).isEqualTo(45);
    assertThat(afterClaim.nonce().value()).isEqualTo(1);

    refused(ProtocolError.ChannelNotExpired.class, () -> alice.prepareRefund(afterClaim, 69));
    SignedOrder<ChannelRefund> refund = alice.prepareRefund(afterClaim, 70);
    assertThat(refund.order().amount().units()).isEqualTo(45);
    alice.recordReceived(check(certificate(refund.order(), 3)));
    assertThat(alice.balance(QPC)).isEqualTo(75);
    // Conservation: 100 deposited = alice 75 + bob 25 + the channel's 0 left.
    assertThat(alice.balance(QPC) + bob.balance(QPC) + afterClaim.withSlot(COMMITTEE, certificate(refund.order(), 3)).value())
        .isEqualTo(100);
    // Restored from its snapshot, the balance is the same, counted from the same certificates.
    assertThat(ClientState.restore(COMMITTEE, ALICE, alice.snapshot()).balance(QPC)).isEqualTo(75);
    assertThat(ClientState.restore(COMMITTEE, BOB, bob.snapshot()).balance(QPC)).isEqualTo(25);
  }

  @Test
  void aClaimThatReturnsNothingIsNotTheSendersAndAForgedOneDoesNotCount() throws ProtocolException {
    SignedOrder<ChannelOpen> open = alice.prepareChannelOpen(ALICE.publicKey(), account(BOB), QPC, new Amount(60), 50, GROUP);
    PaymentAuthorization authorized = new PaymentAuthorization(NETWORK, open.order().channel(), SequenceNumber.ZERO, new Amount(10));
    ChannelClaim claim = new ChannelClaim(NETWORK, account(BOB), account(ALICE), open.order().channel(), SequenceNumber.ZERO, QPC,
        new Amount(10), ALICE.publicKey(), authorized.sign(ALICE), new Amount(10), new Amount(0));
    refused(ProtocolError.UnexpectedCertificate.class, () -> alice.recordReceived(check(certificate(claim, 3))));
    refused(ProtocolError.InsufficientQuorum.class, () -> check(certificate(claim, 2)));
    refused(ProtocolError.UnexpectedCertificate.class, () -> alice.recordSent(check(certificate(claim, 3))));
  }

  static io.quorumpay.core.messages.VerifiedCertificate check(Certificate certificate) throws ProtocolException {
    return io.quorumpay.core.messages.VerifiedCertificate.check(certificate, COMMITTEE);
  }
}
