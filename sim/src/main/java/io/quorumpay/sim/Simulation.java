package io.quorumpay.sim;

import io.quorumpay.core.authority.InMemoryShardStorage;
import io.quorumpay.core.authority.ShardAssignment;
import io.quorumpay.core.authority.ShardConfig;
import io.quorumpay.core.authority.ShardStart;
import io.quorumpay.core.authority.ShardState;
import io.quorumpay.core.client.VoteCollector;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.primary.PrimaryContract;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
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
 * stop, crashed nodes restart; every pending transfer must complete), and settle (nobody sends
 * anything to an authority any more but its peers: honest authorities must converge by catching up
 * from each other, clients only read). Invariants are checked after every event; a violation
 * throws a {@link SimulationFailure} with the seed, the trace and a replay command.
 */
public final class Simulation {
  /** The shape of a run. */
  public record Settings(int authorities, int shards, int clients, long faultMillis, long calmMillis, long syncMillis) {
    public static Settings standard() {
      return new Settings(4, 2, 6, 2_500, 20_000, 3_000);
    }
  }

  /** What a run did. */
  public record Result(long seed, String faults, long events, int certificates, int redeems, Stats stats, String digest) {}

  /**
   * How often the run's rarer faults happened, so that a test can tell they still do.
   *
   * @param restoresRefused shards that refused to start on data restored from a backup
   * @param recoveries authorities rebuilt from their signing records
   * @param foreignCreditsRefused credit batches from another authority that an honest shard refused
   * @param foreignReplaysAccepted genuine batches replayed by another authority, accepted as harmless
   * @param pagesRefused applied-log pages an honest shard refused (malformed, oversized, totals that do not cover them)
   * @param caughtUp certificates honest shards applied from their peers' applied logs
   * @param longDownCaughtUp of those, the ones the long-down authority applied after it came back
   * @param longDownConverged 1 when an authority that was down long, and that clients never reached again, converged
   * @param channelCertificates certificates of channel orders the channel workload formed
   * @param races claim/refund or claim/claim races at one channel nonce
   * @param racesLocked of those, the ones that left the slot with no certificate (the channel's value locked)
   * @param probes claims sent that authorities must refuse (above the value or the authorisation)
   */
  public record Stats(long restoresRefused, long recoveries, long foreignCreditsRefused, long foreignReplaysAccepted,
      long pagesRefused, long caughtUp, long longDownCaughtUp, long longDownConverged, long channelCertificates, long races,
      long racesLocked, long probes) {}

  /**
   * A message in the network. Between shards of one authority it travels on a connection, as in
   * production: if either end restarts meanwhile, it is gone ({@code fromGeneration} -1 otherwise).
   */
  private record Envelope(long at, long order, Address from, Address to, SimMessage message, int fromGeneration,
      int toGeneration) {}

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
  private final ChannelWorkload channels;
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
  /** Authorities the clients no longer reach (the long-down one, once it went down). */
  private final boolean[] cutOffFromClients;
  /** Committee index of each authority, and back. */
  private final int[] memberIndex;
  private final int[] authorityOfMember;
  /** Per deposit index i, per shard, the sum of the deposits before i whose recipient lives there. */
  /** Per deposit index: per asset (SimClient.ASSETS order) and shard, what the deposits before it paid that shard's accounts. */
  private final List<long[][]> depositsBefore = new ArrayList<>();
  private final List<Certificate> paidRedeems = new ArrayList<>();
  private long requestIds;
  private InMemoryShardStorage[] backups;
  private boolean restoring;
  private boolean restorePending;
  private final int[] recoveriesOf;
  /** Authorities that crash in their next commit, between writing the data and the signing record. */
  private final boolean[] crashInCommit;
  private boolean longDownStarted;
  private boolean longDownEnded;
  private long restoresRefused;
  private long recoveries;
  private long foreignCreditsRefused;
  private long foreignReplaysAccepted;
  private long pagesRefused;
  private long caughtUp;
  private long longDownCaughtUp;

  private Simulation(long seed, Settings settings) {
    this.seed = seed;
    this.settings = settings;
    this.random = new SplittableRandom(seed);
    this.faults = Faults.draw(random, settings.authorities(), settings.clients(), settings.faultMillis());
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
    this.cutOffFromClients = new boolean[settings.authorities()];
    this.recoveriesOf = new int[settings.authorities()];
    this.crashInCommit = new boolean[settings.authorities()];
    this.memberIndex = new int[settings.authorities()];
    this.authorityOfMember = new int[settings.authorities()];
    for (int a = 0; a < settings.authorities(); a++) {
      memberIndex[a] = committee.indexOf(new AuthorityName(authorityKeys.get(a).publicKey()));
      authorityOfMember[memberIndex[a]] = a;
    }
    depositsBefore.add(new long[SimClient.ASSETS.size()][settings.shards()]);
    for (int a = 0; a < settings.authorities(); a++) {
      authorityUp[a] = true;
      for (int s = 0; s < settings.shards(); s++) {
        shards[a][s] = new SimShard(new ShardConfig(committee, authorityKeys.get(a), s, settings.shards()), a);
      }
      if (a == faults.byzantineAuthority()) {
        byzantine[a] = new ByzantineShard(faults.byzantine(), faults.forgeCredits(), authorityKeys.get(a), committee.network(), a,
            settings.authorities(), settings.shards());
      }
    }
    for (int c = 0; c < settings.clients(); c++) {
      clients.add(new SimClient(c, KeyPair.generate(random), committee, c == faults.equivocatingClient()));
    }
    this.channels = new ChannelWorkload(settings.clients(), committee, random);
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
      deposit(client.account, "c" + client.index, 200 + random.nextInt(300));
    }
    timer(channels.address, random.nextInt(20), 0);
    for (AccountId buyer : channels.buyers()) {
      deposit(buyer, "a buyer", 200 + random.nextInt(300));
    }
    // Phase 1: the workload under this seed's faults.
    while (now < settings.faultMillis()) {
      step();
      if (random.nextInt(200) == 0) {
        SimClient client = clients.get(random.nextInt(clients.size()));
        deposit(client.account, "c" + client.index, 1 + random.nextInt(200));
      }
      if (random.nextInt(400) == 0) {
        deposit(channels.buyers().get(random.nextInt(ChannelWorkload.BUYERS)), "a buyer", 1 + random.nextInt(200));
      }
      injectFaults();
      scheduledFaults();
    }
    // Phase 2: calm. Every pending transfer of an honest client must complete.
    workload = false;
    active = faults.calm();
    java.util.Arrays.fill(crashInCommit, false);
    partitioned = false;
    for (int a = 0; a < settings.authorities(); a++) {
      if (!authorityUp[a]) {
        restartAuthority(a);
      }
    }
    for (SimClient client : clients) {
      if (!client.up) {
        client.restart(this);
        timer(client.address, 1, client.generation());
      }
    }
    long calmEnd = now + settings.calmMillis();
    while (clients.stream().anyMatch(c -> !c.equivocator && c.busy()) || channels.busy()) {
      if (now > calmEnd) {
        throw failure("liveness: orders still pending " + settings.calmMillis() + " ms after the faults stopped: "
            + clients.stream().filter(c -> !c.equivocator && c.busy()).map(c -> "c" + c.index).toList()
            + (channels.busy() ? " and channel orders" : ""));
      }
      step();
    }
    // Phase 3: settle. Nobody confirms anything any more: honest authorities must converge by catching
    // up from each other's applied logs. Clients only read (their own balances are checked too).
    long settleEnd = now + settings.syncMillis();
    long nextRead = now;
    while (true) {
      if (now >= nextRead) {
        if (invariants.divergence() == null) {
          break;
        }
        if (now > settleEnd) {
          throw failure("convergence: honest authorities did not converge " + settings.syncMillis()
              + " ms after the transfers completed, with no client help: " + invariants.divergence());
        }
        clients.forEach(c -> c.sync(this));
        nextRead = now + 100;
      }
      step();
    }
    invariants.converged();
    trace("converged");
    Stats stats = new Stats(restoresRefused, recoveries, foreignCreditsRefused, foreignReplaysAccepted, pagesRefused, caughtUp,
        longDownCaughtUp, faults.longDownAuthority() >= 0 ? 1 : 0, channels.certificates(), channels.races(),
        channels.racesLocked(), channels.probes());
    return new Result(seed, faults.toString(), events, invariants.certificates(), redeems, stats,
        HexFormat.of().formatHex(digest.digest()));
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
    if (next.fromGeneration() >= 0 && (shards[next.from().index()][next.from().shard()].generation() != next.fromGeneration()
        || shards[to.index()][to.shard()].generation() != next.toGeneration())) {
      trace("dropped: its connection closed when an end restarted");
    } else if (to.equals(channels.address)) {
      channels.handle(next.message(), this);
    } else if (to.kind() == Address.Kind.CLIENT) {
      SimClient client = clients.get(to.index());
      if (client.up) {
        client.handle(next.message(), this);
      }
    } else if (authorityUp[to.index()]) {
      if (byzantine[to.index()] != null) {
        byzantine[to.index()].handle(next.from(), to, next.message(), this);
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
      if (authorityUp[a] && !crashInCommit[a] && random.nextDouble() < active.authorityCrash()) {
        if (random.nextBoolean()) {
          crashInCommit[a] = true; // in its next commit, between the two writes
        } else {
          crash(a);
          scheduleRestart(a);
        }
      }
    }
    for (SimClient client : clients) {
      if (client.up && random.nextDouble() < active.clientCrash()) {
        client.crash();
        trace("CRASH client " + client.index);
      } else if (!client.up && random.nextInt(100) == 0) {
        client.restart(this);
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

  /** The faults that happen once, at drawn times: a backup restored, an authority down for long. */
  private void scheduledFaults() {
    int restored = faults.restoredAuthority();
    if (restored >= 0 && backups == null && now >= faults.backupAt()) {
      backups = new InMemoryShardStorage[settings.shards()];
      for (SimShard shard : shards[restored]) {
        backups[shard.config.shard()] = shard.storage.copy(shard.config);
      }
      trace("BACKUP of authority " + restored + "'s data");
    }
    if (restored >= 0 && backups != null && !restoring && now >= faults.restoreAt()) {
      restoring = true;
      restorePending = true;
      if (authorityUp[restored]) {
        crash(restored);
        scheduleRestart(restored);
      }
      trace("authority " + restored + " will restart on its backup");
    }
    int longDown = faults.longDownAuthority();
    if (longDown >= 0 && !longDownStarted && now >= faults.downAt()) {
      longDownStarted = true;
      if (authorityUp[longDown]) {
        crash(longDown);
      }
      restartAt[longDown] = 0;
      cutOffFromClients[longDown] = true;
      trace("authority " + longDown + " goes down for long; clients will not reach it again");
    }
    if (longDown >= 0 && longDownStarted && !longDownEnded && now >= faults.upAt()) {
      longDownEnded = true;
      if (!authorityUp[longDown]) {
        restartAuthority(longDown);
      }
    }
  }

  /**
   * Called by a shard of authority {@code a} once its data is written and before it records the
   * commit in its signing record: true when the authority crashes right there (the record and the
   * replies of the commit are lost, the data is ahead of the record by one commit).
   */
  boolean crashesBetweenDataAndRecord(int a) {
    if (!crashInCommit[a]) {
      return false;
    }
    crashInCommit[a] = false;
    trace("authority " + a + " crashes between writing its data and its signing record");
    crash(a);
    scheduleRestart(a);
    return true;
  }

  private void crash(int a) {
    authorityUp[a] = false;
    for (SimShard shard : shards[a]) {
      shard.crash();
    }
    trace("CRASH authority " + a);
  }

  private void scheduleRestart(int authority) {
    restartAt[authority] = now + 50 + random.nextInt(500);
  }

  /**
   * Restarts an authority as production starts a shard: on what its storage holds, refused when the
   * data is behind the signing record. Then the operator runs the recovery, for every shard of the
   * authority together, as {@code qp authority recover} does.
   */
  private void restartAuthority(int a) {
    authorityUp[a] = true;
    if (byzantine[a] != null) {
      byzantine[a].restart();
      for (int s = 0; s < settings.shards(); s++) {
        timer(Address.shard(a, s), 1, byzantine[a].generation());
      }
      trace("RESTART authority " + a);
      return;
    }
    if (restorePending && a == faults.restoredAuthority()) {
      restorePending = false;
      for (SimShard shard : shards[a]) {
        shard.restoreData(backups[shard.config.shard()]);
      }
      trace("RESTORE authority " + a + "'s data from the backup of " + faults.backupAt() + "ms");
    }
    boolean refused = false;
    for (SimShard shard : shards[a]) {
      try {
        shard.start();
      } catch (ShardStart.DataBehindSigningRecord e) {
        refused = true;
        restoresRefused++;
        trace("shard " + shard.address + " refuses to start: data at commit " + e.dataCommits() + ", signing record at "
            + e.recordedCommits());
      }
    }
    if (refused) {
      for (SimShard shard : shards[a]) {
        shard.recover();
      }
      recoveries++;
      recoveriesOf[a]++;
      invariants.recovered(a);
      trace("RECOVER authority " + a + ": every shard rebuilt from its signing record");
    }
    for (SimShard shard : shards[a]) {
      timer(shard.address, 1, shard.generation());
    }
    trace("RESTART authority " + a);
  }

  // ---- used by nodes ------------------------------------------------------------------------

  /** Sends a message, subject to the active faults. */
  void send(Address from, Address to, SimMessage message) {
    checkRestarts();
    boolean clientAndShard = (from.kind() == Address.Kind.CLIENT) != (to.kind() == Address.Kind.CLIENT);
    int shardSide = from.kind() == Address.Kind.SHARD ? from.index() : to.index();
    boolean crossesPartition = clientAndShard && (partitioned && shardSide == partitionedAuthority || cutOffFromClients[shardSide]);
    if (crossesPartition || random.nextDouble() < active.loss()) {
      return;
    }
    boolean siblings = from.kind() == Address.Kind.SHARD && to.kind() == Address.Kind.SHARD && from.index() == to.index()
        && byzantine[from.index()] == null && !from.equals(to);
    int fromGeneration = siblings ? shards[from.index()][from.shard()].generation() : -1;
    int toGeneration = siblings ? shards[to.index()][to.shard()].generation() : -1;
    int copies = random.nextDouble() < active.duplication() ? 2 : 1;
    for (int i = 0; i < copies; i++) {
      long delay = 1 + random.nextInt(active.maxDelayMillis());
      if (to.kind() == Address.Kind.SHARD && to.index() == active.slowAuthority()) {
        delay += 30 + random.nextInt(70);
      }
      queue.add(new Envelope(now + delay, sent++, from, to, message, fromGeneration, toGeneration));
    }
  }

  /** A sealed batch between two shards of one honest authority; a Byzantine authority that forges credits overhears it. */
  void sendToSibling(Address from, Address to, SimMessage.SealedCredits batch) {
    invariants.genuineBatch(to, batch);
    for (ByzantineShard spy : byzantine) {
      if (spy != null && spy.forgesCredits()) {
        spy.overhear(to, batch);
      }
    }
    send(from, to, batch);
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
    queue.add(new Envelope(now + delay, sent++, node, node, message, -1, -1));
  }

  /** How many times authority {@code authority} was rebuilt from its signing records. */
  int recoveriesOf(int authority) {
    return recoveriesOf[authority];
  }

  long nextRequestId() {
    return requestIds++;
  }

  /** The committee index of authority {@code authority}. */
  int memberOf(int authority) {
    return memberIndex[authority];
  }

  /** The authority at committee index {@code member}. */
  int authorityOfMember(int member) {
    return authorityOfMember[member];
  }

  /** Shard {@code shard} of the authority at committee index {@code member}. */
  Address memberShard(int member, int shard) {
    return Address.shard(authorityOfMember[member], shard);
  }

  /** An honest shard refused a batch of credits. */
  void creditsRefused(Address from, Address at, ProtocolError error) {
    if (from.index() != at.index() || from.kind() != Address.Kind.SHARD) {
      foreignCreditsRefused++;
    }
    trace(at + " refuses credits from " + from + ": " + error.code());
  }

  /** A genuine batch replayed by another authority was accepted (it must change nothing a first delivery would not). */
  void foreignReplayAccepted() {
    foreignReplaysAccepted++;
  }

  /** An honest shard refused a page of a peer's applied log. */
  void pageRefused(Address from, Address at, ProtocolError error) {
    pagesRefused++;
    trace(at + " refuses an applied-log page from " + from + ": " + error.code());
  }

  /** An honest shard applied {@code count} certificates from a peer's applied log. */
  void caughtUp(Address at, int count) {
    caughtUp += count;
    if (at.index() == faults.longDownAuthority() && longDownEnded) {
      longDownCaughtUp += count;
    }
    trace(at + " caught up " + count + " certificates");
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

  SimShard simShard(int authority, int shard) {
    return shards[authority][shard];
  }

  /** The sum of the deposits with an index below {@code index} whose recipient lives on shard {@code shard}. */
  long depositedBefore(long index, int shard, AssetId asset) {
    return depositsBefore.get((int) index)[SimClient.ASSETS.indexOf(asset)][shard];
  }

  long depositCount() {
    return primary.depositCount();
  }

  List<Certificate> paidRedeems() {
    return paidRedeems;
  }

  long primaryRedeemed(AssetId asset) {
    return primary.redeemed().getOrDefault(asset, 0L);
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

  ChannelWorkload channels() {
    return channels;
  }

  /** The primary chain's height: a block every {@value #BLOCK_MILLIS} ms. Channel expirations count in it. */
  long primaryHeight() {
    return now / BLOCK_MILLIS;
  }

  static final int BLOCK_MILLIS = 10;

  /** The height the chain's status reports to a shard's follower: its node is a few blocks behind now and then. */
  long reportedHeight() {
    return Math.max(0, primaryHeight() - (random.nextInt(4) == 0 ? random.nextInt(4) : 0));
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

  private void deposit(AccountId account, String name, long amount) {
    try {
      int asset = random.nextInt(SimClient.ASSETS.size());
      PrimaryDeposit deposit = primary.deposit(randomAddress(), account, SimClient.ASSETS.get(asset), new Amount(amount));
      if (channels.buyers().contains(account)) {
        channels.deposited(account, deposit.asset(), amount);
      }
      depositVisibleAt.add(now + 5 + random.nextInt(50));
      long[][] before = depositsBefore.get(depositsBefore.size() - 1).clone();
      before[asset] = before[asset].clone();
      before[asset][assignment.shardOf(account)] += amount;
      depositsBefore.add(before);
      trace("deposit #" + deposit.index() + " " + amount + " " + SimClient.ASSETS.get(asset) + " to " + name);
    } catch (ProtocolException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * What a shard's follower gets from the primary chain when it asks from {@code from}: the
   * deposits confirmed by now, so with gaps where a later one confirmed first, and now and then
   * from a little earlier than asked (repeats).
   */
  List<PrimaryDeposit> fetchDeposits(long from, int limit) {
    long start = random.nextInt(10) == 0 ? Math.max(0, from - 1 - random.nextInt(3)) : from;
    List<PrimaryDeposit> fetched = new ArrayList<>();
    for (PrimaryDeposit deposit : primary.deposits(start, limit)) {
      if (depositVisibleAt.get((int) deposit.index()) <= now) {
        fetched.add(deposit);
      }
    }
    return fetched;
  }

  /** Deposits from {@code from} that the primary has confirmed by now, in order, up to the first not yet confirmed. */
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
      paidRedeems.add(certificate);
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

  /** Tracks an order that must not be certified (a conflicting or a refused one), so that a certificate for it would be caught. */
  void watchConflict(SignedOrder<?> conflicting) {
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

  private static final boolean PRINT_TRACE = Boolean.getBoolean("sim.trace");

  private void record(String line) {
    String stamped = now + "ms " + line;
    if (PRINT_TRACE) {
      System.out.println(stamped);
    }
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
      case SimMessage.Refusal r -> "refusal " + r.error().code() + " from a" + r.authority();
      case SimMessage.Confirm c -> "confirm";
      case SimMessage.ConfirmAck a -> "ack " + a.key().sequenceNumber() + " from a" + a.authority();
      case SimMessage.Info i -> "info from " + i.receivedFrom();
      case SimMessage.InfoReply r -> "info reply from a" + r.authority() + " (" + r.received().size() + " received)";
      case SimMessage.SealedCredits c -> c.credits().size() + " sealed credits";
      case SimMessage.CreditAck a -> "credit ack next " + a.nextIndex();
      case SimMessage.LogRequest r -> "applied log from " + r.from();
      case SimMessage.LogReply r -> "applied log page of " + r.certificates().size() + " of " + r.total();
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
