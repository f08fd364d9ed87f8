package io.quorumpay.core.client;

import static io.quorumpay.core.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.core.client.ClientRequest.AskInfo;
import io.quorumpay.core.client.ClientRequest.AskVote;
import io.quorumpay.core.client.ClientRequest.Confirm;
import io.quorumpay.core.client.PaymentDriver.Output;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.ChannelOpen;
import io.quorumpay.core.messages.ChannelRefund;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.GroupId;
import io.quorumpay.core.types.SequenceNumber;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The payment machine alone: its stop rules, its catch-up of lagging authorities, its bounds. */
class PaymentDriverTest {
  static final KeyPair ALICE = key(1);
  static final KeyPair BOB = key(2);
  final List<AuthorityName> members = COMMITTEE.members();
  final SignedOrder<TransferOrder> order = signed(order(ALICE, BOB, 10, 1), ALICE);
  final Certificate earlier = certificate(order(ALICE, BOB, 5, 0), 3);
  final Certificate credit = certificate(order(BOB, ALICE, 50, 0), 3);
  final PaymentDriver driver = new PaymentDriver(COMMITTEE, order, List.of(earlier), List.of(credit), PaymentDriver.Budget.standard());

  KeyPair keyOf(int member) {
    return AUTHORITY_KEYS.stream().filter(k -> new AuthorityName(k.publicKey()).equals(members.get(member))).findFirst().orElseThrow();
  }

  ClientReply vote(int member) {
    return new ClientReply.Voted(new AskVote(member, order), Vote.sign(order.order(), keyOf(member)).encode());
  }

  static <T> List<T> sends(List<Output> outputs, Class<T> kind) {
    List<T> requests = new ArrayList<>();
    for (Output output : outputs) {
      if (output instanceof Output.Send send && kind.isInstance(send.request())) {
        requests.add(kind.cast(send.request()));
      }
    }
    return requests;
  }

  @Test
  void aQuorumOfVotesCertifiesThenEveryAuthorityConfirms() {
    List<Output> start = driver.start(0);
    assertThat(sends(start, AskVote.class)).hasSize(4);
    assertThat(driver.on(vote(0), 1)).isEmpty();
    assertThat(driver.on(vote(1), 2)).isEmpty();
    List<Output> certified = driver.on(vote(2), 3);
    assertThat(certified.get(0)).isInstanceOf(Output.Certified.class);
    assertThat(sends(certified, Confirm.class)).hasSize(4);
    Certificate certificate = ((Output.Certified) certified.get(0)).certificate();
    for (int a = 0; a < 3; a++) {
      assertThat(driver.on(new ClientReply.Confirmed(new Confirm(a, certificate)), 4)).doesNotHaveAnyElementsOfTypes(Output.Finished.class);
    }
    List<Output> last = driver.on(new ClientReply.Unreachable(new Confirm(3, certificate)), 5);
    assertThat(last).containsExactly(new Output.Finished(certificate, 3));
    assertThat(driver.done()).isTrue();
  }

  @Test
  void onceAQuorumConfirmedASilentAuthorityGetsOneMoreRoundNotTheConfirmTime() {
    driver.start(0);
    driver.on(vote(0), 1);
    driver.on(vote(1), 1);
    Certificate certificate = ((Output.Certified) driver.on(vote(2), 1).get(0)).certificate();
    assertThat(driver.on(new ClientReply.Confirmed(new Confirm(0, certificate)), 2)).isEmpty();
    assertThat(driver.on(new ClientReply.Confirmed(new Confirm(1, certificate)), 2)).isEmpty();
    long round = PaymentDriver.Budget.standard().roundMillis();
    // The third confirmation makes a quorum: the driver asks to be woken within one round.
    assertThat(driver.on(new ClientReply.Confirmed(new Confirm(2, certificate)), 10)).containsExactly(new Output.WakeAt(1 + round));
    assertThat(driver.tick(1 + round - 1)).isEmpty();
    List<Output> end = driver.tick(10 + round);
    assertThat(end).last().isEqualTo(new Output.Finished(certificate, 3));
    assertThat(driver.done()).isTrue();
  }

  @Test
  void aQuorumWithinOneRoundOfTheConfirmTimeKeepsThatEnd() {
    driver.start(0);
    driver.on(vote(0), 1);
    driver.on(vote(1), 1);
    Certificate certificate = ((Output.Certified) driver.on(vote(2), 1).get(0)).certificate();
    long end = 1 + PaymentDriver.Budget.standard().confirmMillis();
    driver.on(new ClientReply.Confirmed(new Confirm(0, certificate)), 2);
    driver.on(new ClientReply.Confirmed(new Confirm(1, certificate)), 2);
    // A quorum 10 ms before the confirm time ends: no new wake-up, the end stays where it was.
    assertThat(driver.on(new ClientReply.Confirmed(new Confirm(2, certificate)), end - 10)).isEmpty();
    assertThat(driver.tick(end - 1)).doesNotHaveAnyElementsOfTypes(Output.Finished.class);
    assertThat(driver.tick(end)).last().isEqualTo(new Output.Finished(certificate, 3));
  }

  @Test
  void belowAQuorumConfirmingGoesOnForTheConfirmTime() {
    driver.start(0);
    driver.on(vote(0), 1);
    driver.on(vote(1), 1);
    Certificate certificate = ((Output.Certified) driver.on(vote(2), 1).get(0)).certificate();
    driver.on(new ClientReply.Confirmed(new Confirm(0, certificate)), 2);
    driver.on(new ClientReply.Confirmed(new Confirm(1, certificate)), 2);
    long time = 2;
    for (int i = 0; i < 20; i++) {
      time += PaymentDriver.Budget.standard().roundMillis();
      driver.tick(time);
    }
    assertThat(driver.done()).as("%d ms after forming, still below a quorum", time).isFalse();
  }

  @Test
  void refusalsFromValidityWeightEndItAtOnce() {
    driver.start(0);
    ProtocolError conflict = new ProtocolError.ConflictingOrder(account(ALICE), 1);
    assertThat(driver.on(new ClientReply.Refused(new AskVote(0, order), conflict), 1)).isEmpty();
    List<Output> end = driver.on(new ClientReply.Refused(new AskVote(1, order), conflict), 2);
    assertThat(end).singleElement().isInstanceOfSatisfying(Output.GaveUp.class, gaveUp -> {
      assertThat(gaveUp.why()).isEqualTo(PaymentDriver.Why.REFUSED);
      assertThat(gaveUp.refusal()).contains(conflict);
    });
  }

  @Test
  void aLaggingAuthorityIsSentWhatItMisses() {
    driver.start(0);
    List<Output> asked = driver.on(new ClientReply.Refused(new AskVote(2, order),
        new ProtocolError.InsufficientBalance(account(ALICE), QPC, 0, 10)), 1);
    assertThat(sends(asked, AskInfo.class)).containsExactly(AskInfo.next(2, account(ALICE)));
    List<Output> caughtUp = driver.on(new ClientReply.Info(AskInfo.next(2, account(ALICE)), 0, List.of(), 0, java.util.Optional.empty()), 2);
    assertThat(sends(caughtUp, Confirm.class)).containsExactly(new Confirm(2, earlier), new Confirm(2, credit));
    // The next round asks it again.
    assertThat(sends(driver.tick(1_000), AskVote.class)).extracting(AskVote::authority).containsExactly(0, 1, 2, 3);
  }

  @Test
  void silenceAndLiesEndWithinTheBudget() {
    driver.start(0);
    // A liar's vote signed by someone else does not count.
    byte[] forged = Vote.sign(order.order(), key(77)).encode();
    assertThat(driver.on(new ClientReply.Voted(new AskVote(0, order), forged), 1)).isEmpty();
    assertThat(driver.on(new ClientReply.Voted(new AskVote(1, order), new byte[] {1, 2, 3}), 1)).isEmpty();
    List<Output> outputs = new ArrayList<>();
    long now = 0;
    for (int i = 0; i < 100 && !driver.done(); i++) {
      now += 10_000;
      outputs.addAll(driver.tick(now));
    }
    assertThat(driver.done()).isTrue();
    assertThat(outputs.get(outputs.size() - 1)).isInstanceOfSatisfying(Output.GaveUp.class,
        gaveUp -> assertThat(gaveUp.why()).isEqualTo(PaymentDriver.Why.NO_QUORUM));
    assertThat(sends(outputs, AskVote.class)).hasSize(4 * (PaymentDriver.Budget.standard().rounds() - 1));
  }

  @Test
  void anAuthorityMissingEarlierCertificatesGetsThemBeforeThePayment() {
    driver.start(0);
    driver.on(vote(0), 1);
    driver.on(vote(1), 1);
    Certificate certificate = ((Output.Certified) driver.on(vote(2), 1).get(0)).certificate();
    List<Output> asked = driver.on(new ClientReply.Refused(new Confirm(3, certificate),
        new ProtocolError.MissingEarlierConfirmations(account(ALICE), 0, 1)), 2);
    assertThat(sends(asked, AskInfo.class)).hasSize(1);
    List<Output> resent = driver.on(new ClientReply.Info(AskInfo.next(3, account(ALICE)), 0, List.of(), 0,
        java.util.Optional.empty()), 3);
    assertThat(sends(resent, Confirm.class)).containsExactly(new Confirm(3, earlier), new Confirm(3, certificate));
  }

  @Test
  void aChannelOrderIsCertifiedLikeATransferAndALaggingAuthorityGetsNoAccountCertificatesForIt() {
    ChannelOpen open = new ChannelOpen(NETWORK, account(ALICE), SequenceNumber.ZERO, ALICE.publicKey(), account(BOB), QPC,
        new Amount(40), 100, new GroupId(io.quorumpay.core.encoding.Bytes.copyOf(new byte[32])));
    SignedOrder<ChannelRefund> refund = signed(new ChannelRefund(NETWORK, account(ALICE), open.channel(), new SequenceNumber(1), QPC,
        new Amount(40)), ALICE);
    PaymentDriver channel = new PaymentDriver(COMMITTEE, refund, List.of(earlier), List.of(), PaymentDriver.Budget.standard());
    assertThat(sends(channel.start(0), AskVote.class)).extracting(AskVote::order).containsOnly(refund);
    // A lagging authority: the account's transfers are on another slot than the channel's nonce, so none is sent.
    List<Output> behind = channel.on(new ClientReply.Refused(new AskVote(3, refund),
        new ProtocolError.UnexpectedSequenceNumber(refund.order().home(), 1, 0)), 1);
    AskInfo ask = sends(behind, AskInfo.class).get(0);
    assertThat(ask.account()).isEqualTo(account(ALICE));
    assertThat(sends(channel.on(new ClientReply.Info(ask, 0, List.of(), 0, java.util.Optional.empty()), 2), Confirm.class)).isEmpty();
    List<Output> certified = new ArrayList<>();
    for (int a = 0; a < 3; a++) {
      certified.addAll(channel.on(new ClientReply.Voted(new AskVote(a, refund), Vote.sign(refund.order(), keyOf(a)).encode()), 3));
    }
    assertThat(certified).filteredOn(Output.Certified.class::isInstance).singleElement()
        .extracting(o -> ((Output.Certified) o).certificate().order()).isEqualTo(refund.order());
  }
}
