package io.quorumpay.core.client;

import static io.quorumpay.core.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.core.client.ClientRequest.AskDeposits;
import io.quorumpay.core.client.ClientRequest.AskInfo;
import io.quorumpay.core.client.SyncDriver.Output;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.PrimaryAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The sync machine alone, against authorities that answer whatever a test says, liars included. */
class SyncDriverTest {
  static final KeyPair ALICE = key(1);
  static final KeyPair BOB = key(2);
  static final SyncDriver.Limits LIMITS = new SyncDriver.Limits(4, 5, 10, 3, 10_000);
  final ClientState state = ClientState.create(COMMITTEE, ALICE);
  final Certificate credit = certificate(order(BOB, ALICE, 30, 0), 3);

  /** Runs a sync to its end with {@code answer} standing in for the network; returns every request sent. */
  List<ClientRequest> run(SyncDriver driver, Function<ClientRequest, ClientReply> answer) {
    List<ClientRequest> sent = new ArrayList<>();
    Deque<ClientRequest> queue = new ArrayDeque<>();
    collect(driver.start(0), queue);
    for (int steps = 0; steps < 10_000 && !queue.isEmpty(); steps++) {
      ClientRequest request = queue.poll();
      sent.add(request);
      collect(driver.on(answer.apply(request)), queue);
    }
    assertThat(driver.done()).as("the sync ended").isTrue();
    return sent;
  }

  static void collect(List<Output> outputs, Deque<ClientRequest> queue) {
    outputs.forEach(output -> {
      if (output instanceof Output.Send send) {
        queue.add(send.request());
      }
    });
  }

  static ClientReply honest(ClientRequest request, List<Certificate> received) {
    return switch (request) {
      case AskInfo ask when ask.certificateAt().isPresent() -> new ClientReply.Info(ask, 0, List.of(), 0, Optional.empty());
      case AskInfo ask -> new ClientReply.Info(ask, 0, received.stream().skip(ask.receivedFrom()).limit(ask.receivedLimit())
          .map(Certificate::encode).toList(), received.size(), Optional.empty());
      case AskDeposits ask -> new ClientReply.Deposits(ask, List.of());
      default -> new ClientReply.Unreachable(request);
    };
  }

  @Test
  void anEndlessStreamOfFullPagesOrResetsStopsOnlyThatAuthority() {
    SyncDriver driver = new SyncDriver(COMMITTEE, state, new long[4], 0, 3, LIMITS);
    List<ClientRequest> sent = run(driver, request -> switch (request) {
      // Authority 0 always has a full page more, of garbage; authority 1 says its stream is shorter every time.
      case AskInfo ask when ask.authority() == 0 && ask.certificateAt().isEmpty() ->
          new ClientReply.Info(ask, 0, Collections.nCopies(ask.receivedLimit(), new byte[] {9}), Long.MAX_VALUE, Optional.empty());
      case AskInfo ask when ask.authority() == 1 && ask.certificateAt().isEmpty() ->
          new ClientReply.Info(ask, 0, List.of(), ask.receivedFrom() == 0 ? 0 : ask.receivedFrom() - 1, Optional.empty());
      default -> honest(request, List.of(credit));
    });
    assertThat(sent.stream().filter(r -> r instanceof AskInfo ask && ask.authority() == 0 && ask.certificateAt().isEmpty()))
        .hasSize(LIMITS.pages());
    assertThat(state.balance(QPC)).isEqualTo(30);
  }

  @Test
  void aStreamThatShrankIsReadAgainFromTheStartOnce() {
    SyncDriver driver = new SyncDriver(COMMITTEE, state, new long[] {5, 0, 0, 0}, 0, 3, LIMITS);
    run(driver, request -> honest(request, List.of(credit)));
    assertThat(driver.cursors()).containsExactly(1, 1, 1, 1);
    assertThat(state.balance(QPC)).isEqualTo(30);
  }

  @Test
  void ownCertificatesCompletedBySomeoneElseAreFoundAndDepositsReadAtTheCommitteesDepth() {
    Certificate mine = certificate(order(ALICE, BOB, 5, 0), 3);
    List<ClientRequest> sent = run(new SyncDriver(COMMITTEE, state, new long[4], 0, 3, LIMITS), request -> switch (request) {
      case AskInfo ask when ask.certificateAt().map(s -> s.value() == 0).orElse(false) ->
          new ClientReply.Info(ask, 1, List.of(), 0, Optional.of(mine.encode()));
      case AskDeposits ask -> new ClientReply.Deposits(ask, List.of(new PrimaryDeposit(NETWORK, 0, depositor(), account(ALICE), QPC,
          new Amount(100))));
      default -> honest(request, List.of());
    });
    assertThat(state.nextSequenceNumber().value()).isEqualTo(1);
    assertThat(state.balance(QPC)).isEqualTo(95);
    assertThat(sent).filteredOn(AskDeposits.class::isInstance).singleElement()
        .isEqualTo(new AskDeposits(0, LIMITS.page(), 3));
  }

  static PrimaryAddress depositor() {
    byte[] bytes = new byte[20];
    bytes[0] = 1;
    return new PrimaryAddress(io.quorumpay.core.encoding.Bytes.copyOf(bytes));
  }
}
