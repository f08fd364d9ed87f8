package io.quorumpay.sim;

import io.quorumpay.core.client.ClientReply;
import io.quorumpay.core.client.ClientRequest;
import io.quorumpay.core.client.PaymentDriver;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.ChannelClaim;
import io.quorumpay.core.messages.ChannelFund;
import io.quorumpay.core.messages.ChannelOpen;
import io.quorumpay.core.messages.ChannelRefund;
import io.quorumpay.core.messages.PaymentAuthorization;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.authority.ChannelState;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.GroupId;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.SlotOwner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The channel workload: buyers open channels to sellers (authorised by a hot key or by the buyer's
 * own), pay with payment authorisations (cumulative per nonce, delivered to the seller out of order
 * and replayed, sometimes above the value), sellers claim (sometimes returning part), buyers fund and
 * extend, and refund once the primary's height reaches the expiration. Now and then a claim races a
 * refund at one nonce after the expiration, or two claims race at one nonce, and sellers probe with
 * claims authorities must refuse (above the value, above or outside the authorisation). Orders go as
 * their bytes to every authority, Byzantine ones included, each driven by production's
 * {@link PaymentDriver} as {@link SimClient} drives a transfer. Its books, kept from its own
 * certificates, are what the authorities must converge on.
 */
final class ChannelWorkload {
  static final int BUYERS = 3;
  static final int SELLERS = 2;
  private static final GroupId GROUP = new GroupId(Bytes.copyOf(new byte[GroupId.SIZE]));

  private static final class Account {
    final String name;
    final KeyPair key;
    final AccountId id;
    long next;
    final Map<AssetId, Long> balance = new TreeMap<>();
    /** The certificates whose slot lives on this account's shard, in order: what a lagging authority is sent. */
    final List<Certificate> history = new ArrayList<>();

    Account(String name, KeyPair key) {
      this.name = name;
      this.key = key;
      this.id = new AccountId(key.publicKey());
    }

    long balance(AssetId asset) {
      return balance.getOrDefault(asset, 0L);
    }

    void add(AssetId asset, long units) {
      balance.merge(asset, units, Long::sum);
    }
  }

  /** What one authorisation the seller holds says. */
  private record Authorisation(long nonce, long amount, PublicKey key, Signature signature) {}

  /** A channel as its certificates say, and what the seller holds for its current nonce. */
  private static final class Channel {
    final ChannelOpen open;
    final KeyPair signer;
    final Account buyer;
    final Account seller;
    long value;
    long nonce;
    long expiration;
    /** The highest cumulative amount the buyer signed at the current nonce. */
    long authorised;
    /** The seller's best authorisation at the current nonce, and one from an earlier nonce. */
    Authorisation best;
    Authorisation stale;
    /** A race left its slot with no certificate: its remaining value is locked for good. */
    boolean locked;

    Channel(ChannelOpen open, KeyPair signer, Account buyer, Account seller) {
      this.open = open;
      this.signer = signer;
      this.buyer = buyer;
      this.seller = seller;
      this.value = open.value().units();
      this.expiration = open.expiration();
    }
  }

  /** An order under way. Honest ones are retried until certified; raced ones are tried once. */
  private static final class Job {
    final SignedOrder<?> order;
    final boolean raced;
    PaymentDriver driver;
    long retryAt;
    /** Certified, and confirmed at less than a quorum: confirmed again. */
    Certificate unconfirmed;

    Job(SignedOrder<?> order, boolean raced) {
      this.order = order;
      this.raced = raced;
    }
  }

  /** A request in flight and the driver it belongs to: answers to a driver that has ended are dropped. */
  private record Request(Job job, PaymentDriver driver, ClientRequest request) {}

  final Address address;
  private final Committee committee;
  private final List<Account> buyers = new ArrayList<>();
  private final List<Account> sellers = new ArrayList<>();
  private final Map<AccountId, Account> accounts = new LinkedHashMap<>();
  private final Map<ChannelId, Channel> channels = new LinkedHashMap<>();
  private final Map<ChannelId, KeyPair> signers = new HashMap<>();
  private final List<Job> jobs = new ArrayList<>();
  private final Map<Long, Request> requests = new HashMap<>();
  private long nextRequest;
  private long certificates;
  private long probesSent;
  private long racesRun;
  private long racesLocked;

  ChannelWorkload(int index, Committee committee, java.util.SplittableRandom random) {
    this.address = Address.client(index);
    this.committee = committee;
    for (int i = 0; i < BUYERS + SELLERS; i++) {
      Account account = new Account((i < BUYERS ? "b" : "s") + i, KeyPair.generate(random));
      (i < BUYERS ? buyers : sellers).add(account);
      accounts.put(account.id, account);
    }
  }

  List<AccountId> buyers() {
    return buyers.stream().map(b -> b.id).toList();
  }

  long certificates() {
    return certificates;
  }

  long races() {
    return racesRun;
  }

  long racesLocked() {
    return racesLocked;
  }

  long probes() {
    return probesSent;
  }

  /** A deposit to one of its buyers: counted at once; authorities that have not followed it yet refuse as if behind. */
  void deposited(AccountId buyer, AssetId asset, long amount) {
    accounts.get(buyer).add(asset, amount);
  }

  /** Whether an honest order is still under way, or a certificate still to confirm (raced orders may end without one). */
  boolean busy() {
    return jobs.stream().anyMatch(job -> !job.raced || job.unconfirmed != null);
  }

  void handle(SimMessage message, Simulation sim) {
    switch (message) {
      case SimMessage.Tick tick -> {
        step(sim);
        sim.timer(address, 10 + sim.random.nextInt(15), tick);
      }
      case SimMessage.Vote vote -> {
        Request request = requests.remove(vote.request());
        if (request == null) {
          sim.offerConflictVote(vote.vote()); // a probe's: a certificate for it would be caught
        } else if (live(request) && request.request() instanceof ClientRequest.AskVote ask) {
          outputs(request.job(), request.driver().on(new ClientReply.Voted(ask, vote.vote()), sim.now), sim);
        }
      }
      case SimMessage.Refusal refusal -> reply(refusal.request(), request -> new ClientReply.Refused(request, refusal.error()), sim);
      case SimMessage.ConfirmAck ack -> {
        sim.invariants.acknowledged(ack.authority(), ack.key(), ack.recoveries());
        reply(ack.request(), request -> request instanceof ClientRequest.Confirm confirm
            ? new ClientReply.Confirmed(confirm) : new ClientReply.Unreachable(request), sim);
      }
      case SimMessage.InfoReply info -> reply(info.request(), request -> SimClient.info(info, request), sim);
      default -> { }
    }
  }

  /** Hands an answer to the driver whose request it answers; answers to nothing in flight are dropped. */
  private void reply(long number, java.util.function.Function<ClientRequest, ClientReply> answer, Simulation sim) {
    Request request = requests.remove(number);
    if (request != null && live(request)) {
      outputs(request.job(), request.driver().on(answer.apply(request.request()), sim.now), sim);
    }
  }

  private boolean live(Request request) {
    return request.job().driver == request.driver();
  }

  private void step(Simulation sim) {
    for (Job job : List.copyOf(jobs)) {
      if (job.driver != null) {
        outputs(job, job.driver.tick(sim.now), sim);
      } else if (sim.now >= job.retryAt) {
        start(job, sim);
      }
    }
    for (int i = 0; i < 2 && sim.workloadOn(); i++) {
      switch (sim.random.nextInt(6)) {
        case 0 -> open(sim);
        case 1 -> fund(sim);
        case 2, 3 -> pay(sim);
        case 4 -> claim(sim);
        default -> refund(sim);
      }
    }
  }

  // ---- the workload -------------------------------------------------------------------------

  private void open(Simulation sim) {
    Account buyer = buyers.get(sim.random.nextInt(buyers.size()));
    List<AssetId> funded = SimClient.ASSETS.stream().filter(a -> buyer.balance(a) >= 5).toList();
    if (busy(buyer.id) || funded.isEmpty()) {
      return;
    }
    AssetId asset = funded.get(sim.random.nextInt(funded.size()));
    long value = 5 + sim.random.nextLong(Math.min(buyer.balance(asset), 80) - 4);
    KeyPair signer = sim.random.nextBoolean() ? buyer.key : KeyPair.generate(sim.random);
    Account seller = sellers.get(sim.random.nextInt(sellers.size()));
    long expiration = sim.primaryHeight() + 10 + sim.random.nextInt(150);
    ChannelOpen open = new ChannelOpen(committee.network(), buyer.id, new SequenceNumber(buyer.next), signer.publicKey(), seller.id,
        asset, new Amount(value), expiration, GROUP);
    signers.put(open.channel(), signer);
    submit(SignedOrder.sign(open, buyer.key), false, sim);
  }

  private void fund(Simulation sim) {
    Channel channel = pick(sim, c -> !busy(c.buyer.id));
    if (channel == null) {
      return;
    }
    AssetId asset = channel.open.asset();
    long added = sim.random.nextInt(3) == 0 ? 0 : Math.min(1 + sim.random.nextInt(20), channel.buyer.balance(asset));
    long expiration = channel.expiration + (added == 0 || sim.random.nextBoolean() ? 1 + sim.random.nextInt(60) : 0);
    submit(SignedOrder.sign(new ChannelFund(committee.network(), channel.buyer.id, new SequenceNumber(channel.buyer.next),
        channel.open.channel(), new Amount(added), expiration), channel.buyer.key), false, sim);
  }

  /** The buyer signs a few growing authorisations; the seller gets them shuffled, some twice, and keeps the highest. */
  private void pay(Simulation sim) {
    Channel channel = pick(sim, c -> true);
    if (channel == null) {
      return;
    }
    List<Authorisation> delivered = new ArrayList<>();
    for (int i = 1 + sim.random.nextInt(4); i > 0; i--) {
      channel.authorised += 1 + sim.random.nextInt(10) + (sim.random.nextInt(8) == 0 ? Math.max(0, channel.value) : 0);
      KeyPair key = sim.random.nextInt(4) == 0 ? channel.buyer.key : channel.signer;
      PaymentAuthorization authorization = new PaymentAuthorization(committee.network(), channel.open.channel(),
          new SequenceNumber(channel.nonce), new Amount(channel.authorised));
      sim.invariants.authorised(authorization, key.publicKey());
      Authorisation signed = new Authorisation(channel.nonce, channel.authorised, key.publicKey(), authorization.sign(key));
      delivered.add(signed);
      if (sim.random.nextInt(3) == 0) {
        delivered.add(signed);
      }
    }
    if (channel.stale != null) {
      delivered.add(channel.stale);
    }
    for (int i = delivered.size() - 1; i > 0; i--) {
      java.util.Collections.swap(delivered, i, sim.random.nextInt(i + 1));
    }
    for (Authorisation received : delivered) {
      if (received.nonce() == channel.nonce && (channel.best == null || received.amount() > channel.best.amount())) {
        channel.best = received;
      }
    }
  }

  private void claim(Simulation sim) {
    Channel channel = pick(sim, c -> c.best != null && !busy(c.open.channel()));
    if (channel == null) {
      return;
    }
    if (sim.random.nextInt(3) == 0) {
      probe(channel, sim);
    }
    long room = Math.max(0, channel.value);
    long paid = Math.min(channel.best.amount(), room);
    paid -= sim.random.nextInt(4) == 0 ? sim.random.nextLong(paid + 1) : 0;
    long returned = sim.random.nextInt(4) == 0 ? sim.random.nextLong(room - paid + 1) : 0;
    if (paid + returned == 0) {
      return;
    }
    SignedOrder<ChannelClaim> claim = claim(channel, channel.best, channel.best.amount(), paid, returned);
    if (sim.random.nextInt(6) == 0) {
      // A seller that signs two claims at one nonce: at most one may be certified.
      SignedOrder<ChannelClaim> other = claim(channel, channel.best, channel.best.amount(), paid > 0 ? paid - 1 : paid,
          paid > 0 ? returned : returned - 1);
      if (paid + returned > 1) {
        race(claim, other, sim);
        return;
      }
    }
    submit(claim, false, sim);
  }

  private void refund(Simulation sim) {
    Channel channel = pick(sim, c -> c.value > 0 && sim.primaryHeight() >= c.expiration && !busy(c.open.channel()));
    if (channel == null) {
      return;
    }
    long amount = sim.random.nextInt(3) == 0 ? 1 + sim.random.nextLong(channel.value) : channel.value;
    SignedOrder<ChannelRefund> refund = SignedOrder.sign(new ChannelRefund(committee.network(), channel.buyer.id,
        channel.open.channel(), new SequenceNumber(channel.nonce), channel.open.asset(), new Amount(amount)), channel.buyer.key);
    if (channel.best != null && sim.random.nextInt(3) == 0) {
      // The race: the seller claims as the buyer refunds, at one nonce, after the expiration.
      race(claim(channel, channel.best, channel.best.amount(), Math.min(channel.best.amount(), channel.value), 0), refund, sim);
      return;
    }
    submit(refund, false, sim);
  }

  /** Claims the authorities must refuse: above the value, above the authorised amount, with an earlier nonce's authorisation. */
  private void probe(Channel channel, Simulation sim) {
    Authorisation best = channel.best;
    SignedOrder<ChannelClaim> probe = switch (sim.random.nextInt(3)) {
      case 0 -> claim(channel, best, best.amount(), best.amount(), Math.max(0, channel.value) + 1);
      case 1 -> claim(channel, best, best.amount() + 1 + sim.random.nextInt(10), best.amount() + 1, 0);
      default -> channel.stale == null ? null : claim(channel, channel.stale, channel.stale.amount(), channel.stale.amount(), 0);
    };
    if (probe == null) {
      return;
    }
    probesSent++;
    sim.watchConflict(probe);
    sim.trace("ch probe " + probe.order().key() + " paid " + probe.order().paid() + " returned " + probe.order().returned());
    for (int member = 0; member < committee.size(); member++) {
      SimClient.send(address, new ClientRequest.AskVote(member, probe), nextRequest++, sim);
    }
  }

  private SignedOrder<ChannelClaim> claim(Channel channel, Authorisation authorisation, long planned, long paid, long returned) {
    return SignedOrder.sign(new ChannelClaim(committee.network(), channel.seller.id, channel.buyer.id, channel.open.channel(),
        new SequenceNumber(channel.nonce), channel.open.asset(), new Amount(planned), authorisation.key(),
        authorisation.signature(), new Amount(paid), new Amount(returned)), channel.seller.key);
  }

  private void race(SignedOrder<?> first, SignedOrder<?> second, Simulation sim) {
    racesRun++;
    sim.trace("ch race at " + first.order().key());
    submit(first, true, sim);
    submit(second, true, sim);
  }

  private Channel pick(Simulation sim, java.util.function.Predicate<Channel> fits) {
    List<Channel> open = channels.values().stream().filter(c -> !c.locked && fits.test(c)).toList();
    return open.isEmpty() ? null : open.get(sim.random.nextInt(open.size()));
  }

  /** Whether an order is under way at a slot of {@code owner}. */
  private boolean busy(SlotOwner owner) {
    return jobs.stream().anyMatch(job -> job.order.order().key().owner().equals(owner));
  }

  // ---- driving orders -----------------------------------------------------------------------

  private void submit(SignedOrder<?> order, boolean raced, Simulation sim) {
    if (!raced) {
      sim.invariants.signedByHonest(order.order());
    }
    sim.trace("ch signs " + order.order().key() + " " + order.order().getClass().getSimpleName() + (raced ? " (raced)" : ""));
    Job job = new Job(order, raced);
    jobs.add(job);
    start(job, sim);
  }

  /**
   * A driver for the job: a lagging authority is sent the home account's certificates on the
   * order's own slot, as a wallet's sent certificates (buyers are funded by deposits, so no credits).
   */
  private void start(Job job, Simulation sim) {
    List<Certificate> sent = accounts.get(job.order.order().home()).history;
    job.driver = new PaymentDriver(committee, job.order, sent, List.of(), SimClient.BUDGET);
    outputs(job, job.unconfirmed != null ? job.driver.confirm(job.unconfirmed, sim.now) : job.driver.start(sim.now), sim);
  }

  private void outputs(Job job, List<PaymentDriver.Output> outputs, Simulation sim) {
    PaymentDriver driver = job.driver;
    for (PaymentDriver.Output output : outputs) {
      switch (output) {
        case PaymentDriver.Output.Send send -> {
          long number = nextRequest++;
          requests.put(number, new Request(job, driver, send.request()));
          SimClient.send(address, send.request(), number, sim);
        }
        case PaymentDriver.Output.Certified certified -> certified(certified.certificate(), sim);
        case PaymentDriver.Output.WakeAt wake -> { } // the workload ticks often enough
        case PaymentDriver.Output.Finished finished -> {
          job.driver = null;
          if (finished.confirmedWeight() < committee.quorumThreshold()) {
            job.unconfirmed = finished.certificate();
            job.retryAt = sim.now + 20;
          } else {
            jobs.remove(job);
          }
        }
        case PaymentDriver.Output.GaveUp gaveUp -> {
          sim.trace("ch gave up " + job.order.order().key() + " (" + gaveUp.why() + "): " + gaveUp.summary());
          job.driver = null;
          job.retryAt = sim.now + 30 + sim.random.nextInt(100);
          if (job.raced) {
            jobs.remove(job);
            lockIfRaceLost(job, sim);
          }
        }
      }
    }
  }

  /** Both raced orders ended and neither was certified: the slot is stuck, and so is the channel's value. */
  private void lockIfRaceLost(Job job, Simulation sim) {
    ChannelSlot slot = ChannelSlot.of(job.order);
    Channel channel = channels.get(slot.channel());
    if (channel.nonce == slot.nonce() && !busy(slot.channel())) {
      channel.locked = true;
      racesLocked++;
      sim.trace("ch race at " + job.order.order().key() + " left the slot without a certificate: channel locked");
    }
  }

  /** The channel slot a raced order takes. */
  private record ChannelSlot(ChannelId channel, long nonce) {
    static ChannelSlot of(SignedOrder<?> order) {
      ChannelId id = (ChannelId) order.order().key().owner();
      return new ChannelSlot(id, order.order().key().sequenceNumber().value());
    }
  }

  /** Keeps the books from a certificate of its own. */
  private void certified(Certificate certificate, Simulation sim) {
    sim.invariants.certified(certificate);
    certificates++;
    sim.trace("ch certified " + certificate.key() + " " + certificate.order().getClass().getSimpleName());
    Account home = accounts.get(certificate.order().home());
    home.history.add(certificate);
    switch (certificate.order()) {
      case ChannelOpen open -> {
        home.next++;
        home.add(open.asset(), -open.value().units());
        channels.put(open.channel(), new Channel(open, signers.get(open.channel()), home, accounts.get(open.recipient())));
      }
      case ChannelFund fund -> {
        Channel channel = channels.get(fund.channel());
        home.next++;
        home.add(channel.open.asset(), -fund.added().units());
        channel.value += fund.added().units();
        channel.expiration = Math.max(channel.expiration, fund.expiration());
      }
      case ChannelClaim claim -> {
        Channel channel = slotTaken(claim.channel(), claim.taken());
        channel.seller.add(claim.asset(), claim.paid().units());
        home.add(claim.asset(), claim.returned().units());
      }
      case ChannelRefund refund -> {
        slotTaken(refund.channel(), refund.amount().units());
        home.add(refund.asset(), refund.amount().units());
      }
      case TransferOrder transfer -> throw new IllegalStateException("the channel workload signs no transfers");
    }
  }

  private Channel slotTaken(ChannelId id, long taken) {
    Channel channel = channels.get(id);
    channel.value -= taken;
    channel.nonce++;
    channel.authorised = 0;
    channel.stale = channel.best;
    channel.best = null;
    return channel;
  }

  /**
   * Why honest authority {@code a} does not hold what this workload's certificates say (null when it
   * does): every channel's value, nonce and expiration, no other channel, and its accounts' balances.
   */
  String disagreement(int a, Simulation sim) {
    Map<ChannelId, ChannelState> held = new TreeMap<>();
    for (int s = 0; s < sim.shardCount(); s++) {
      sim.shard(a, s).channels().forEach((id, state) -> {
        if (state.isOpen()) {
          held.put(id, state);
        }
      });
    }
    if (!held.keySet().equals(channels.keySet())) {
      return "authority " + a + " holds channels " + held.keySet() + " but the workload opened " + channels.keySet();
    }
    for (Channel channel : channels.values()) {
      ChannelState state = held.get(channel.open.channel());
      if (state.value() != channel.value || state.nonce().value() != channel.nonce || state.expiration() != channel.expiration) {
        return "authority " + a + " holds channel " + channel.open.channel() + " at value " + state.value() + " nonce "
            + state.nonce() + " expiration " + state.expiration() + "; its certificates say " + channel.value + ", "
            + channel.nonce + ", " + channel.expiration;
      }
    }
    for (Account account : accounts.values()) {
      for (AssetId asset : SimClient.ASSETS) {
        long theirs = sim.shardState(a, account.id).account(account.id).balance(asset);
        if (theirs != account.balance(asset)) {
          return "authority " + a + " has " + theirs + " " + asset + " for " + account.name + ", the workload's certificates and"
              + " deposits " + account.balance(asset);
        }
      }
      if (sim.shardState(a, account.id).account(account.id).nextSequenceNumber().value() != account.next) {
        return "authority " + a + " is at another sequence number for " + account.name;
      }
    }
    return null;
  }
}
