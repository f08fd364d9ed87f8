package io.quorumpay.sim;

import io.quorumpay.core.authority.ShardAssignment;
import io.quorumpay.core.authority.ShardConfig;
import io.quorumpay.core.authority.ShardState;
import io.quorumpay.core.client.VoteCollector;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.SignedTransferOrder;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.primary.PrimaryContract;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.PrimaryAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * One simulated run of the whole network, in one thread, from one seed: authorities with sharded
 * state machines and in-memory storage that loses unsynced writes, clients with their real state
 * machine, the primary contract, and a network that loses, duplicates, delays and reorders
 * messages and partitions, all drawn from a seeded random source. Nothing reads the wall clock.
 *
 * <p>A run has three phases: faults (the workload under the faults of this seed), calm (faults
 * stop, crashed nodes restart; every pending transfer must complete), and final sync (clients
 * broadcast what they hold; honest authorities must converge). Invariants are checked after every
 * event; a violation throws a {@link SimulationFailure} with the seed, the trace and a replay command.
 */
public final class Simulation {
  /** The shape of a run. */
  public record Settings(int authorities, int shards, int clients, long faultMillis, long calmMillis, long syncMillis) {
    public static Settings standard() {
      return new Settings(4, 2, 6, 2_500, 20_000, 3_000);
    }
  }

  /** What a run did. */
  public record Result(long seed, String faults, long events, int certificates, int redeems, String digest) {}

  private record Envelope(long at, long order, Address from, Address to, SimMessage message) {}

  private final long seed;
  private final Settings settings;
  final SplittableRandom random;
  final Faults faults;
  private Faults active;
  final Invariants invariants;
  private final Committee committee;
  private final ShardAssignment assignment;
  private final List<KeyPair> authorityKeys = new ArrayList<>();
  private final SimShard[][] shards;
  private final ByzantineShard[] byzantine;
  private final boolean[] authorityUp;
  /** When each crashed authority comes back (0: not scheduled). */
  private final long[] restartAt;
  private final List<SimClient> clients = new ArrayList<>();
  private final PrimaryContract primary;
  private final List<Long> depositVisibleAt = new ArrayList<>();
  private final List<VoteCollector> conflicts = new ArrayList<>();
  private final PriorityQueue<Envelope> queue = new PriorityQueue<>(
      Comparator.comparingLong(Envelope::at).thenComparingLong(Envelope::order));
  private final ArrayDeque<String> trace = new ArrayDeque<>();
  private final MessageDigest digest;
  private long sent;
  private long events;
  private int redeems;
  long now;
  private boolean workload = true;
  private boolean partitioned;
  private int partitionedAuthority = -1;

  private Simulation(long seed, Settings settings) {
    this.seed = seed;
    this.settings = settings;
    this.random = new SplittableRandom(seed);
    this.faults = Faults.draw(random, settings.authorities(), settings.clients());
    this.active = faults;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (int a = 0; a < settings.authorities(); a++) {
      authorityKeys.add(KeyPair.generate(random));
    }
    this.committee = Committee.equalWeights(NetworkId.named("sim"),
        authorityKeys.stream().map(k -> new AuthorityName(k.publicKey())).toList());
    this.assignment = new ShardAssignment(settings.shards());
    this.invariants = new Invariants(committee, this);
    this.primary = new PrimaryContract(committee);
    this.shards = new SimShard[settings.authorities()][settings.shards()];
    this.byzantine = new ByzantineShard[settings.authorities()];
    this.authorityUp = new boolean[settings.authorities()];
    this.restartAt = new long[settings.authorities()];
    for (int a = 0; a < settings.authorities(); a++) {
      authorityUp[a] = true;
      for (int s = 0; s < settings.shards(); s++) {
        shards[a][s] = new SimShard(new ShardConfig(committee, authorityKeys.get(a), s, settings.shards()), a);
      }
      if (a == faults.byzantineAuthority()) {
        byzantine[a] = new ByzantineShard(faults.byzantine(), authorityKeys.get(a), committee.network(), Address.shard(a, 0));
      }
    }
    for (int c = 0; c < settings.clients(); c++) {
      clients.add(new SimClient(c, KeyPair.generate(random), committee, c == faults.equivocatingClient()));
    }
  }

  /** Runs the simulation of {@code seed}; throws {@link SimulationFailure} if any invariant breaks. */
  public static Result run(long seed, Settings settings) {
    Simulation sim = new Simulation(seed, settings);
    try {
      return sim.run();
    } catch (SimulationFailure failure) {
      throw failure;
    } catch (RuntimeException | AssertionError e) {
      throw sim.failure("unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private Result run() {
    trace("seed " + seed + ": " + faults);
    for (int a = 0; a < settings.authorities(); a++) {
      for (int s = 0; s < settings.shards(); s++) {
        timer(Address.shard(a, s), random.nextInt(20), 0);
      }
    }
    for (SimClient client : clients) {
      timer(client.address, random.nextInt(20), 0);
      deposit(client, 200 + random.nextInt(300));
    }
    // Phase 1: the workload under this seed's faults.
    while (now < settings.faultMillis()) {
      step();
      if (random.nextInt(200) == 0) {
        deposit(clients.get(random.nextInt(clients.size())), 1 + random.nextInt(200));
      }
      injectFaults();
    }
    // Phase 2: calm. Every pending transfer of an honest client must complete.
    workload = false;
    active = faults.calm();
    partitioned = false;
    for (int a = 0; a < settings.authorities(); a++) {
      if (!authorityUp[a]) {
        restartAuthority(a);
      }
    }
    for (SimClient client : clients) {
      if (!client.up) {
        client.restart();
        timer(client.address, 1, client.generation());
      }
    }
    long calmEnd = now + settings.calmMillis();
    while (clients.stream().anyMatch(c -> !c.equivocator && c.busy())) {
      if (now > calmEnd) {
        throw failure("liveness: transfers still pending " + settings.calmMillis() + " ms after the faults stopped: "
            + clients.stream().filter(c -> !c.equivocator && c.busy()).map(c -> "c" + c.index).toList());
      }
      step();
    }
    // Phase 3: final sync. In rounds, clients send every certificate they sent to every authority
    // (an authority that missed some applies them in order over the rounds) and read everything.
    long syncEnd = now + settings.syncMillis();
    long nextRound = now;
    while (now < syncEnd) {
      if (now >= nextRound) {
        clients.forEach(c -> c.broadcastEverything(this));
        clients.forEach(c -> c.sync(this));
        nextRound = now + 100;
      }
      step();
    }
    clients.forEach(c -> c.sync(this));
    long drainEnd = now + 500;
    while (now < drainEnd && !queue.isEmpty()) {
      step();
    }
    invariants.converged();
    return new Result(seed, faults.toString(), events, invariants.certificates(), redeems, HexFormat.of().formatHex(digest.digest()));
  }

  /** Delivers the next event, then checks the invariants. */
  private void step() {
    Envelope next = queue.poll();
    if (next == null) {
      now += 1;
      return;
    }
    now = Math.max(now, next.at());
    events++;
    record(next.from() + " -> " + next.to() + " " + describe(next.message()));
    Address to = next.to();
    if (to.kind() == Address.Kind.CLIENT) {
      SimClient client = clients.get(to.index());
      if (client.up) {
        client.handle(next.message(), this);
      }
    } else if (authorityUp[to.index()]) {
      if (byzantine[to.index()] != null) {
        if (!(next.message() instanceof SimMessage.Tick) && !(next.message() instanceof SimMessage.Commit)) {
          byzantine[to.index()].handle(next.from(), next.message(), this);
        }
      } else {
        shards[to.index()][to.shard()].handle(next.from(), next.message(), this);
      }
    }
    invariants.everyStep();
  }

  private long faultWindow;

  /** Rolls this seed's faults once per 10 simulated milliseconds. */
  private void injectFaults() {
    if (now / 10 == faultWindow) {
      return;
    }
    faultWindow = now / 10;
    for (int a = 0; a < settings.authorities(); a++) {
      if (authorityUp[a] && random.nextDouble() < active.authorityCrash()) {
        authorityUp[a] = false;
        for (SimShard shard : shards[a]) {
          shard.crash();
        }
        trace("CRASH authority " + a);
        int authority = a;
        scheduleRestart(authority);
      }
    }
    for (SimClient client : clients) {
      if (client.up && random.nextDouble() < active.clientCrash()) {
        client.crash();
        trace("CRASH client " + client.index);
      } else if (!client.up && random.nextInt(100) == 0) {
        client.restart();
        trace("RESTART client " + client.index);
        timer(client.address, 1, client.generation());
      }
    }
    if (active.partitions() && random.nextInt(300) == 0) {
      partitioned = !partitioned;
      partitionedAuthority = random.nextInt(settings.authorities());
      trace(partitioned ? "PARTITION authority " + partitionedAuthority + " from clients" : "HEAL partition");
    }
  }

  private void scheduleRestart(int authority) {
    restartAt[authority] = now + 50 + random.nextInt(500);
  }


  private void restartAuthority(int a) {
    authorityUp[a] = true;
    for (SimShard shard : shards[a]) {
      shard.restart();
      timer(shard.address, 1, shard.generation());
    }
    trace("RESTART authority " + a);
  }

  // ---- used by nodes ------------------------------------------------------------------------

  /** Sends a message, subject to the active faults. */
  void send(Address from, Address to, SimMessage message) {
    checkRestarts();
    boolean crossesPartition = partitioned && (from.kind() == Address.Kind.CLIENT) != (to.kind() == Address.Kind.CLIENT)
        && (from.kind() == Address.Kind.SHARD ? from.index() : to.index()) == partitionedAuthority;
    if (crossesPartition || random.nextDouble() < active.loss()) {
      return;
    }
    int copies = random.nextDouble() < active.duplication() ? 2 : 1;
    for (int i = 0; i < copies; i++) {
      long delay = 1 + random.nextInt(active.maxDelayMillis());
      if (to.kind() == Address.Kind.SHARD && to.index() == active.slowAuthority()) {
        delay += 30 + random.nextInt(70);
      }
      queue.add(new Envelope(now + delay, sent++, from, to, message));
    }
  }

  private void checkRestarts() {
    for (int a = 0; a < settings.authorities(); a++) {
      if (!authorityUp[a] && restartAt[a] > 0 && now >= restartAt[a]) {
        restartAt[a] = 0;
        restartAuthority(a);
      }
    }
  }

  void timer(Address node, long delay, int generation) {
    timer(node, delay, new SimMessage.Tick(generation));
  }

  void timer(Address node, long delay, SimMessage message) {
    queue.add(new Envelope(now + delay, sent++, node, node, message));
  }

  Address shardOf(int authority, AccountId account) {
    return Address.shard(authority, assignment.shardOf(account));
  }

  ShardState shardState(int authority, AccountId account) {
    return shards[authority][assignment.shardOf(account)].state;
  }

  ShardState shard(int authority, int shard) {
    return shards[authority][shard].state;
  }

  int authorityCount() {
    return settings.authorities();
  }

  int shardCount() {
    return settings.shards();
  }

  boolean authorityUp(int authority) {
    return authorityUp[authority];
  }

  List<SimClient> clients() {
    return clients;
  }

  boolean workloadOn() {
    return workload;
  }

  SimClient otherClient(int index) {
    int other = random.nextInt(clients.size() - 1);
    return clients.get(other >= Math.floorMod(index, clients.size()) ? other + 1 : other);
  }

  PrimaryAddress randomAddress() {
    byte[] bytes = new byte[PrimaryAddress.SIZE];
    random.nextBytes(bytes);
    bytes[0] = 1;
    return new PrimaryAddress(Bytes.copyOf(bytes));
  }

  private void deposit(SimClient client, long amount) {
    try {
      PrimaryDeposit deposit = primary.deposit(randomAddress(), client.account, SimClient.QPC, new Amount(amount));
      depositVisibleAt.add(now + 5 + random.nextInt(50));
      trace("deposit #" + deposit.index() + " " + amount + " to c" + client.index);
    } catch (ProtocolException e) {
      throw new AssertionError(e);
    }
  }

  /** Deposits from {@code from} that the primary has confirmed by now, in order. */
  List<PrimaryDeposit> confirmedDeposits(long from, int limit) {
    List<PrimaryDeposit> confirmed = new ArrayList<>();
    for (PrimaryDeposit deposit : primary.deposits(from, limit)) {
      if (depositVisibleAt.get((int) deposit.index()) > now) {
        break;
      }
      confirmed.add(deposit);
    }
    return confirmed;
  }

  /** A client submits a redeem certificate to the primary, sometimes twice: the replay must be refused. */
  void redeem(Certificate certificate) {
    try {
      primary.redeem(certificate);
      redeems++;
    } catch (ProtocolException e) {
      throw failure("the primary refused a valid first redeem " + certificate.key() + ": " + e.getMessage());
    }
    try {
      primary.redeem(certificate);
      throw failure("the primary paid " + certificate.key() + " twice");
    } catch (ProtocolException expected) {
      // A replay is refused.
    }
  }

  /** Tracks a conflicting order an equivocating client sent, so that a certificate for it would be caught. */
  void watchConflict(SignedTransferOrder conflicting) {
    conflicts.add(new VoteCollector(committee, conflicting.order()));
  }

  void offerConflictVote(byte[] bytes) {
    try {
      Vote vote = Vote.decode(bytes);
      for (VoteCollector collector : conflicts) {
        try {
          collector.add(vote).ifPresent(invariants::certified);
        } catch (ProtocolException notForThisOne) {
          // A vote for another order, or a bad one.
        }
      }
    } catch (ProtocolException garbage) {
      // Not a vote at all.
    }
  }

  // ---- trace and failures -------------------------------------------------------------------

  void trace(String line) {
    record("   " + line);
  }

  private void record(String line) {
    String stamped = now + "ms " + line;
    digest.update(stamped.getBytes(StandardCharsets.UTF_8));
    trace.addLast(stamped);
    if (trace.size() > 40) {
      trace.removeFirst();
    }
  }

  private static String describe(SimMessage message) {
    return switch (message) {
      case SimMessage.Order o -> "order";
      case SimMessage.Vote v -> "vote from a" + v.authority();
      case SimMessage.Refusal r -> "refusal " + r.code() + " from a" + r.authority();
      case SimMessage.Confirm c -> "confirm";
      case SimMessage.ConfirmAck a -> "ack " + a.key().sequenceNumber() + " from a" + a.authority();
      case SimMessage.Info i -> "info from " + i.receivedFrom();
      case SimMessage.InfoReply r -> "info reply from a" + r.authority() + " (" + r.received().size() + " received)";
      case SimMessage.Credit c -> "credit";
      case SimMessage.CreditAck a -> "credit ack next " + a.nextIndex();
      case SimMessage.Tick t -> "tick";
      case SimMessage.Commit c -> "commit";
    };
  }

  SimulationFailure failure(String what) {
    return failure(what, null);
  }

  private SimulationFailure failure(String what, Throwable cause) {
    return new SimulationFailure(seed, what + "\nfaults of this seed: " + faults, String.join("\n", trace), cause);
  }
}
