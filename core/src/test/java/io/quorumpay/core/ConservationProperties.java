package io.quorumpay.core;

import static io.quorumpay.core.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.core.authority.AccountState;
import io.quorumpay.core.authority.InMemoryCertificateLog;
import io.quorumpay.core.authority.ShardAssignment;
import io.quorumpay.core.authority.ShardConfig;
import io.quorumpay.core.authority.ShardState.ConfirmationOutcome;
import io.quorumpay.core.authority.ShardState.CreditOutcome;
import io.quorumpay.core.authority.ShardState;
import io.quorumpay.core.authority.ShardWrites;
import io.quorumpay.core.client.ClientState;
import io.quorumpay.core.client.VoteCollector;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.CrossShardCredit;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.messages.OrderKey;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.messages.VerifiedOrder;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.primary.PrimaryContract;
import io.quorumpay.core.primary.RedeemReceipt;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random interleavings of deposits, orders (conflicting ones included), votes, certificates,
 * confirmations, cross-shard credits and redeems, with duplicates and reorderings, over a committee
 * of four authorities with two shards each, all in memory. After every step and after a final
 * sync, money is conserved, no two certificates share a (sender, sequence number), refusals and
 * replays change nothing, and authorities that applied the same certificates agree.
 */
class ConservationProperties {
  static final int SHARDS = 2;
  static final List<KeyPair> USERS = List.of(key(1), key(2), key(3), key(4), key(5));
  static final List<AssetId> ASSETS = List.of(QPC, USD);
  static final PrimaryAddress FUNDER = address(1);
  static final PrimaryAddress PAYOUT = address(2);

  static PrimaryAddress address(int n) {
    byte[] bytes = new byte[20];
    bytes[0] = (byte) n;
    return new PrimaryAddress(Bytes.copyOf(bytes));
  }

  /** One step of the random schedule; the ints pick users, authorities and pool entries modulo their size. */
  sealed interface Step {}

  record Deposit(int user, int asset, int amount) implements Step {}

  /** Delivers to the authorities in {@code authorities} (a bit mask): all pending deposits (offset 0), a duplicate (-1) or a gap (+1). */
  record DeliverDeposit(int authorities, int offset) implements Step {}

  /** A user signs an order at its next sequence number; with {@code equivocate}, even while another is uncertified there. */
  record Sign(int user, int recipient, int asset, int amount, int kind) implements Step {
    boolean redeem() {
      return kind % 8 == 0;
    }

    boolean equivocate() {
      return kind % 8 == 1;
    }
  }

  /** Sends one of the latest orders to the authorities in a bit mask. */
  record SendOrder(int order, int authorities) implements Step {}

  /** Sends one of the latest certificates (or an older one, a replay) to the authorities in a bit mask. */
  record Confirm(int certificate, int authorities) implements Step {}

  record DeliverCredit(int authority, int source, int pick) implements Step {}

  record Redeem(int certificate) implements Step {}

  /** Schedules per run; a failure names its seed, and {@code -Dqp.conservation.seed=S} starts the seeds at S. */
  static final int RUNS = 300;

  /** A random schedule from {@code seed}: 40 to 250 steps, each kind with its weight. */
  static List<Step> schedule(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int length = 40 + random.nextInt(211);
    List<Step> steps = new ArrayList<>(length);
    int[] offsets = {0, 0, 0, 0, 0, -1, 1};
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(29); // weights 2, 6, 3, 8, 5, 4, 1
      steps.add(kind < 2 ? new Deposit(any(random), any(random), 1 + random.nextInt(200))
          : kind < 8 ? new DeliverDeposit(mask(random), offsets[random.nextInt(offsets.length)])
          : kind < 11 ? new Sign(any(random), any(random), any(random), 1 + random.nextInt(40), any(random))
          : kind < 19 ? new SendOrder(any(random), mask(random))
          : kind < 24 ? new Confirm(any(random), mask(random))
          : kind < 28 ? new DeliverCredit(any(random), any(random), any(random))
          : new Redeem(any(random)));
    }
    return steps;
  }

  private static int any(SplittableRandom random) {
    return random.nextInt(1001);
  }

  private static int mask(SplittableRandom random) {
    return 1 + random.nextInt(15);
  }

  /** Runs a schedule and checks every invariant after each step and after a final sync. */
  static Network run(List<Step> schedule) throws ProtocolException {
    Network network = new Network();
    for (Step step : schedule) {
      network.run(step);
      network.checkInvariants();
    }
    network.syncEverything();
    network.checkInvariants();
    network.checkConverged();
    return network;
  }

  @Test
  void moneyIsConservedAndNothingIsCertifiedTwice() {
    long first = Long.getLong("qp.conservation.seed", 1);
    Map<String, Integer> seen = new TreeMap<>();
    for (long seed = first; seed < first + RUNS; seed++) {
      List<Step> schedule = schedule(seed);
      Network network;
      try {
        network = run(schedule);
      } catch (ProtocolException | RuntimeException | AssertionError e) {
        List<Step> shortest = shortestFailingPrefix(schedule);
        throw new AssertionError("seed " + seed + " breaks an invariant (replay: -Dqp.conservation.seed=" + seed
            + "); shortest failing prefix, " + shortest.size() + " steps: " + shortest, e);
      }
      count(seen, "runs with 5+ certificates", network.certificates.size() >= 5);
      count(seen, "runs with a cross-shard payment", network.crossShardCertificates() > 0);
      count(seen, "runs with a redeem paid", !network.paidRedeems.isEmpty());
      count(seen, "runs with conflicting orders signed", network.conflictingOrdersSigned() > 0);
      count(seen, "runs with a refusal", !network.refusals.isEmpty());
    }
    // The schedules must reach what they are meant to test, or the invariants prove little.
    assertThat(seen).allSatisfy((what, runs) -> assertThat(runs).as(what).isGreaterThan(RUNS / 10));
    assertThat(seen).hasSize(5);
  }

  private static void count(Map<String, Integer> seen, String what, boolean happened) {
    seen.merge(what, happened ? 1 : 0, Integer::sum);
  }

  /** Shrinks a failing schedule by halving: the shortest prefix found that still fails. */
  static List<Step> shortestFailingPrefix(List<Step> schedule) {
    List<Step> shortest = schedule;
    for (int length = schedule.size() / 2; length > 0; length /= 2) {
      List<Step> prefix = schedule.subList(0, length);
      try {
        run(prefix);
        break;
      } catch (ProtocolException | RuntimeException | AssertionError stillFails) {
        shortest = prefix;
      }
    }
    return List.copyOf(shortest);
  }

  /** Four authorities of two shards each, a primary contract, and the pools of what clients made. */
  static final class Network {
    final ShardAssignment assignment = new ShardAssignment(SHARDS);
    final List<List<ShardState>> authorities = new ArrayList<>();
    final List<List<InMemoryCertificateLog>> logs = new ArrayList<>();
    final PrimaryContract primary = new PrimaryContract(COMMITTEE);
    final List<SignedOrder<TransferOrder>> orders = new ArrayList<>();
    final Map<TransferOrder, VoteCollector> collectors = new HashMap<>();
    final List<Certificate> certificates = new ArrayList<>();
    final Map<OrderKey, Set<Order>> certifiedOrders = new HashMap<>();
    final Map<AccountId, ClientState> clients = new HashMap<>();
    final Set<OrderKey> paidRedeems = new HashSet<>();
    final Map<String, Integer> refusals = new TreeMap<>();

    Network() {
      for (KeyPair user : USERS) {
        clients.put(account(user), ClientState.create(COMMITTEE, user));
      }
      for (int a = 0; a < AUTHORITY_KEYS.size(); a++) {
        List<ShardState> shards = new ArrayList<>();
        List<InMemoryCertificateLog> shardLogs = new ArrayList<>();
        for (int s = 0; s < SHARDS; s++) {
          shards.add(ShardState.create(new ShardConfig(COMMITTEE, AUTHORITY_KEYS.get(a), s, SHARDS)));
          shardLogs.add(new InMemoryCertificateLog());
        }
        authorities.add(shards);
        logs.add(shardLogs);
      }
    }

    long crossShardCertificates() {
      return certificates.stream().filter(c -> c.order() instanceof TransferOrder t && t.recipient() instanceof Recipient.Account r
          && assignment.shardOf(r.id()) != assignment.shardOf(c.order().home())).count();
    }

    long conflictingOrdersSigned() {
      return orders.stream().map(o -> o.order().key()).distinct().count() < orders.size() ? 1 : 0;
    }

    ShardState shardOf(int authority, AccountId account) {
      return authorities.get(authority).get(assignment.shardOf(account));
    }

    void run(Step step) throws ProtocolException {
      switch (step) {
        case Deposit d -> {
          PrimaryDeposit deposit = primary.deposit(FUNDER, account(USERS.get(d.user() % USERS.size())),
              ASSETS.get(d.asset() % ASSETS.size()), new Amount(d.amount()));
          clients.get(deposit.recipient()).recordDeposit(deposit);
        }
        case DeliverDeposit d -> {
          for (int a : authorities(d.authorities())) {
            deliverDeposit(a, d.offset());
          }
        }
        case Sign s -> sign(s);
        case SendOrder s -> {
          // Clients keep retrying their pending orders; sometimes an old or conflicting one is (re)sent.
          // These clients sign transfers only.
          List<SignedOrder<TransferOrder>> pending = clients.values().stream().flatMap(c -> c.pendingOrder().stream())
              .map(o -> new SignedOrder<>((TransferOrder) o.order(), o.signature())).toList();
          if (!orders.isEmpty()) {
            SignedOrder<TransferOrder> order = s.order() % 4 != 0 && !pending.isEmpty()
                ? pending.get(s.order() % pending.size())
                : recent(orders, s.order());
            for (int a : authorities(s.authorities())) {
              sendOrder(order, a);
            }
          }
        }
        case Confirm c -> {
          if (!certificates.isEmpty()) {
            Certificate certificate = recent(certificates, c.certificate());
            for (int a : authorities(c.authorities())) {
              confirm(certificate, a);
            }
          }
        }
        case DeliverCredit d -> deliverCredit(d.authority() % AUTHORITY_KEYS.size(), d.source() % SHARDS, d.pick());
        case Redeem r -> {
          if (!certificates.isEmpty()) {
            redeem(certificates.get(r.certificate() % certificates.size()));
          }
        }
      }
    }

    /** Bit mask to authority numbers. */
    static List<Integer> authorities(int mask) {
      List<Integer> chosen = new ArrayList<>();
      for (int a = 0; a < AUTHORITY_KEYS.size(); a++) {
        if ((mask & (1 << a)) != 0) {
          chosen.add(a);
        }
      }
      return chosen;
    }

    /** Mostly one of the three latest entries; sometimes any (a late duplicate). */
    static <T> T recent(List<T> pool, int pick) {
      int back = pick % 10 < 8 ? pick % Math.min(3, pool.size()) : pick % pool.size();
      return pool.get(pool.size() - 1 - back);
    }

    /** Delivers every pending deposit (offset 0), or a duplicate (-1) or a gap (+1), to every shard of one authority. */
    void deliverDeposit(int authority, int offset) {
      for (ShardState shard : authorities.get(authority)) {
        long next = shard.progress().nextDepositIndex();
        List<PrimaryDeposit> deposits = offset == 0 ? primary.deposits(next, Integer.MAX_VALUE)
            : next + offset < 0 ? List.of() : primary.deposits(next + offset, 1);
        for (PrimaryDeposit deposit : deposits) {
          expectOutcome(shard, offset == 0, () -> shard.handleDeposit(deposit));
          record(authority, shard.takeWrites());
        }
      }
    }

    /**
     * The user's client signs its next order, for an amount its proven balance covers. With
     * {@code equivocate}, the user instead bypasses its client and signs a second, different order
     * at the pending sequence number: a Byzantine client that authorities must contain.
     */
    void sign(Sign s) {
      // Start from the chosen user and asset, and move on to the first that has money: most steps then do something.
      int u = s.user() % USERS.size();
      int k = s.asset() % ASSETS.size();
      for (int tries = 0; tries < USERS.size() * ASSETS.size()
          && clients.get(account(USERS.get(u))).balance(ASSETS.get(k)) <= 0; tries++) {
        k = (k + 1) % ASSETS.size();
        u = k == 0 ? (u + 1) % USERS.size() : u;
      }
      KeyPair user = USERS.get(u);
      ClientState client = clients.get(account(user));
      Recipient recipient = s.redeem()
          ? new Recipient.Primary(PAYOUT)
          : new Recipient.Account(account(USERS.get((u + 1 + s.recipient() % (USERS.size() - 1)) % USERS.size())));
      AssetId asset = ASSETS.get(k);
      long balance = client.balance(asset);
      if (client.pendingOrder().isPresent()) {
        if (s.equivocate()) {
          TransferOrder pending = (TransferOrder) client.pendingOrder().get().order();
          TransferOrder conflicting = new TransferOrder(NETWORK, pending.sender(), recipient, asset,
              new Amount(s.amount()), pending.sequenceNumber(), UserData.EMPTY);
          if (!conflicting.equals(pending)) {
            orders.add(SignedOrder.sign(conflicting, user));
          }
        }
        return;
      }
      if (balance <= 0) {
        return;
      }
      try {
        orders.add(client.prepareTransfer(recipient, asset, new Amount(1 + s.amount() % balance), UserData.EMPTY));
      } catch (ProtocolException e) {
        throw new AssertionError(e);
      }
    }

    void sendOrder(SignedOrder<TransferOrder> signed, int authority) throws ProtocolException {
      ShardState shard = shardOf(authority, signed.order().sender());
      Map<AccountId, AccountState> before = shard.accounts();
      Vote vote;
      try {
        vote = shard.handleOrder(VerifiedOrder.check(signed, NETWORK));
      } catch (ProtocolException refused) {
        refusals.merge(refused.error().code().name(), 1, Integer::sum);
        assertThat(shard.accounts()).isEqualTo(before);
        assertThat(shard.takeWrites().isEmpty()).isTrue();
        return;
      }
      record(authority, shard.takeWrites());
      VoteCollector collector = collectors.computeIfAbsent(signed.order(), o -> new VoteCollector(COMMITTEE, o));
      boolean hadCertificate = collector.certificate().isPresent();
      var certificate = collector.add(vote);
      if (certificate.isPresent() && !hadCertificate) {
        certificates.add(certificate.get());
        certifiedOrders.computeIfAbsent(certificate.get().key(), k -> new HashSet<>()).add(certificate.get().order());
        VerifiedCertificate verified = VerifiedCertificate.check(certificate.get(), COMMITTEE);
        clients.get(signed.order().sender()).recordSent(verified);
        if (signed.order().recipient() instanceof Recipient.Account recipient) {
          clients.get(recipient.id()).recordReceived(verified);
        }
      }
    }

    void confirm(Certificate certificate, int authority) throws ProtocolException {
      ShardState shard = shardOf(authority, certificate.order().home());
      VerifiedCertificate verified = VerifiedCertificate.check(certificate, COMMITTEE);
      long next = shard.account(certificate.order().home()).nextSequenceNumber().value();
      long sequence = certificate.order().key().sequenceNumber().value();
      expectOutcome(shard, sequence == next, () -> {
        ConfirmationOutcome outcome = shard.handleConfirmation(verified);
        assertThat(outcome).isEqualTo(sequence < next ? ConfirmationOutcome.ALREADY_APPLIED : ConfirmationOutcome.APPLIED);
      });
      record(authority, shard.takeWrites());
    }

    /** Delivers one pending credit from {@code source} (possibly a redelivery), acknowledging when applied. */
    void deliverCredit(int authority, int source, int pick) throws ProtocolException {
      ShardState from = authorities.get(authority).get(source);
      int dest = (source + 1) % SHARDS;
      List<CrossShardCredit> pending = from.pendingCredits(dest);
      if (pending.isEmpty()) {
        return;
      }
      CrossShardCredit credit = pending.get(pick % pending.size());
      ShardState to = authorities.get(authority).get(dest);
      long expected = to.progress().nextInboxIndex().get(source);
      VerifiedCertificate verified = VerifiedCertificate.check(credit.certificate(), COMMITTEE);
      expectOutcome(to, credit.index() == expected, () -> {
        CreditOutcome outcome = to.handleCrossShardCredit(credit.sourceShard(), credit.destShard(), credit.index(), verified);
        assertThat(outcome).isEqualTo(credit.index() < expected ? CreditOutcome.ALREADY_APPLIED : CreditOutcome.APPLIED);
      });
      record(authority, to.takeWrites());
      from.acknowledgeCredits(dest, to.progress().nextInboxIndex().get(source));
      record(authority, from.takeWrites());
    }

    void redeem(Certificate certificate) {
      long before = primary.funds().values().stream().mapToLong(Long::longValue).sum();
      try {
        RedeemReceipt receipt = primary.redeem(certificate);
        assertThat(paidRedeems.add(receipt.key())).as("redeem %s paid twice", receipt.key()).isTrue();
      } catch (ProtocolException refused) {
        assertThat(primary.funds().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(before);
      }
    }

    /** Runs {@code step}; if it must change state it must succeed, otherwise it must change nothing. */
    void expectOutcome(ShardState shard, boolean changes, ProtocolErrors.Step step) {
      Map<AccountId, AccountState> before = shard.accounts();
      var progress = shard.progress();
      try {
        step.run();
      } catch (ProtocolException refused) {
        assertThat(changes).as("refused: %s", refused.getMessage()).isFalse();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      if (!changes) {
        assertThat(shard.accounts()).isEqualTo(before);
        assertThat(shard.progress()).isEqualTo(progress);
        assertThat(shard.takeWrites().isEmpty()).isTrue();
      }
    }

    void record(int authority, ShardWrites writes) {
      // Each shard's log only ever receives its own writes: the router in a real authority.
      for (int s = 0; s < SHARDS; s++) {
        int shard = s;
        boolean mine = writes.applied().stream().allMatch(c -> assignment.shardOf(c.order().home()) == shard)
            && writes.received().stream().allMatch(r -> assignment.shardOf(r.recipient()) == shard);
        if (mine) {
          logs.get(authority).get(s).record(writes);
          return;
        }
      }
      throw new AssertionError("writes mixed shards");
    }

    /** Delivers everything to everyone, in order, until nothing changes. */
    void syncEverything() throws ProtocolException {
      List<Certificate> ordered = new ArrayList<>(certificates);
      ordered.sort(Comparator.comparing((Certificate c) -> c.order().home()).thenComparing(c -> c.order().key().sequenceNumber()));
      for (int a = 0; a < AUTHORITY_KEYS.size(); a++) {
        for (ShardState shard : authorities.get(a)) {
          for (PrimaryDeposit deposit : primary.deposits(shard.progress().nextDepositIndex(), Integer.MAX_VALUE)) {
            shard.handleDeposit(deposit);
          }
          shard.takeWrites();
        }
        for (Certificate certificate : ordered) {
          ShardState shard = shardOf(a, certificate.order().home());
          shard.handleConfirmation(VerifiedCertificate.check(certificate, COMMITTEE));
          record(a, shard.takeWrites());
        }
        for (int source = 0; source < SHARDS; source++) {
          ShardState from = authorities.get(a).get(source);
          for (int dest = 0; dest < SHARDS; dest++) {
            if (dest == source) {
              continue;
            }
            ShardState to = authorities.get(a).get(dest);
            for (CrossShardCredit credit : from.pendingCredits(dest)) {
              to.handleCrossShardCredit(credit.sourceShard(), credit.destShard(), credit.index(),
                  VerifiedCertificate.check(credit.certificate(), COMMITTEE));
              record(a, to.takeWrites());
            }
            from.acknowledgeCredits(dest, to.progress().nextInboxIndex().get(source));
            from.takeWrites();
          }
        }
      }
    }

    void checkInvariants() {
      for (Map.Entry<OrderKey, Set<Order>> entry : certifiedOrders.entrySet()) {
        assertThat(entry.getValue()).as("certificates at %s", entry.getKey()).hasSize(1);
      }
      for (int a = 0; a < AUTHORITY_KEYS.size(); a++) {
        for (AssetId asset : ASSETS) {
          long balances = 0;
          long redeemed = 0;
          long deposited = 0;
          long inFlight = 0;
          for (ShardState shard : authorities.get(a)) {
            balances += shard.accounts().values().stream().mapToLong(s -> s.balance(asset)).sum();
            redeemed += shard.progress().redeemed().getOrDefault(asset, 0L);
            deposited += shard.progress().deposited().getOrDefault(asset, 0L);
            for (int dest = 0; dest < SHARDS; dest++) {
              long applied = authorities.get(a).get(dest).progress().nextInboxIndex().get(shard.config().shard());
              inFlight += shard.pendingCredits(dest).stream()
                  .filter(c -> c.index() >= applied && ((TransferOrder) c.certificate().order()).asset().equals(asset))
                  .mapToLong(c -> ((TransferOrder) c.certificate().order()).amount().units()).sum();
            }
          }
          assertThat(balances + inFlight + redeemed).as("authority %d, %s: balances + in flight + redeemed", a, asset)
              .isEqualTo(deposited);
        }
      }
      for (AssetId asset : ASSETS) {
        long deposited = primary.deposits(0, Integer.MAX_VALUE).stream().filter(d -> d.asset().equals(asset))
            .mapToLong(d -> d.amount().units()).sum();
        assertThat(primary.funds().getOrDefault(asset, 0L) + primary.redeemed().getOrDefault(asset, 0L)).isEqualTo(deposited);
      }
    }

    void checkConverged() {
      TreeMap<AccountId, String> reference = null;
      for (int a = 0; a < AUTHORITY_KEYS.size(); a++) {
        TreeMap<AccountId, String> view = new TreeMap<>();
        long redeemed = 0;
        for (ShardState shard : authorities.get(a)) {
          assertThat(shard.progress().nextDepositIndex()).isEqualTo(primary.depositCount());
          for (int dest = 0; dest < SHARDS; dest++) {
            assertThat(shard.pendingCredits(dest)).isEmpty();
          }
          shard.accounts().forEach((id, state) -> {
            if (!state.balances().values().stream().allMatch(b -> b == 0) || state.nextSequenceNumber().value() > 0) {
              view.put(id, state.balances().entrySet().stream().filter(e -> e.getValue() != 0).toList()
                  + " next=" + state.nextSequenceNumber() + " received=" + state.receivedCount());
            }
            assertThat(state.balances().values()).as("after sync no balance is negative").allMatch(b -> b >= 0);
          });
          redeemed += shard.progress().redeemed().values().stream().mapToLong(Long::longValue).sum();
        }
        long paid = primary.redeemed().values().stream().mapToLong(Long::longValue).sum();
        assertThat(paid).as("the primary never pays more than the committee certified").isLessThanOrEqualTo(redeemed);
        if (reference == null) {
          reference = view;
        } else {
          assertThat(view).as("authority %d agrees with authority 0", a).isEqualTo(reference);
        }
      }
      // Each client's proven balance is what every authority reports.
      for (int a = 0; a < AUTHORITY_KEYS.size(); a++) {
        for (ClientState client : clients.values()) {
          AccountState state = shardOf(a, client.account()).account(client.account());
          for (AssetId asset : ASSETS) {
            assertThat(state.balance(asset)).as("authority %d, %s of %s", a, asset, client.account()).isEqualTo(client.balance(asset));
          }
          assertThat(state.nextSequenceNumber()).isEqualTo(client.nextSequenceNumber());
        }
      }
      // Every applied certificate is in the sender shard's log, at its sequence number.
      for (Certificate certificate : certificates) {
        for (int a = 0; a < AUTHORITY_KEYS.size(); a++) {
          assertThat(logs.get(a).get(assignment.shardOf(certificate.order().home())).applied(certificate.key()))
              .contains(certificate);
        }
      }
    }
  }
}
