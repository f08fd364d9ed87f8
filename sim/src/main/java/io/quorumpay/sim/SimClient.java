package io.quorumpay.sim;

import io.quorumpay.core.client.ClientReply;
import io.quorumpay.core.client.ClientRequest;
import io.quorumpay.core.client.ClientSnapshot;
import io.quorumpay.core.client.ClientState;
import io.quorumpay.core.client.PaymentDriver;
import io.quorumpay.core.client.SyncDriver;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.UserData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * A wallet in the simulation. It decides nothing itself: a payment is production's
 * {@link PaymentDriver} and a sync production's {@link SyncDriver}, which this adapter drives over
 * simulated messages and ticks as the paykit drives them over gRPC. What is left here is the
 * workload (who pays whom what), the equivocating client's mischief, and saving what a wallet
 * saves: what it saved survives its crashes, what it had in flight does not.
 */
final class SimClient {
  static final AssetId QPC = new AssetId("QPC");
  static final AssetId USD = new AssetId("USD");
  static final List<AssetId> ASSETS = List.of(QPC, USD);
  /** Production's bounds on the simulator's faster clock. */
  static final PaymentDriver.Budget BUDGET = new PaymentDriver.Budget(6, 40, 400, 256);
  static final SyncDriver.Limits LIMITS = new SyncDriver.Limits(50, 20, 50, 20, 1_000);
  /** How long a payment or a sync may take, ticks included: past it, a call did not end within its budget. */
  private static final long PAYMENT_BOUND = BUDGET.roundMillis() * 21 + BUDGET.confirmMillis() + 200;
  private static final long SYNC_BOUND = LIMITS.deadlineMillis() + 200;

  final int index;
  final KeyPair key;
  final AccountId account;
  final Address address;
  final boolean equivocator;
  private final Committee committee;
  private final int authorities;
  private ClientSnapshot saved;
  private long[] cursors;
  private long depositCursor;
  private ClientState state;
  private PaymentDriver payment;
  private long paymentStarted;
  private boolean syncBeforeRetry;
  /** A certificate that a quorum has not yet acknowledged: confirmed again until one has. */
  private Certificate reconfirm;
  private SyncDriver sync;
  private long syncStarted;
  /** A call's deadline, as the paykit's gRPC calls have one: past it, an unanswered request is reported unreachable. */
  private static final long CALL_DEADLINE = 100;

  /** A request in flight and when it was sent. */
  private record InFlight(ClientRequest request, long sentAt) {}

  /** Requests in flight, by number, with the driver they belong to; cleared when it ends. */
  private final Map<Long, InFlight> paymentRequests = new HashMap<>();
  private final Map<Long, InFlight> syncRequests = new HashMap<>();
  private long nextRequest;
  /** An equivocator's conflicting orders: it keeps offering them, to catch an authority that forgot its vote. */
  private final List<SignedOrder<TransferOrder>> conflicts = new ArrayList<>();
  boolean up = true;
  private int generation;

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
    this.cursors = new long[authorities];
  }

  ClientSnapshot saved() {
    return saved;
  }

  /** The balances shown to the user: only what is saved. */
  SortedMap<AssetId, Long> balances() {
    return ClientState.restore(committee, key, saved).balances();
  }

  /** Whether a payment is under way or pending (a sync is not: it is a read). */
  boolean busy() {
    return up && (payment != null || reconfirm != null) || saved.pendingOrder().isPresent();
  }

  int generation() {
    return generation;
  }

  void crash() {
    generation++;
    up = false;
    state = null;
    payment = null;
    sync = null;
    reconfirm = null;
    paymentRequests.clear();
    syncRequests.clear();
  }

  /**
   * Restarts from what was saved: the pending order is finished at the next tick, or else the last
   * certificate is confirmed again (a crash may have come between recording it and confirming it).
   */
  void restart(Simulation sim) {
    up = true;
    state = ClientState.restore(committee, key, saved);
    List<Certificate> sent = saved.sent();
    if (state.pendingOrder().isEmpty() && !sent.isEmpty()) {
      reconfirm = sent.get(sent.size() - 1);
    }
  }

  private void save() {
    ClientSnapshot before = saved;
    saved = state.snapshot();
    // The wallet never counts a credit it did not verify.
    for (Certificate credit : saved.received().subList(before.received().size(), saved.received().size())) {
      try {
        VerifiedCertificate.check(credit, committee);
      } catch (ProtocolException e) {
        throw new AssertionError("client " + index + " counted a credit that does not verify: " + e.getMessage());
      }
    }
  }

  void handle(SimMessage message, Simulation sim) {
    switch (message) {
      case SimMessage.Tick tick when tick.generation() != generation -> { }
      case SimMessage.Tick tick -> {
        step(sim);
        sim.timer(address, 15 + sim.random.nextInt(30), generation);
      }
      case SimMessage.Vote vote -> {
        if (equivocator) {
          sim.offerConflictVote(vote.vote());
        }
        if (requestOf(paymentRequests.remove(vote.request())) instanceof ClientRequest.AskVote ask) {
          onPayment(payment.on(new ClientReply.Voted(ask, vote.vote()), sim.now), sim);
        }
      }
      case SimMessage.Refusal refusal -> reply(refusal.request(), request -> new ClientReply.Refused(request, refusal.error()), sim);
      case SimMessage.ConfirmAck ack -> {
        sim.invariants.acknowledged(ack.authority(), ack.key(), ack.recoveries());
        if (requestOf(paymentRequests.remove(ack.request())) instanceof ClientRequest.Confirm confirm) {
          onPayment(payment.on(new ClientReply.Confirmed(confirm), sim.now), sim);
        }
      }
      case SimMessage.InfoReply info -> reply(info.request(), request -> info(info, request), sim);
      default -> { }
    }
  }

  /** Hands an answer to the driver whose request it answers; answers to nothing in flight are dropped. */
  private void reply(long number, java.util.function.Function<ClientRequest, ClientReply> answer, Simulation sim) {
    ClientRequest forPayment = requestOf(paymentRequests.remove(number));
    if (forPayment != null) {
      onPayment(payment.on(answer.apply(forPayment), sim.now), sim);
      return;
    }
    ClientRequest forSync = requestOf(syncRequests.remove(number));
    if (forSync != null) {
      onSync(sync.on(answer.apply(forSync)), sim);
    }
  }

  private static ClientRequest requestOf(InFlight inFlight) {
    return inFlight == null ? null : inFlight.request();
  }

  /** Requests past their deadline, taken out of {@code inFlight}, oldest first. */
  private static List<ClientRequest> expired(Map<Long, InFlight> inFlight, long now) {
    List<Long> numbers = inFlight.entrySet().stream().filter(e -> now - e.getValue().sentAt() > CALL_DEADLINE)
        .map(Map.Entry::getKey).sorted().toList();
    return numbers.stream().map(number -> inFlight.remove(number).request()).toList();
  }

  private void step(Simulation sim) {
    if (equivocator && !conflicts.isEmpty() && sim.random.nextBoolean()) {
      SignedOrder<TransferOrder> conflicting = conflicts.get(sim.random.nextInt(conflicts.size()));
      sim.send(address, sim.shardOf(sim.random.nextInt(authorities), account), new SimMessage.Order(-1, conflicting.encode()));
    }
    if (payment != null) {
      if (sim.now - paymentStarted > PAYMENT_BOUND) {
        throw sim.failure("client " + index + "'s payment ran past its budget (" + PAYMENT_BOUND + " ms)");
      }
      for (ClientRequest lost : expired(paymentRequests, sim.now)) {
        if (payment != null) {
          onPayment(payment.on(new ClientReply.Unreachable(lost), sim.now), sim);
        }
      }
      if (payment != null) {
        onPayment(payment.tick(sim.now), sim);
      }
    } else if (sync != null) {
      if (sim.now - syncStarted > SYNC_BOUND) {
        throw sim.failure("client " + index + "'s sync ran past its budget (" + SYNC_BOUND + " ms)");
      }
      for (ClientRequest lost : expired(syncRequests, sim.now)) {
        if (sync != null) {
          onSync(sync.on(new ClientReply.Unreachable(lost)), sim);
        }
      }
      if (sync != null) {
        onSync(sync.tick(sim.now), sim);
      }
    } else if (reconfirm != null) {
      // A wallet's own certificates are transfers (ClientState records nothing else).
      startPayment(SignedOrder.sign((TransferOrder) reconfirm.order(), key), Optional.of(reconfirm), sim);
    } else if (state.pendingOrder().isPresent() && !syncBeforeRetry) {
      // Finish the pending order (after a crash, or after a payment that gave up).
      startPayment(state.pendingOrder().get(), Optional.empty(), sim);
    } else if (state.pendingOrder().isEmpty() && sim.workloadOn() && sim.random.nextInt(4) == 0) {
      startTransfer(sim);
    } else if (syncBeforeRetry || sim.random.nextInt(3) == 0) {
      sync(sim);
    }
  }

  private void startTransfer(Simulation sim) {
    List<AssetId> funded = ASSETS.stream().filter(asset -> state.balance(asset) > 0).toList();
    if (funded.isEmpty()) {
      return;
    }
    AssetId asset = funded.get(sim.random.nextInt(funded.size()));
    Amount amount = new Amount(1 + sim.random.nextLong(Math.min(state.balance(asset), 50)));
    Recipient recipient = sim.random.nextInt(10) == 0
        ? new Recipient.Primary(sim.randomAddress())
        : new Recipient.Account(sim.otherClient(index).account);
    try {
      SignedOrder<TransferOrder> order = state.prepareTransfer(recipient, asset, amount, UserData.EMPTY);
      save();
      if (!equivocator) {
        sim.invariants.signedByHonest(order.order());
      }
      sim.trace("c" + index + " signs " + order.order().key() + " " + amount + " " + asset + " to " + recipient);
      if (equivocator) {
        // A Byzantine client: a second order at the same sequence number (one unit more), to half the committee.
        TransferOrder first = order.order();
        TransferOrder other = new TransferOrder(first.network(), account, first.recipient(), asset, new Amount(amount.units() + 1),
            first.sequenceNumber(), UserData.EMPTY);
        SignedOrder<TransferOrder> conflicting = SignedOrder.sign(other, key);
        for (int a = 0; a < authorities; a += 2) {
          sim.send(address, sim.shardOf(a, account), new SimMessage.Order(-1, conflicting.encode()));
        }
        sim.watchConflict(conflicting);
        conflicts.add(conflicting);
      }
      startPayment(order, Optional.empty(), sim);
    } catch (ProtocolException e) {
      // The proven balance cannot cover it: nothing was signed.
    }
  }

  private void startPayment(SignedOrder<? extends io.quorumpay.core.messages.Order> order, Optional<Certificate> known, Simulation sim) {
    payment = new PaymentDriver(committee, order, state.snapshot().sent(), state.snapshot().received(), BUDGET);
    paymentStarted = sim.now;
    paymentRequests.clear();
    onPayment(known.isPresent() ? payment.confirm(known.get(), sim.now) : payment.start(sim.now), sim);
  }

  private void onPayment(List<PaymentDriver.Output> outputs, Simulation sim) {
    for (PaymentDriver.Output output : outputs) {
      switch (output) {
        case PaymentDriver.Output.Send send -> paymentRequests.put(send(send.request(), sim), new InFlight(send.request(), sim.now));
        case PaymentDriver.Output.Certified certified -> certified(certified.certificate(), sim);
        case PaymentDriver.Output.WakeAt wake -> { } // the client ticks often enough
        case PaymentDriver.Output.Finished finished -> {
          sim.trace("c" + index + " confirmed " + finished.certificate().key() + " at weight " + finished.confirmedWeight());
          endPayment(false);
          reconfirm = finished.confirmedWeight() < committee.quorumThreshold() ? finished.certificate() : null;
        }
        case PaymentDriver.Output.GaveUp gaveUp -> {
          sim.trace("c" + index + " gave up (" + gaveUp.why() + "): " + gaveUp.summary());
          endPayment(true);
        }
      }
    }
  }

  private void endPayment(boolean gaveUp) {
    payment = null;
    paymentRequests.clear();
    // A payment that gave up may have been completed by someone else: a sync finds out before a retry.
    syncBeforeRetry = gaveUp;
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
    if (certificate.order() instanceof TransferOrder order && order.isRedeem()) {
      sim.redeem(certificate);
    }
  }

  /** Starts a sync, unless one is under way. */
  void sync(Simulation sim) {
    if (!up || sync != null || payment != null) {
      return;
    }
    sync = new SyncDriver(committee, state, cursors, depositCursor, 1, LIMITS);
    syncStarted = sim.now;
    syncRequests.clear();
    onSync(sync.start(sim.now), sim);
  }

  private void onSync(List<SyncDriver.Output> outputs, Simulation sim) {
    for (SyncDriver.Output output : outputs) {
      switch (output) {
        case SyncDriver.Output.Send send when send.request() instanceof ClientRequest.AskDeposits ask ->
            // The primary answers at once.
            onSync(sync.on(new ClientReply.Deposits(ask, sim.confirmedDeposits(ask.from(), ask.limit()))), sim);
        case SyncDriver.Output.Send send -> syncRequests.put(send(send.request(), sim), new InFlight(send.request(), sim.now));
        case SyncDriver.Output.WakeAt wake -> { }
        case SyncDriver.Output.Finished finished -> {
          cursors = sync.cursors();
          depositCursor = sync.depositCursor();
          if (finished.changed()) {
            save();
          }
          sync = null;
          syncRequests.clear();
          syncBeforeRetry = false;
        }
      }
    }
  }

  /** An authority's account info as the answer to {@code request}: an answer to anything but an info request is none. */
  static ClientReply info(SimMessage.InfoReply info, ClientRequest request) {
    return request instanceof ClientRequest.AskInfo ask
        ? new ClientReply.Info(ask, info.nextSequenceNumber(), info.received(), info.receivedTotal(),
            Optional.ofNullable(info.requestedCertificate()), Optional.ofNullable(info.pendingVote()))
        : new ClientReply.Unreachable(request);
  }

  /** The shard of committee member {@code member} (the drivers number authorities in committee order) that holds {@code account}. */
  private static Address shard(int member, AccountId account, Simulation sim) {
    return sim.memberShard(member, sim.shardOf(0, account).shard());
  }

  /** Sends a request to the shard it concerns; returns its number. */
  private long send(ClientRequest request, Simulation sim) {
    long number = nextRequest++;
    send(address, request, number, sim);
    return number;
  }

  /** Sends a driver's request from {@code from} to the shard it concerns, as request {@code number}. */
  static void send(Address from, ClientRequest request, long number, Simulation sim) {
    switch (request) {
      case ClientRequest.AskVote ask -> sim.send(from, shard(ask.authority(), ask.order().order().home(), sim),
          new SimMessage.Order(number, ask.order().encode()));
      case ClientRequest.Confirm confirm -> sim.send(from, shard(confirm.authority(), confirm.certificate().order().home(), sim),
          new SimMessage.Confirm(number, confirm.certificate().encode()));
      case ClientRequest.AskInfo ask -> sim.send(from, shard(ask.authority(), ask.account(), sim), new SimMessage.Info(number,
          ask.account(), ask.receivedFrom(), ask.receivedLimit(), ask.certificateAt().map(s -> s.value()).orElse(-1L)));
      case ClientRequest.AskDeposits ask -> throw new IllegalStateException("deposits are read from the primary directly");
    }
  }
}
