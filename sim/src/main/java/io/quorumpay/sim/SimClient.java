package io.quorumpay.sim;

import io.quorumpay.core.client.ClientSnapshot;
import io.quorumpay.core.client.ClientState;
import io.quorumpay.core.client.VoteCollector;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.SignedTransferOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.UserData;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A wallet in the simulation: the real {@link ClientState} and {@link VoteCollector}, driven the
 * way the paykit drives them (vote rounds, catching up authorities that lag, confirming
 * everywhere, syncing from every authority's stream). What it saves survives its crashes; what it
 * had in flight does not, and a restarted client finishes its pending order.
 */
final class SimClient {
  static final AssetId QPC = new AssetId("QPC");
  private static final List<String> LAGGING = List.of("INSUFFICIENT_BALANCE", "UNEXPECTED_SEQUENCE_NUMBER",
      "MISSING_EARLIER_CONFIRMATIONS");

  final int index;
  final KeyPair key;
  final AccountId account;
  final Address address;
  final boolean equivocator;
  private final Committee committee;
  private final int authorities;
  private ClientSnapshot saved;
  private final TreeMap<Integer, Long> positions = new TreeMap<>();
  private long depositCursor;
  private ClientState state;
  private Operation operation = new Idle();
  /** An equivocator's conflicting orders: it keeps offering them, to catch an authority that forgot its vote. */
  private final List<SignedTransferOrder> conflicts = new ArrayList<>();
  boolean up = true;
  private int generation;

  private sealed interface Operation {}

  private record Idle() implements Operation {}

  private record Voting(SignedTransferOrder order, VoteCollector votes, boolean[] voted) implements Operation {}

  private record Confirming(Certificate certificate, boolean[] acknowledged, long since) implements Operation {}

  SimClient(int index, KeyPair key, Committee committee, boolean equivocator) {
    this.index = index;
    this.key = key;
    this.account = new AccountId(key.publicKey());
    this.address = Address.client(index);
    this.committee = committee;
    this.authorities = committee.size();
    this.equivocator = equivocator;
    this.state = ClientState.create(committee, key);
    this.saved = state.snapshot();
  }

  ClientSnapshot saved() {
    return saved;
  }

  /** The balance shown to the user: only what is saved. */
  long balance() {
    return ClientState.restore(committee, key, saved).balance(QPC);
  }

  boolean busy() {
    return up && !(operation instanceof Idle) || saved.pendingOrder().isPresent();
  }

  int generation() {
    return generation;
  }

  void crash() {
    generation++;
    up = false;
    operation = new Idle();
    state = null;
  }

  /**
   * Restarts from what was saved: finishes the pending order, or else confirms the last certificate
   * again (a crash may have come between recording it and confirming it anywhere).
   */
  void restart(Simulation sim) {
    up = true;
    state = ClientState.restore(committee, key, saved);
    List<Certificate> sent = saved.sent();
    operation = state.pendingOrder().<Operation>map(this::voting).orElse(sent.isEmpty()
        ? new Idle()
        : new Confirming(sent.get(sent.size() - 1), new boolean[authorities], sim.now));
  }

  private Voting voting(SignedTransferOrder order) {
    return new Voting(order, new VoteCollector(committee, order.order()), new boolean[authorities]);
  }

  private void save() {
    saved = state.snapshot();
  }

  void handle(SimMessage message, Simulation sim) {
    switch (message) {
      case SimMessage.Tick tick when tick.generation() != generation -> { }
      case SimMessage.Tick tick -> {
        step(sim);
        sim.timer(address, 15 + sim.random.nextInt(30), generation);
      }
      case SimMessage.Vote vote -> onVote(vote, sim);
      case SimMessage.Refusal refusal -> {
        // Like the paykit: only a refused vote (not a refused confirmation) triggers a catch-up.
        if (refusal.ofOrder() && operation instanceof Voting voting && LAGGING.contains(refusal.code())) {
          catchUp(refusal.authority(), voting.order().order().sender(), sim);
        }
      }
      case SimMessage.ConfirmAck ack -> {
        sim.invariants.acknowledged(ack.authority(), ack.key(), ack.recoveries());
        if (operation instanceof Confirming confirming && confirming.certificate().key().equals(ack.key())) {
          confirming.acknowledged()[ack.authority()] = true;
        }
      }
      case SimMessage.InfoReply reply -> onInfo(reply, sim);
      default -> { }
    }
  }

  private void step(Simulation sim) {
    if (equivocator && !conflicts.isEmpty() && sim.random.nextBoolean()) {
      SignedTransferOrder conflicting = conflicts.get(sim.random.nextInt(conflicts.size()));
      sim.send(address, sim.shardOf(sim.random.nextInt(authorities), account), new SimMessage.Order(conflicting.encode()));
    }
    switch (operation) {
      case Idle idle -> {
        if (sim.workloadOn() && sim.random.nextInt(4) == 0) {
          startTransfer(sim);
        } else if (sim.random.nextInt(3) == 0) {
          sync(sim);
        }
      }
      case Voting voting -> {
        for (int a = 0; a < authorities; a++) {
          if (!voting.voted()[a]) {
            sim.send(address, sim.shardOf(a, account), new SimMessage.Order(voting.order().encode()));
          }
        }
        sync(sim); // a certificate for this order may already exist (a restart after the votes)
      }
      case Confirming confirming -> {
        int acknowledged = 0;
        for (int a = 0; a < authorities; a++) {
          if (confirming.acknowledged()[a]) {
            acknowledged++;
          } else {
            sim.send(address, sim.shardOf(a, account), new SimMessage.Confirm(confirming.certificate().encode()));
          }
        }
        // Done when every authority acknowledged, or a quorum did and the rest had a moment to: an
        // authority that missed the confirmation catches it up from its peers.
        if (acknowledged == authorities || (acknowledged >= committee.quorumThreshold() && sim.now - confirming.since() > 150)) {
          operation = new Idle();
        }
      }
    }
  }

  private void startTransfer(Simulation sim) {
    long balance = state.balance(QPC);
    if (balance <= 0) {
      return;
    }
    Amount amount = new Amount(1 + sim.random.nextLong(Math.min(balance, 50)));
    Recipient recipient = sim.random.nextInt(10) == 0
        ? new Recipient.Primary(sim.randomAddress())
        : new Recipient.Account(sim.otherClient(index).account);
    try {
      SignedTransferOrder order = state.prepareTransfer(recipient, QPC, amount, UserData.EMPTY);
      save();
      if (!equivocator) {
        sim.invariants.signedByHonest(order.order());
      }
      operation = voting(order);
      sim.trace("c" + index + " signs " + order.order().key() + " " + amount + " to " + recipient);
      if (equivocator) {
        // A Byzantine client: a second order at the same sequence number (one unit more), to half the committee.
        TransferOrder first = order.order();
        TransferOrder other = new TransferOrder(first.network(), account, first.recipient(), QPC, new Amount(amount.units() + 1),
            first.sequenceNumber(), UserData.EMPTY);
        SignedTransferOrder conflicting = SignedTransferOrder.sign(other, key);
        for (int a = 0; a < authorities; a += 2) {
          sim.send(address, sim.shardOf(a, account), new SimMessage.Order(conflicting.encode()));
        }
        sim.watchConflict(conflicting);
        conflicts.add(conflicting);
      }
    } catch (ProtocolException e) {
      // The proven balance cannot cover it: nothing was signed.
    }
  }

  private void onVote(SimMessage.Vote message, Simulation sim) {
    if (equivocator) {
      sim.offerConflictVote(message.vote());
    }
    if (!(operation instanceof Voting voting)) {
      return;
    }
    try {
      Vote vote = Vote.decode(message.vote());
      Optional<Certificate> certificate = voting.votes().add(vote);
      voting.voted()[message.authority()] = true;
      if (certificate.isPresent()) {
        certified(certificate.get(), sim);
      }
    } catch (ProtocolException e) {
      sim.trace("c" + index + " ignores a bad vote from a" + message.authority() + ": " + e.error().code());
    }
  }

  private void certified(Certificate certificate, Simulation sim) {
    sim.invariants.certified(certificate);
    try {
      state.recordSent(VerifiedCertificate.check(certificate, committee));
    } catch (ProtocolException e) {
      throw new AssertionError("client " + index + " cannot record its own certificate: " + e.getMessage());
    }
    save();
    sim.trace("c" + index + " certified " + certificate.key());
    if (certificate.order().isRedeem()) {
      sim.redeem(certificate);
    }
    operation = new Confirming(certificate, new boolean[authorities], sim.now);
  }

  /** Sends authority {@code a} what it may miss about this account: its sent and received certificates. */
  private void catchUp(int a, AccountId sender, Simulation sim) {
    List<Certificate> sent = state.snapshot().sent();
    for (Certificate certificate : sent.subList(Math.max(0, sent.size() - 8), sent.size())) {
      sim.send(address, sim.shardOf(a, sender), new SimMessage.Confirm(certificate.encode()));
    }
    List<Certificate> received = state.snapshot().received();
    for (Certificate certificate : received.subList(Math.max(0, received.size() - 8), received.size())) {
      sim.send(address, sim.shardOf(a, certificate.order().sender()), new SimMessage.Confirm(certificate.encode()));
    }
  }

  /** Asks every authority for what this account received since the saved position, and reads the primary's deposits. */
  void sync(Simulation sim) {
    for (int a = 0; a < authorities; a++) {
      sim.send(address, sim.shardOf(a, account), new SimMessage.Info(account, positions.getOrDefault(a, 0L),
          state.nextSequenceNumber().value()));
    }
    boolean changed = false;
    for (PrimaryDeposit deposit : sim.confirmedDeposits(depositCursor, 50)) {
      depositCursor = deposit.index() + 1;
      if (deposit.recipient().equals(account)) {
        try {
          changed |= state.recordDeposit(deposit);
        } catch (ProtocolException e) {
          throw new AssertionError(e);
        }
      }
    }
    if (changed) {
      save();
    }
  }

  private void onInfo(SimMessage.InfoReply reply, Simulation sim) {
    boolean changed = false;
    for (byte[] bytes : reply.received()) {
      try {
        Certificate certificate = Certificate.decode(bytes);
        changed |= state.recordReceived(VerifiedCertificate.check(certificate, committee));
      } catch (ProtocolException e) {
        sim.trace("c" + index + " ignores a received certificate from a" + reply.authority() + ": " + e.error().code());
      }
    }
    long position = positions.getOrDefault(reply.authority(), 0L);
    if (reply.receivedTotal() < reply.receivedFrom()) {
      positions.put(reply.authority(), 0L); // the stream restarted: read it again
    } else if (reply.receivedFrom() == position) {
      positions.put(reply.authority(), position + reply.received().size());
    }
    if (reply.requestedCertificate() != null) {
      try {
        Certificate certificate = Certificate.decode(reply.requestedCertificate());
        TransferOrder order = VerifiedCertificate.check(certificate, committee).order();
        if (order.sender().equals(account) && order.sequenceNumber().equals(state.nextSequenceNumber())) {
          sim.invariants.certified(certificate);
          state.recordSent(VerifiedCertificate.check(certificate, committee));
          changed = true;
          if (operation instanceof Voting) {
            operation = new Confirming(certificate, new boolean[authorities], sim.now);
          }
        }
      } catch (ProtocolException e) {
        sim.trace("c" + index + " ignores a certificate from a" + reply.authority() + ": " + e.error().code());
      }
    }
    if (changed) {
      save();
    }
  }
}
