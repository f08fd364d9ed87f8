package io.quorumpay.core.client;

import static io.quorumpay.core.Fixtures.*;
import static io.quorumpay.core.ProtocolErrors.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.types.Amount;
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
}
