package io.quorumpay.sim;

import io.quorumpay.core.authority.CatchUp;
import io.quorumpay.core.authority.DepositFollowing;
import io.quorumpay.core.authority.InMemoryShardStorage;
import io.quorumpay.core.authority.InMemorySigningRecord;
import io.quorumpay.core.authority.ShardConfig;
import io.quorumpay.core.authority.ShardRequests;
import io.quorumpay.core.authority.ShardStart;
import io.quorumpay.core.authority.ShardState;
import io.quorumpay.core.authority.ShardState.ConfirmationOutcome;
import io.quorumpay.core.authority.ShardWrites;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.AccountInfoRequest;
import io.quorumpay.core.messages.AccountInfoResponse;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.CrossShardCredit;
import io.quorumpay.core.messages.OwnVotes;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.messages.VerifiedOrder;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.SequenceNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An honest shard in the simulation, running the edge logic production runs, from core:
 * {@link ShardRequests} checks every request before the writer sees it, {@link ShardState} is the
 * writer, and the group commit writes {@link InMemoryShardStorage} and then the
 * {@link InMemorySigningRecord} before any reply leaves. A crash before the commit loses both the
 * writes and the replies. Starting runs {@link ShardStart#check} against the signing record, which
 * is kept apart from the data and survives everything; recovering rebuilds from that record
 * ({@link ShardState#rebuild}). Cross-shard credits travel sealed in batches from a cursor on the
 * outbox, deposits come through {@link DepositFollowing}, and the shard catches up from the same
 * shard of every other authority with {@link CatchUp}.
 */
final class SimShard {
  static final int COMMIT_DELAY_MILLIS = 2;
  /** How often a shard that is not behind asks a peer for the rest of its applied log. */
  static final int CATCH_UP_POLL_MILLIS = 100;
  /** A catch-up request with no answer by then is given up and asked again. */
  static final int CATCH_UP_TIMEOUT_MILLIS = 300;
  /** Deposits read from the primary per poll. */
  static final int DEPOSIT_PAGE = 20;

  final ShardConfig config;
  final Address address;
  final int authority;
  /** This authority's index in the committee, as catch-up cursors count. */
  final int member;
  /** The data: replaced by a backup when the operator restores one, by fresh storage on recovery. */
  InMemoryShardStorage storage;
  /** Kept apart from the data: survives crashes, restores and recoveries, never restored. */
  final InMemorySigningRecord signingRecord = new InMemorySigningRecord();
  ShardState state;
  private ShardRequests requests;
  private final List<Reply> pending = new ArrayList<>();
  private boolean commitScheduled;
  private int generation;
  /** Per destination sibling, where the next batch of outbox credits starts (in memory, like production). */
  private final long[] creditCursor;
  /** Per committee member, the catch-up request under way. */
  private final Peer[] peers;

  private record Reply(Address to, Supplier<SimMessage> message, Vote vote) {}

  private static final class Peer {
    long requestId = -1;
    long from;
    long sentAt;
    long nextPollAt;
  }

  SimShard(ShardConfig config, int authority) {
    this.config = config;
    this.authority = authority;
    this.member = config.committee().indexOf(config.authority());
    this.address = Address.shard(authority, config.shard());
    this.storage = new InMemoryShardStorage(config);
    this.creditCursor = new long[config.shardCount()];
    this.peers = new Peer[config.committee().size()];
    this.state = storage.load(config);
    fresh();
  }

  boolean up() {
    return state != null;
  }

  /** Bumped by a crash: a restarted shard ignores the timers of its previous life. */
  int generation() {
    return generation;
  }

  /** A crash: everything not yet written is gone, replies included. */
  void crash() {
    generation++;
    state = null;
    pending.clear();
    commitScheduled = false;
  }

  /**
   * Starts on what the storage holds, as production does: refuses data that is behind the signing
   * record (restored from an older copy; the shard stays down then), and records the votes of data
   * ahead of the record (a crash between the two writes of a commit) before answering anything.
   */
  void start() throws ShardStart.DataBehindSigningRecord {
    ShardState loaded = storage.load(config);
    try {
      ShardStart.start(config.shard(), loaded, signingRecord);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    state = loaded;
    fresh();
  }

  /**
   * What {@code qp authority recover} does for this shard: the data is thrown away, the shard is
   * rebuilt from its signing record on empty storage and catches up from its peers and the primary.
   */
  void recover() {
    storage = new InMemoryShardStorage(config);
    // Every shard of the authority is rebuilt together, from records of one history: the same new epoch.
    long epoch = signingRecord.epoch() + 1;
    signingRecord.beginEpoch(epoch);
    ShardState rebuilt = ShardState.rebuild(config, signingRecord.lastCommit(), epoch, signingRecord.lastVotes());
    commit(rebuilt);
    state = rebuilt;
    fresh();
  }

  /** The operator puts a backup in place of the data (the shard is down). */
  void restoreData(InMemoryShardStorage backup) {
    if (state != null) {
      throw new IllegalStateException("data restored under a running shard");
    }
    storage = backup;
  }

  /** What a new process starts with: no memory of votes, cursors or requests under way. */
  private void fresh() {
    requests = new ShardRequests(config, new OwnVotes(config.authorityKey()), state == null ? 0 : state.epoch());
    java.util.Arrays.fill(creditCursor, 0);
    for (int m = 0; m < peers.length; m++) {
      peers[m] = new Peer();
    }
    pending.clear();
    commitScheduled = false;
  }

  void handle(Address from, SimMessage message, Simulation sim) {
    switch (message) {
      case SimMessage.Order order -> reply(from, sim, order.request(), () -> {
        VerifiedOrder verified = requests.order(order.signedOrder());
        Vote vote = state.handleOrder(verified);
        if (vote.order() instanceof io.quorumpay.core.messages.ChannelRefund refund) {
          sim.invariants.refundVoted(authority, state, refund);
        }
        return new Answer(new SimMessage.Vote(order.request(), authority, vote.encode()), vote);
      });
      case SimMessage.Confirm confirm -> reply(from, sim, confirm.request(), () -> {
        VerifiedCertificate verified = requests.confirmation(confirm.certificate());
        ConfirmationOutcome outcome = state.handleConfirmation(verified);
        sim.invariants.appliedByHonest(verified.certificate(), outcome);
        return new Answer(new SimMessage.ConfirmAck(confirm.request(), authority, verified.certificate().key(),
            sim.recoveriesOf(authority)), null);
      });
      case SimMessage.Info info ->
        // A read: answered from what is durable once this batch commits, like production.
        queue(from, sim, () -> {
          try {
            AccountInfoResponse response = state.accountInfo(new AccountInfoRequest(info.account(),
                info.certificateAt() < 0 ? Optional.empty() : Optional.of(new SequenceNumber(info.certificateAt())),
                info.receivedFrom(), Math.min(Math.max(info.limit(), 0), AccountInfoRequest.MAX_RECEIVED)), storage);
            return new SimMessage.InfoReply(info.request(), authority, info.account(), info.receivedFrom(),
                response.received().stream().map(Certificate::encode).toList(), response.receivedTotal(),
                response.requestedCertificate().map(Certificate::encode).orElse(null), response.nextSequenceNumber().value(),
                response.pendingVote().map(io.quorumpay.core.messages.Vote::encode).orElse(null));
          } catch (ProtocolException e) {
            return new SimMessage.Refusal(info.request(), authority, e.error());
          }
        }, null);
      case SimMessage.SealedCredits credits -> onCredits(from, credits, sim);
      case SimMessage.CreditAck ack -> onCreditAck(from, ack, sim);
      case SimMessage.LogRequest request -> {
        // A read, served from what is durable.
        List<byte[]> page = storage.appliedLog(request.from(), Math.min(Math.max(request.limit(), 0), CatchUp.PAGE))
            .stream().map(Certificate::encode).toList();
        sim.send(address, from, new SimMessage.LogReply(request.requestId(), page, storage.appliedLogSize()));
      }
      case SimMessage.LogReply reply -> onLogReply(from, reply, sim);
      case SimMessage.Tick tick when tick.generation() != generation -> { }
      case SimMessage.Tick tick -> {
        followPrimary(sim);
        for (int dest = 0; dest < config.shardCount(); dest++) {
          if (dest != config.shard()) {
            sendCredits(dest, sim);
          }
        }
        pollPeers(sim);
        sim.timer(address, 20 + sim.random.nextInt(20), generation);
      }
      case SimMessage.Commit commit when commit.generation() != generation -> { }
      case SimMessage.Commit commit -> commit(sim);
      case SimMessage.Vote v -> sim.trace("unexpected vote at " + address);
      case SimMessage.Refusal r -> { }
      case SimMessage.ConfirmAck a -> { }
      case SimMessage.InfoReply r -> { }
    }
  }

  // ---- primary ------------------------------------------------------------------------------

  /** As production's follower: the chain's height first (refunds wait for it), then the deposits from the cursor. */
  private void followPrimary(Simulation sim) {
    long height = sim.reportedHeight();
    if (height > state.primaryHeight()) {
      state.observePrimaryHeight(height);
      scheduleCommit(sim);
    }
    long next = state.nextDepositIndex();
    DepositFollowing.Plan plan = DepositFollowing.plan(next, sim.fetchDeposits(next, DEPOSIT_PAGE));
    try {
      if (DepositFollowing.apply(state, plan) > 0) {
        scheduleCommit(sim);
      }
    } catch (ProtocolException e) {
      throw new AssertionError("deposits refused at " + address + ": " + e.getMessage(), e);
    }
  }

  // ---- cross-shard credits ------------------------------------------------------------------

  /** Sends the next batch of pending credits for {@code dest}, read from the durable outbox at the cursor, sealed. */
  private void sendCredits(int dest, Simulation sim) {
    List<CrossShardCredit> pendingCredits = storage.outbox(dest, creditCursor[dest], ShardRequests.MAX_CREDITS);
    if (pendingCredits.isEmpty()) {
      return;
    }
    ShardRequests.SealedCredits sealed = requests.seal(dest, pendingCredits);
    sim.sendToSibling(address, Address.shard(authority, dest),
        new SimMessage.SealedCredits(sealed.dest(), sealed.credits(), sealed.seal()));
  }

  private void onCredits(Address from, SimMessage.SealedCredits message, Simulation sim) {
    ShardRequests.CheckedCredits checked;
    try {
      checked = requests.credits(message.credits(), message.seal());
    } catch (ProtocolException e) {
      sim.creditsRefused(from, address, e.error());
      queue(from, sim, refusal(e.error(), -1), null);
      return;
    }
    sim.invariants.creditsAccepted(from, address, message);
    try {
      long next = ShardRequests.applyCredits(state, checked);
      queue(from, sim, answer(new SimMessage.CreditAck(config.shard(), next)), null);
    } catch (ProtocolException e) {
      // Those before the refused one stay applied; the sender sends again from its cursor.
      queue(from, sim, refusal(e.error(), -1), null);
    }
  }

  /** The answer to this shard's own batch, on the connection it was sent on: only a sibling's counts. */
  private void onCreditAck(Address from, SimMessage.CreditAck ack, Simulation sim) {
    int dest = ack.dest();
    if (from.kind() != Address.Kind.SHARD || from.index() != authority || from.shard() != dest || dest == config.shard()) {
      return;
    }
    state.acknowledgeCredits(dest, ack.nextIndex());
    scheduleCommit(sim);
    if (ack.nextIndex() > creditCursor[dest]) {
      creditCursor[dest] = ack.nextIndex();
      sendCredits(dest, sim);
    }
  }

  // ---- catching up from peers ---------------------------------------------------------------

  private void pollPeers(Simulation sim) {
    for (int m = 0; m < peers.length; m++) {
      if (m == member) {
        continue;
      }
      Peer peer = peers[m];
      if (peer.requestId >= 0 && sim.now - peer.sentAt > CATCH_UP_TIMEOUT_MILLIS) {
        peer.requestId = -1;
      }
      if (peer.requestId < 0 && sim.now >= peer.nextPollAt) {
        askPeer(m, sim);
      }
    }
  }

  private void askPeer(int m, Simulation sim) {
    Peer peer = peers[m];
    peer.requestId = sim.nextRequestId();
    peer.from = state.peerCursor(m);
    peer.sentAt = sim.now;
    sim.send(address, sim.memberShard(m, config.shard()), new SimMessage.LogRequest(peer.requestId, peer.from, CatchUp.PAGE));
  }

  private void onLogReply(Address from, SimMessage.LogReply reply, Simulation sim) {
    if (from.kind() != Address.Kind.SHARD) {
      return;
    }
    int m = sim.memberOf(from.index());
    Peer peer = peers[m];
    if (m == member || peer.requestId != reply.requestId()) {
      return; // not the answer to the request under way (late, or not asked for)
    }
    peer.requestId = -1;
    peer.nextPollAt = sim.now + CATCH_UP_POLL_MILLIS + sim.random.nextInt(CATCH_UP_POLL_MILLIS / 2);
    CatchUp.Page page;
    try {
      page = CatchUp.page(m, peer.from, CatchUp.PAGE, reply.certificates(), reply.total());
    } catch (ProtocolException e) {
      sim.pageRefused(from, address, e.error());
      return;
    }
    List<Certificate> missing = CatchUp.missing(state, page);
    List<VerifiedCertificate> verified = CatchUp.verify(requests, missing);
    long before = state.peerCursor(m);
    int applied = CatchUp.apply(state, page, verified);
    if (applied > 0) {
      for (VerifiedCertificate certificate : verified) {
        if (state.isApplied(certificate.certificate().key())) {
          sim.invariants.appliedByHonest(certificate.certificate(), ConfirmationOutcome.APPLIED);
        }
      }
      sim.caughtUp(address, applied);
    }
    if (state.peerCursor(m) != before) {
      scheduleCommit(sim);
    }
    // More to read and this page moved the cursor: ask again at once. A peer whose pages do not move
    // the cursor (it lies, or this shard cannot settle an entry yet) waits for the next poll.
    if (page.more() && state.peerCursor(m) > before) {
      askPeer(m, sim);
    }
  }

  // ---- group commit -------------------------------------------------------------------------

  private record Answer(SimMessage message, Vote vote) {}

  @FunctionalInterface
  private interface Step {
    Answer run() throws ProtocolException;
  }

  private Supplier<SimMessage> answer(SimMessage message) {
    return () -> message;
  }

  private Supplier<SimMessage> refusal(ProtocolError error, long request) {
    SimMessage refusal = new SimMessage.Refusal(request, authority, error);
    return () -> refusal;
  }

  /** Checks and applies a request now; its answer (or typed refusal) leaves at the next commit. */
  private void reply(Address to, Simulation sim, long request, Step step) {
    try {
      Answer answer = step.run();
      queue(to, sim, answer(answer.message()), answer.vote());
    } catch (ProtocolException e) {
      queue(to, sim, refusal(e.error(), request), null);
    }
  }

  private void queue(Address to, Simulation sim, Supplier<SimMessage> message, Vote vote) {
    pending.add(new Reply(to, message, vote));
    scheduleCommit(sim);
  }

  private void scheduleCommit(Simulation sim) {
    if (!commitScheduled) {
      commitScheduled = true;
      sim.timer(address, COMMIT_DELAY_MILLIS, new SimMessage.Commit(generation));
    }
  }

  /** The group commit: the data, then the signing record, then the replies. */
  private void commit(Simulation sim) {
    commitScheduled = false;
    ShardWrites writes = state.takeWrites();
    storage.write(writes);
    if (!writes.isEmpty()) {
      if (sim.crashesBetweenDataAndRecord(authority)) {
        return; // this shard is down now: the record and the replies are lost
      }
      signingRecord.record(writes.progress().orElseThrow().commits(), writes.signed());
    }
    List<Reply> replies = new ArrayList<>(pending);
    pending.clear();
    for (Reply reply : replies) {
      if (reply.vote() != null) {
        sim.invariants.voteSent(authority, reply.vote());
      }
      sim.send(address, reply.to(), reply.message().get());
    }
  }

  private void commit(ShardState shard) {
    ShardWrites writes = shard.takeWrites();
    storage.write(writes);
    if (!writes.isEmpty()) {
      signingRecord.record(writes.progress().orElseThrow().commits(), writes.signed());
    }
  }
}
