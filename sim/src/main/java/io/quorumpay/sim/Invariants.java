package io.quorumpay.sim;

import io.quorumpay.core.authority.ShardState;
import io.quorumpay.core.authority.ShardState.ConfirmationOutcome;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.CrossShardCredit;
import io.quorumpay.core.messages.OrderKey;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.AssetId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The properties the simulator checks after every step, and at the end. A violation throws with what broke. */
final class Invariants {
  private final Committee committee;
  private final Map<OrderKey, TransferOrder> certified = new HashMap<>();
  private final Map<OrderKey, TransferOrder> signedByHonest = new HashMap<>();
  private final Map<Integer, Set<OrderKey>> acknowledged = new TreeMap<>();
  private final Map<Integer, Long> credited = new TreeMap<>();
  private final Simulation sim;

  Invariants(Committee committee, Simulation sim) {
    this.committee = committee;
    this.sim = sim;
  }

  int certificates() {
    return certified.size();
  }

  /** No two certificates for one (sender, sequence number). */
  void certified(Certificate certificate) {
    TransferOrder before = certified.putIfAbsent(certificate.key(), certificate.order());
    if (before != null && !before.equals(certificate.order())) {
      throw violation("two different certificates for " + certificate.key());
    }
  }

  /** An honest client never signs two different orders for one sequence number. */
  void signedByHonest(TransferOrder order) {
    TransferOrder before = signedByHonest.putIfAbsent(order.key(), order);
    if (before != null && !before.equals(order)) {
      throw violation("an honest client signed two orders for " + order.key());
    }
  }

  /** An honest authority applies only certificates that verify. */
  void appliedByHonest(Certificate certificate, ConfirmationOutcome outcome) {
    try {
      VerifiedCertificate.check(certificate, committee);
    } catch (ProtocolException e) {
      throw violation("an honest authority applied an invalid certificate " + certificate.key() + ": " + e.getMessage());
    }
    certified(certificate);
  }

  /** A client got an acknowledgement: from an honest authority, it must never be lost. */
  void acknowledged(int authority, OrderKey key) {
    if (authority != sim.faults.byzantineAuthority()) {
      acknowledged.computeIfAbsent(authority, a -> new TreeSet<>((x, y) -> {
        int bySender = x.sender().compareTo(y.sender());
        return bySender != 0 ? bySender : x.sequenceNumber().compareTo(y.sequenceNumber());
      })).add(key);
    }
  }

  /** Checks what must hold at every step. */
  void everyStep() {
    for (int a = 0; a < sim.authorityCount(); a++) {
      if (a == sim.faults.byzantineAuthority() || !sim.authorityUp(a)) {
        continue;
      }
      checkBooks(a, true);
      for (OrderKey key : acknowledged.getOrDefault(a, Set.of())) {
        ShardState shard = sim.shardState(a, key.sender());
        if (shard.account(key.sender()).nextSequenceNumber().compareTo(key.sequenceNumber()) <= 0) {
          throw violation("authority " + a + " lost the acknowledged confirmation " + key);
        }
      }
    }
    for (SimClient client : sim.clients()) {
      long now = ClientBalances.credited(client.saved());
      long before = credited.getOrDefault(client.index, 0L);
      if (now < before) {
        throw violation("client " + client.index + "'s received credits went backwards: " + before + " -> " + now);
      }
      credited.put(client.index, now);
    }
  }

  /**
   * Per asset at one honest authority: balances + credits in flight between its shards + redeemed
   * = deposited. With {@code inFlightAllowed} false (after the final sync) nothing may be in flight.
   */
  void checkBooks(int authority, boolean inFlightAllowed) {
    for (AssetId asset : new AssetId[] {SimClient.QPC}) {
      long balances = 0;
      long redeemed = 0;
      long deposited = 0;
      long inFlight = 0;
      for (int s = 0; s < sim.shardCount(); s++) {
        ShardState shard = sim.shard(authority, s);
        balances += shard.accounts().values().stream().mapToLong(state -> state.balance(asset)).sum();
        redeemed += shard.progress().redeemed().getOrDefault(asset, 0L);
        deposited += shard.progress().deposited().getOrDefault(asset, 0L);
        for (int dest = 0; dest < sim.shardCount(); dest++) {
          if (dest == s) {
            continue;
          }
          long applied = sim.shard(authority, dest).nextCreditIndex(s);
          for (CrossShardCredit credit : shard.pendingCredits(dest)) {
            if (credit.index() >= applied && credit.certificate().order().asset().equals(asset)) {
              inFlight += credit.certificate().order().amount().units();
            }
          }
        }
      }
      if (balances + inFlight + redeemed != deposited) {
        throw violation("authority " + authority + ": balances " + balances + " + in flight " + inFlight + " + redeemed " + redeemed
            + " != deposited " + deposited);
      }
      if (!inFlightAllowed && inFlight != 0) {
        throw violation("authority " + authority + " still has " + inFlight + " in flight after the final sync");
      }
    }
  }

  /** After the liveness phase: honest authorities agree on every account, and with every honest client. */
  void converged() {
    Map<AccountId, String> reference = null;
    int referenceAuthority = -1;
    for (int a = 0; a < sim.authorityCount(); a++) {
      if (a == sim.faults.byzantineAuthority()) {
        continue;
      }
      checkBooks(a, false);
      Map<AccountId, String> view = new TreeMap<>();
      for (SimClient client : sim.clients()) {
        var state = sim.shardState(a, client.account).account(client.account);
        view.put(client.account, state.balance(SimClient.QPC) + "@" + state.nextSequenceNumber());
        if (!client.equivocator && state.balance(SimClient.QPC) != client.balance()) {
          throw violation("client " + client.index + " shows " + client.balance() + " but authority " + a + " has "
              + state.balance(SimClient.QPC) + " (client: next " + client.saved().nextSequenceNumber() + ", received "
              + client.saved().received().size() + ", deposits " + client.saved().deposits().size() + "; authority: next "
              + state.nextSequenceNumber() + ", received " + state.receivedCount() + ", deposits applied "
              + sim.shardState(a, client.account).nextDepositIndex() + ")");
        }
      }
      if (reference == null) {
        reference = view;
        referenceAuthority = a;
      } else if (!reference.equals(view)) {
        throw violation("authorities " + referenceAuthority + " and " + a + " disagree: " + reference + " vs " + view);
      }
    }
  }

  AssertionError violation(String what) {
    return sim.failure(what);
  }
}
