package io.quorumpay.sim;

import io.quorumpay.core.authority.InMemoryShardStorage;
import io.quorumpay.core.authority.ShardConfig;
import io.quorumpay.core.authority.ShardState;
import io.quorumpay.core.authority.ShardState.ConfirmationOutcome;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.AccountInfoRequest;
import io.quorumpay.core.messages.AccountInfoResponse;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.CrossShardCredit;
import io.quorumpay.core.messages.OwnVotes;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.SignedTransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.messages.VerifiedOrder;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.SequenceNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An honest shard in the simulation: the real {@link ShardState} behind the same checks as the
 * production edge, with group commit. Requests are applied as they arrive; their replies leave
 * only at the next {@link SimMessage.Commit}, after the writes reached {@link InMemoryShardStorage}.
 * A crash before that loses both, as in production.
 */
final class SimShard {
  static final int COMMIT_DELAY_MILLIS = 2;

  final ShardConfig config;
  final Address address;
  final InMemoryShardStorage storage;
  ShardState state;
  /** Like production's, lost in a crash: a table of recent own votes only saves work. */
  private OwnVotes ownVotes;
  private final List<Reply> pending = new ArrayList<>();
  private boolean commitScheduled;
  private int generation;

  private record Reply(Address to, Supplier<SimMessage> message) {}

  SimShard(ShardConfig config, int authority) {
    this.config = config;
    this.address = Address.shard(authority, config.shard());
    this.storage = new InMemoryShardStorage(config.shardCount());
    this.state = ShardState.create(config);
    this.ownVotes = new OwnVotes(config.authorityKey());
  }

  boolean up() {
    return state != null;
  }

  /** A crash: everything not yet written is gone. */
  int generation() {
    return generation;
  }

  void crash() {
    generation++;
    state = null;
    pending.clear();
    commitScheduled = false;
  }

  void restart() {
    state = storage.load(config);
    ownVotes = new OwnVotes(config.authorityKey());
  }

  void handle(Address from, SimMessage message, Simulation sim) {
    int authority = address.index();
    switch (message) {
      case SimMessage.Order order -> reply(from, sim, true, () -> {
        SignedTransferOrder signed = SignedTransferOrder.decode(order.signedOrder());
        config.checkOwns(signed.order().sender());
        Vote vote = state.handleTransferOrder(VerifiedOrder.check(signed, config.committee().network(), ownVotes));
        return new SimMessage.Vote(authority, vote.encode());
      });
      case SimMessage.Confirm confirm -> reply(from, sim, false, () -> {
        Certificate certificate = Certificate.decode(confirm.certificate());
        config.checkOwns(certificate.order().sender());
        VerifiedCertificate verified = VerifiedCertificate.check(certificate, config.committee(), ownVotes);
        ConfirmationOutcome outcome = state.handleConfirmation(verified);
        sim.invariants.appliedByHonest(certificate, outcome);
        return new SimMessage.ConfirmAck(authority, certificate.key());
      });
      case SimMessage.Info info -> {
        // A read: answered from what is durable once this batch commits, like production.
        queue(from, sim, () -> {
          try {
            AccountInfoResponse response = state.accountInfo(new AccountInfoRequest(info.account(),
                info.certificateAt() < 0 ? Optional.empty() : Optional.of(new SequenceNumber(info.certificateAt())),
                info.receivedFrom(), 50), storage);
            return new SimMessage.InfoReply(authority, info.account(), info.receivedFrom(),
                response.received().stream().map(Certificate::encode).toList(), response.receivedTotal(),
                response.requestedCertificate().map(Certificate::encode).orElse(null), response.nextSequenceNumber().value());
          } catch (ProtocolException e) {
            return new SimMessage.Refusal(authority, e.error().code(), false);
          }
        });
      }
      case SimMessage.Credit credit -> reply(from, sim, false, () -> {
        CrossShardCredit decoded = CrossShardCredit.decode(credit.credit());
        state.handleCrossShardCredit(decoded.sourceShard(), decoded.destShard(), decoded.index(),
            VerifiedCertificate.check(decoded.certificate(), config.committee(), ownVotes));
        return new SimMessage.CreditAck(config.shard(), state.nextCreditIndex(decoded.sourceShard()));
      });
      case SimMessage.CreditAck ack -> {
        state.acknowledgeCredits(ack.dest(), ack.nextIndex());
        scheduleCommit(sim);
      }
      case SimMessage.Tick tick when tick.generation() != generation -> { }
      case SimMessage.Tick tick -> {
        followPrimary(sim);
        for (int dest = 0; dest < config.shardCount(); dest++) {
          for (CrossShardCredit credit : storage.outbox(dest, 0, 16)) {
            sim.send(address, Address.shard(authority, dest), new SimMessage.Credit(credit.encode()));
          }
        }
        sim.timer(address, 20 + sim.random.nextInt(20), generation);
      }
      case SimMessage.Commit commit -> commit(sim);
      case SimMessage.Vote v -> sim.trace("unexpected vote at " + address);
      case SimMessage.Refusal r -> { }
      case SimMessage.ConfirmAck a -> { }
      case SimMessage.InfoReply r -> { }
    }
  }

  private void followPrimary(Simulation sim) {
    for (PrimaryDeposit deposit : sim.confirmedDeposits(state.nextDepositIndex(), 20)) {
      try {
        state.handleDeposit(deposit);
      } catch (ProtocolException e) {
        throw new AssertionError("deposit " + deposit.index() + " refused at " + address + ": " + e.getMessage());
      }
    }
    scheduleCommit(sim);
  }

  @FunctionalInterface
  private interface Step {
    SimMessage run() throws ProtocolException;
  }

  /** Applies a request now; its answer (or typed refusal) leaves at the next commit. */
  private void reply(Address to, Simulation sim, boolean order, Step step) {
    SimMessage answer;
    try {
      answer = step.run();
    } catch (ProtocolException e) {
      answer = new SimMessage.Refusal(address.index(), e.error().code(), order);
    }
    SimMessage fixed = answer;
    queue(to, sim, () -> fixed);
  }

  private void queue(Address to, Simulation sim, Supplier<SimMessage> message) {
    pending.add(new Reply(to, message));
    scheduleCommit(sim);
  }

  private void scheduleCommit(Simulation sim) {
    if (!commitScheduled) {
      commitScheduled = true;
      sim.timer(address, COMMIT_DELAY_MILLIS, new SimMessage.Commit());
    }
  }

  private void commit(Simulation sim) {
    commitScheduled = false;
    storage.write(state.takeWrites());
    List<Reply> replies = new ArrayList<>(pending);
    pending.clear();
    for (Reply reply : replies) {
      sim.send(address, reply.to(), reply.message().get());
    }
  }

}
