package io.quorumpay.sim;

import io.quorumpay.core.authority.ShardProgress;
import io.quorumpay.core.authority.ShardState;
import io.quorumpay.core.authority.ShardState.ConfirmationOutcome;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.messages.ChannelClaim;
import io.quorumpay.core.messages.ChannelFund;
import io.quorumpay.core.messages.ChannelOpen;
import io.quorumpay.core.messages.ChannelRefund;
import io.quorumpay.core.messages.PaymentAuthorization;
import io.quorumpay.core.messages.VoteSignature;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.messages.CrossShardCredit;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.messages.OrderKey;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.AssetId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The properties the simulator checks after every step, and at the end. A violation throws with
 * what broke. Unlike the nodes, the invariants know which authority is Byzantine.
 */
final class Invariants {
  private final Committee committee;
  private final Map<OrderKey, Order> certified = new HashMap<>();
  private final Map<OrderKey, Order> signedByHonest = new HashMap<>();
  /** Per honest authority, the order of every vote it sent, by slot. */
  private final Map<Integer, Map<OrderKey, Order>> votesSent = new HashMap<>();
  private final Map<Integer, Set<OrderKey>> acknowledged = new TreeMap<>();
  private final Map<Integer, Long> credited = new TreeMap<>();
  /** Seals of the batches honest shards sent, per destination: the only ones an honest shard may accept from elsewhere. */
  private final Set<String> genuineBatches = new HashSet<>();
  private final Simulation sim;
  /** What each key authorised per channel slot: the highest cumulative amount it signed. */
  private record Authorised(ChannelId channel, long nonce, PublicKey key) {}

  private final Map<Authorised, Long> authorised = new HashMap<>();
  private final Map<ChannelId, ChannelOpen> opens = new HashMap<>();
  private record RefundVote(int authority, ChannelRefund refund) {}

  /** Every refund an honest authority voted for, having seen its channel expired. */
  private final Set<RefundVote> expiredRefundVotes = new HashSet<>();

  Invariants(Committee committee, Simulation sim) {
    this.committee = committee;
    this.sim = sim;
  }

  int certificates() {
    return certified.size();
  }

  /**
   * No two certificates for one slot: for a channel, no claim and refund, nor two claims, at one
   * nonce. A claim pays no more than its authorizer signed at that nonce, and its authorizer is the
   * channel's signer or sender; every honest authority that voted for a refund saw the channel expired.
   */
  void certified(Certificate certificate) {
    Order before = certified.putIfAbsent(certificate.key(), certificate.order());
    if (before != null && !before.equals(certificate.order())) {
      throw violation("two different certificates for " + certificate.key());
    }
    if (before != null) {
      return;
    }
    switch (certificate.order()) {
      case ChannelOpen open -> opens.put(open.channel(), open);
      case ChannelClaim claim -> {
        ChannelOpen open = opens.get(claim.channel());
        if (open == null || !claim.authorizer().equals(open.authorizer()) && !claim.authorizer().equals(open.sender().key())) {
          throw violation("claim " + claim.key() + " is authorised by " + claim.authorizer() + ", not the channel's signer or sender");
        }
        long signed = authorised.getOrDefault(new Authorised(claim.channel(), claim.nonce().value(), claim.authorizer()), 0L);
        if (claim.paid().units() > signed) {
          throw violation("claim " + claim.key() + " pays " + claim.paid() + " but its authorizer signed at most " + signed
              + " at that nonce");
        }
      }
      case ChannelRefund refund -> {
        for (VoteSignature vote : certificate.votes()) {
          int a = sim.authorityOfMember(committee.indexOf(vote.authority()));
          if (a != sim.faults.byzantineAuthority() && !expiredRefundVotes.contains(new RefundVote(a, refund))) {
            throw violation("honest authority " + a + " voted for refund " + refund.key() + " without seeing the channel expired");
          }
        }
      }
      case TransferOrder transfer -> { }
      case ChannelFund fund -> { }
    }
  }

  /** A buyer signed a payment authorization with {@code key}. */
  void authorised(PaymentAuthorization authorization, PublicKey key) {
    authorised.merge(new Authorised(authorization.channel(), authorization.nonce().value(), key), authorization.amount().units(),
        Math::max);
  }

  /**
   * Honest authority {@code a} voted for {@code refund}: its own observed primary height had reached
   * the channel's expiration as it knows it, and that height was one the chain had really reached.
   */
  void refundVoted(int a, ShardState shard, ChannelRefund refund) {
    if (expiredRefundVotes.contains(new RefundVote(a, refund))) {
      return; // its vote again (after a rebuild it may not have followed the chain yet): checked when first given
    }
    long expiration = shard.channel(refund.channel()).orElseThrow().expiration();
    if (shard.primaryHeight() < expiration || shard.primaryHeight() > sim.primaryHeight()) {
      throw violation("authority " + a + " voted for refund " + refund.key() + " at observed height " + shard.primaryHeight()
          + " (the chain's is " + sim.primaryHeight() + ") with the channel expiring at " + expiration);
    }
    expiredRefundVotes.add(new RefundVote(a, refund));
  }

  /** An honest client never signs two different orders for one sequence number. */
  void signedByHonest(Order order) {
    Order before = signedByHonest.putIfAbsent(order.key(), order);
    if (before != null && !before.equals(order)) {
      throw violation("an honest client signed two orders for " + order.key());
    }
  }

  /**
   * An honest authority never sends votes for two different orders at one (sender, sequence
   * number): not across crashes, restores from a backup, nor recoveries.
   */
  void voteSent(int authority, Vote vote) {
    if (authority == sim.faults.byzantineAuthority()) {
      return;
    }
    Order before = votesSent.computeIfAbsent(authority, a -> new HashMap<>()).putIfAbsent(vote.order().key(), vote.order());
    if (before != null && !before.equals(vote.order())) {
      throw violation("honest authority " + authority + " voted for two different orders at " + vote.order().key());
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

  /**
   * A client got an acknowledgement: from an honest authority, it must never be lost (unless the
   * operator restored an older backup since the authority sent it).
   */
  void acknowledged(int authority, OrderKey key, int recoveries) {
    if (authority != sim.faults.byzantineAuthority() && recoveries == sim.recoveriesOf(authority)) {
      acknowledged.computeIfAbsent(authority, a -> new TreeSet<>(
          Comparator.comparing((OrderKey k) -> k.owner().toString()).thenComparing(OrderKey::sequenceNumber))).add(key);
    }
  }

  /**
   * The operator restored an older copy of the authority's data, so it lost confirmations it had
   * acknowledged (it catches them up from its peers); from here on, what it acknowledges must stay.
   */
  void recovered(int authority) {
    acknowledged.remove(authority);
  }

  /** A batch an honest shard sealed for its sibling {@code to}. */
  void genuineBatch(Address to, SimMessage.SealedCredits batch) {
    if (sim.faults.byzantineAuthority() >= 0 && sim.faults.forgeCredits()) {
      genuineBatches.add(to + HexFormat.of().formatHex(batch.seal()));
    }
  }

  /**
   * An honest shard accepted a batch of credits (its seal checked): from anyone but a sibling, it
   * can only be a genuine batch replayed, never one another authority made.
   */
  void creditsAccepted(Address from, Address to, SimMessage.SealedCredits batch) {
    if (from.kind() == Address.Kind.SHARD && from.index() == to.index()) {
      return;
    }
    if (!genuineBatches.contains(to + HexFormat.of().formatHex(batch.seal()))) {
      throw violation(to + " accepted credits from " + from + " that no sibling sealed");
    }
    sim.foreignReplayAccepted();
  }

  /** Checks what must hold at every step. */
  void everyStep() {
    for (int a = 0; a < sim.authorityCount(); a++) {
      if (a == sim.faults.byzantineAuthority() || !sim.authorityUp(a)) {
        continue;
      }
      checkBooks(a);
      for (OrderKey key : acknowledged.getOrDefault(a, Set.of())) {
        if (!appliedAnywhere(a, key)) {
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

  /** Whether some shard of authority {@code a} applied the certificate at {@code key} (only its home shard can). */
  private boolean appliedAnywhere(int a, OrderKey key) {
    for (int s = 0; s < sim.shardCount(); s++) {
      if (sim.shard(a, s).isApplied(key)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The books of one honest authority against the primary. Per shard: what it counts as deposited
   * is exactly the primary's deposits before its deposit cursor whose recipient lives there. Per
   * asset over the authority: balances + channel values + credits in flight between its shards +
   * redeemed = deposited. Returns what is in flight.
   */
  long checkBooks(int authority) {
    long inFlight = 0;
    for (AssetId asset : SimClient.ASSETS) {
      inFlight += checkBooks(authority, asset);
    }
    return inFlight;
  }

  private long checkBooks(int authority, AssetId asset) {
    long balances = 0;
    long channels = 0;
    long redeemed = 0;
    long deposited = 0;
    long inFlight = 0;
    for (int s = 0; s < sim.shardCount(); s++) {
      ShardState shard = sim.shard(authority, s);
      ShardProgress progress = shard.progress();
      long shardDeposited = progress.deposited().getOrDefault(asset, 0L);
      long primaryDeposited = sim.depositedBefore(progress.nextDepositIndex(), s, asset);
      if (shardDeposited != primaryDeposited) {
        throw violation("authority " + authority + " shard " + s + " counts " + shardDeposited + " deposited, but the primary's"
            + " deposits before its cursor " + progress.nextDepositIndex() + " for its accounts are " + primaryDeposited);
      }
      for (var account : shard.accounts().values()) {
        balances += account.balance(asset);
      }
      channels += shard.channelValues().getOrDefault(asset, 0L);
      redeemed += progress.redeemed().getOrDefault(asset, 0L);
      deposited += shardDeposited;
      for (int dest = 0; dest < sim.shardCount(); dest++) {
        if (dest == s) {
          continue;
        }
        long applied = sim.shard(authority, dest).nextCreditIndex(s);
        for (CrossShardCredit credit : shard.pendingCredits(dest)) {
          if (credit.index() >= applied) {
            inFlight += switch (credit.certificate().order()) {
              case TransferOrder order when order.asset().equals(asset) -> order.amount().units();
              case ChannelClaim claim when claim.asset().equals(asset) -> claim.paid().units();
              default -> 0L; // another asset, or a kind that never travels between shards
            };
          }
        }
      }
    }
    if (balances + channels + inFlight + redeemed != deposited) {
      throw violation("authority " + authority + ": balances " + balances + " + channels " + channels + " + in flight "
          + inFlight + " + redeemed " + redeemed + " != deposited " + deposited + " (" + asset + ")");
    }
    return inFlight;
  }

  /**
   * Why the honest authorities have not converged yet, or null when they have: every one up, every
   * deposit applied, nothing in flight, every redeem the primary paid applied, all agreeing on every
   * account, and every honest client's balance what they hold.
   */
  String divergence() {
    Map<AccountId, String> reference = null;
    int referenceAuthority = -1;
    for (int a = 0; a < sim.authorityCount(); a++) {
      if (a == sim.faults.byzantineAuthority()) {
        continue;
      }
      if (!sim.authorityUp(a)) {
        return "authority " + a + " is down";
      }
      long inFlight = checkBooks(a);
      if (inFlight != 0) {
        return "authority " + a + " still has " + inFlight + " in flight between its shards";
      }
      for (int s = 0; s < sim.shardCount(); s++) {
        if (sim.shard(a, s).nextDepositIndex() != sim.depositCount()) {
          return "authority " + a + " shard " + s + " applied " + sim.shard(a, s).nextDepositIndex() + " of " + sim.depositCount()
              + " deposits";
        }
      }
      for (AssetId asset : SimClient.ASSETS) {
        long redeemed = 0;
        for (int s = 0; s < sim.shardCount(); s++) {
          redeemed += sim.shard(a, s).progress().redeemed().getOrDefault(asset, 0L);
        }
        if (redeemed < sim.primaryRedeemed(asset)) {
          return "the primary paid " + sim.primaryRedeemed(asset) + " " + asset + " in redeems but authority " + a + " applied "
              + redeemed;
        }
      }
      for (Certificate paid : sim.paidRedeems()) {
        if (!sim.shardState(a, paid.order().home()).isApplied(paid.key())) {
          return "the primary paid the redeem " + paid.key() + " that authority " + a + " has not applied";
        }
      }
      Map<AccountId, String> view = new TreeMap<>();
      for (SimClient client : sim.clients()) {
        var state = sim.shardState(a, client.account).account(client.account);
        view.put(client.account, withoutZeros(state.balances()) + "@" + state.nextSequenceNumber());
        if (!client.equivocator && !withoutZeros(state.balances()).equals(withoutZeros(client.balances()))) {
          return "client " + client.index + " shows " + client.balances() + " but authority " + a + " has "
              + state.balances() + " (client: next " + client.saved().nextSequenceNumber() + ", received "
              + client.saved().received().size() + ", deposits " + client.saved().deposits().size() + "; authority: next "
              + state.nextSequenceNumber() + ", received " + state.receivedCount() + ", deposits applied "
              + sim.shardState(a, client.account).nextDepositIndex() + ")";
        }
      }
      String channels = sim.channels().disagreement(a, sim);
      if (channels != null) {
        return channels;
      }
      if (reference == null) {
        reference = view;
        referenceAuthority = a;
      } else if (!reference.equals(view)) {
        return "authorities " + referenceAuthority + " and " + a + " disagree: " + reference + " vs " + view;
      }
    }
    return null;
  }

  private static Map<AssetId, Long> withoutZeros(Map<AssetId, Long> balances) {
    Map<AssetId, Long> nonZero = new TreeMap<>(balances);
    nonZero.values().removeIf(units -> units == 0);
    return nonZero;
  }

  /** At the end: the honest authorities have converged (see {@link #divergence}). */
  void converged() {
    String divergence = divergence();
    if (divergence != null) {
      throw violation("not converged: " + divergence);
    }
  }

  AssertionError violation(String what) {
    return sim.failure(what);
  }
}
