package io.quorumpay.core.client;

import static io.quorumpay.core.Fixtures.*;
import static io.quorumpay.core.ProtocolErrors.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.UserData;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A restored wallet signs nothing new until a quorum told it the account's state, and never a second order at a used sequence number. */
class AccountCheckTest {
  static final KeyPair ALICE = key(1);
  static final KeyPair BOB = key(2);

  /** A wallet with 100 QPC, as restored from a backup (so not yet checked). */
  static ClientState restored() throws ProtocolException {
    ClientState fresh = ClientState.create(COMMITTEE, ALICE);
    fresh.recordDeposit(new PrimaryDeposit(NETWORK, 0,
        new PrimaryAddress(Bytes.copyOf(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})),
        account(ALICE), QPC, new Amount(100)));
    return ClientState.restore(COMMITTEE, ALICE, fresh.snapshot());
  }

  static SignedOrder<TransferOrder> pay(ClientState state, long amount) throws ProtocolException {
    return state.prepareTransfer(new Recipient.Account(account(BOB)), QPC, new Amount(amount), UserData.EMPTY);
  }

  /** Reports from every authority: next 0, and a vote for {@code voted} from the first {@code voters} (committee order). */
  static List<AccountCheck.Report> reports(TransferOrder voted, int voters) {
    List<AccountCheck.Report> reports = new ArrayList<>();
    List<AuthorityName> members = COMMITTEE.members();
    for (int a = 0; a < members.size(); a++) {
      Optional<byte[]> vote = Optional.empty();
      if (a < voters) {
        KeyPair authority = authorityKey(members.get(a));
        vote = Optional.of(Vote.sign(voted, authority).encode());
      }
      reports.add(new AccountCheck.Report(a, 0, vote));
    }
    return reports;
  }

  static KeyPair authorityKey(AuthorityName name) {
    return AUTHORITY_KEYS.stream().filter(k -> new AuthorityName(k.publicKey()).equals(name)).findFirst().orElseThrow();
  }

  static TransferOrder elsewhere() {
    return new TransferOrder(NETWORK, account(ALICE), new Recipient.Account(account(BOB)), QPC, new Amount(40),
        io.quorumpay.core.types.SequenceNumber.ZERO, UserData.EMPTY);
  }

  @Test
  void aRestoredWalletSignsNothingUntilAQuorumReportedItsAccount() throws ProtocolException {
    ClientState state = restored();
    refused(ProtocolError.AccountStateUnchecked.class, () -> pay(state, 5));
    assertThat(state.check(reports(elsewhere(), 0).subList(0, 2))).isFalse();
    refused(ProtocolError.AccountStateUnchecked.class, () -> pay(state, 5));
    assertThat(state.pendingOrder()).isEmpty();
    state.check(reports(elsewhere(), 0));
    assertThat(state.checked()).isTrue();
    assertThat(pay(state, 5).order().sequenceNumber().value()).isZero();
  }

  @Test
  void anOrderVotedByValidityWeightIsAdoptedWithItsOriginalSignature() throws ProtocolException {
    ClientState state = restored();
    TransferOrder original = elsewhere();
    assertThat(state.check(reports(original, 2))).as("adopting changes what must be saved").isTrue();
    assertThat(state.pendingOrder()).contains(SignedOrder.sign(original, ALICE));
    refused(ProtocolError.PendingOrderExists.class, () -> pay(state, 5));
  }

  @Test
  void anOrderVotedByLessThanValidityWeightKeepsTheWalletFromSigning() throws ProtocolException {
    ClientState state = restored();
    state.check(reports(elsewhere(), 1));
    var error = refused(ProtocolError.PendingElsewhere.class, () -> pay(state, 5));
    assertThat(error.sequenceNumber()).isZero();
    assertThat(error.message()).contains("pending at sequence number 0 elsewhere");
    assertThat(state.pendingOrder()).isEmpty();
  }

  @Test
  void liesBelowValidityWeightChangeNothing() throws ProtocolException {
    ClientState state = restored();
    List<AccountCheck.Report> reports = new ArrayList<>(reports(elsewhere(), 0));
    // One authority claims a later sequence number; another sends a vote it did not sign.
    reports.set(0, new AccountCheck.Report(0, 99, Optional.empty()));
    KeyPair stranger = key(77);
    reports.set(1, new AccountCheck.Report(1, 0, Optional.of(Vote.sign(elsewhere(), stranger).encode())));
    state.check(reports);
    assertThat(state.checked()).isTrue();
    assertThat(pay(state, 5).order().sequenceNumber().value()).isZero();

    ClientState behind = restored();
    List<AccountCheck.Report> ahead = new ArrayList<>(reports(elsewhere(), 0));
    ahead.set(0, new AccountCheck.Report(0, 3, Optional.empty()));
    ahead.set(1, new AccountCheck.Report(1, 3, Optional.empty()));
    behind.check(ahead);
    refused(ProtocolError.AccountStateUnchecked.class, () -> pay(behind, 5));
  }
}
