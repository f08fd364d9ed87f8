package io.quorumpay.hub.committee;

import io.quorumpay.api.AccountInfoReply;
import io.quorumpay.api.ConfirmReply;
import io.quorumpay.api.HealthReply;
import io.quorumpay.api.primary.ChainStatus;
import io.quorumpay.api.primary.PrimaryChain;
import io.quorumpay.client.CommitteeClient;
import io.quorumpay.client.CommitteeExchange;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.client.PaymentDriver;
import io.quorumpay.core.primary.RedeemReceipt;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.hub.error.HubError;
import io.quorumpay.hub.error.HubException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The hub's only way to the committee and the primary: through the client kit's
 * {@link CommitteeClient} and the {@link PrimaryChain} interface. It relays signed orders and
 * certificates and checks everything it passes on; it signs nothing.
 */
public final class CommitteeGateway implements AutoCloseable {
  private final CommitteeClient committee;
  private final PrimaryChain primary;
  private final Duration wait;
  private final PaymentDriver.Budget budget;
  /** Per committee member (the payment driver's numbering), its index in {@link CommitteeClient}. */
  private final int[] clientIndex;
  /** Twice as long as a payment's budget (its vote rounds, then its confirm time) can last: a backstop only. */
  private final Duration answerBound;
  /** Most payments relayed at once by default: each holds one platform thread while it is driven. */
  static final int MAX_RELAYS = 256;
  /** The threads payments are driven on ({@link RelayedPayment}); idle ones end after a minute. */
  private final ThreadPoolExecutor relays;
  /** Where {@link #certify} completes, and a replay's look-up (which waits for authorities) runs: a virtual thread each. */
  private static final Executor ANSWERS = command -> Thread.ofVirtual().name("hub-answer").start(command);

  public CommitteeGateway(CommitteeClient committee, PrimaryChain primary, Duration wait) {
    this(committee, primary, wait, MAX_RELAYS, PaymentDriver.Budget.standard());
  }

  /**
   * As above, relaying at most {@code maxRelays} payments at once (one more is refused {@code
   * COMMITTEE_UNAVAILABLE}), each driven within {@code budget}.
   */
  CommitteeGateway(CommitteeClient committee, PrimaryChain primary, Duration wait, int maxRelays, PaymentDriver.Budget budget) {
    this.committee = committee;
    this.primary = primary;
    this.wait = wait;
    this.budget = budget;
    long voteMillis = budget.roundMillis() * budget.rounds() * (budget.rounds() + 1) / 2; // round r lasts r rounds' time
    this.answerBound = Duration.ofMillis(2 * (voteMillis + budget.confirmMillis()));
    this.clientIndex = CommitteeExchange.clientIndex(committee);
    this.relays = new ThreadPoolExecutor(0, maxRelays, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
        Thread.ofPlatform().name("hub-relay-", 0).daemon().factory());
  }

  public Committee committee() {
    return committee.committee();
  }

  // ---- status -------------------------------------------------------------------------------

  /** One shard of one authority as the hub sees it. */
  public record ShardHealth(int shard, boolean up, long appliedCount, long accounts, long nextDepositIndex, String problem) {}

  /** One authority: its key, weight, and shards. */
  public record AuthorityHealth(String name, long weight, List<ShardHealth> shards) {}

  /** The primary chain: height, deposits, and per asset what it holds and has paid out. */
  public record PrimaryHealth(boolean up, long height, long depositCount, Map<String, Long> funds, Map<String, Long> redeemed,
      String problem) {}

  /**
   * The network: committee, authorities with health, primary and totals per asset (the primary's),
   * and whether this hub indexes history or serves reads while another hub on its database does.
   */
  public record NetworkStatus(String network, String committeeDigest, long totalWeight, long quorumWeight, int shardCount,
      List<AuthorityHealth> authorities, PrimaryHealth primary, String indexer, String asOf) {}

  /** The network now; {@code indexer} is this hub's indexing state as {@link NetworkStatus} reports it. */
  public NetworkStatus status(String indexer) {
    List<List<CompletableFuture<HealthReply>>> asked = new ArrayList<>();
    for (int a = 0; a < committee.size(); a++) {
      List<CompletableFuture<HealthReply>> shards = new ArrayList<>();
      for (int s = 0; s < committee.shardCount(); s++) {
        shards.add(committee.health(a, s));
      }
      asked.add(shards);
    }
    PrimaryHealth primaryHealth;
    try {
      ChainStatus chain = primary.status();
      primaryHealth = new PrimaryHealth(true, chain.height(), chain.depositCount(), codes(chain.funds()), codes(chain.redeemed()), null);
    } catch (IOException | RuntimeException e) {
      primaryHealth = new PrimaryHealth(false, 0, 0, Map.of(), Map.of(), "unreachable: " + e.getMessage());
    }
    List<AuthorityHealth> authorities = new ArrayList<>();
    for (int a = 0; a < asked.size(); a++) {
      List<ShardHealth> shards = new ArrayList<>();
      for (int s = 0; s < asked.get(a).size(); s++) {
        try {
          HealthReply reply = await(asked.get(a).get(s));
          shards.add(new ShardHealth(s, true, reply.getAppliedCount(), reply.getAccounts(), reply.getNextDepositIndex(), null));
        } catch (IOException | ProtocolException e) {
          shards.add(new ShardHealth(s, false, 0, 0, 0, e.getMessage()));
        }
      }
      authorities.add(new AuthorityHealth(committee.name(a).key().bytes().toHex(), committee.weight(a), shards));
    }
    Committee c = committee.committee();
    return new NetworkStatus(c.network().bytes().toHex(), c.digest().toHex(), c.totalWeight(), c.quorumThreshold(),
        committee.shardCount(), authorities, primaryHealth, indexer, Instant.now().toString());
  }

  private static Map<String, Long> codes(Map<io.quorumpay.core.types.AssetId, Long> byAsset) {
    Map<String, Long> out = new TreeMap<>();
    byAsset.forEach((asset, units) -> out.put(asset.code(), units));
    return out;
  }

  // ---- accounts -----------------------------------------------------------------------------

  /** An account as a quorum reports it, and what that is as of. */
  public record AccountView(String account, Map<String, Long> balances, long nextSequenceNumber, AsOf asOf) {}

  /**
   * What a view is as of: when it was read, how many authorities (and what weight) answered, and
   * that every number is one that authorities of a quorum's weight all report at least.
   */
  public record AsOf(String time, int authoritiesAnswered, long weightAnswered, long quorumWeight, String rule) {}

  public AccountView account(AccountId account) {
    List<CompletableFuture<AccountInfoReply>> asked = new ArrayList<>();
    for (int a = 0; a < committee.size(); a++) {
      asked.add(committee.accountInfo(a, account, Optional.empty(), 0, 0));
    }
    List<QuorumView.Report> reports = new ArrayList<>();
    boolean known = false;
    for (int a : inCompletionOrder(asked)) {
      try {
        AccountInfoReply reply = await(asked.get(a));
        Map<String, Long> balances = new TreeMap<>();
        reply.getBalancesList().forEach(balance -> balances.put(balance.getAsset(), balance.getUnits()));
        known |= !balances.isEmpty() || reply.getNextSequenceNumber() > 0 || reply.getReceivedTotal() > 0;
        reports.add(new QuorumView.Report(committee.weight(a), balances, reply.getNextSequenceNumber()));
      } catch (IOException | ProtocolException e) {
        // Down or refusing: it just does not count towards the quorum.
      }
    }
    Committee c = committee.committee();
    long answered = reports.stream().mapToLong(QuorumView.Report::weight).sum();
    if (answered < c.quorumThreshold()) {
      throw new HubException(new HubError.CommitteeUnavailable(reports.size() + " of " + committee.size() + " authorities answered"));
    }
    if (!known) {
      throw new HubException(new HubError.UnknownAccount(account.hex()));
    }
    QuorumView.View view = QuorumView.of(reports, c.quorumThreshold());
    return new AccountView(account.hex(), view.balances(), view.nextSequenceNumber(), new AsOf(Instant.now().toString(),
        view.answered(), view.answeredWeight(), c.quorumThreshold(), "each value is reported (at least) by authorities of a quorum's weight"));
  }

  /**
   * The certificate at (account, sequence number) that checks against the committee: every
   * authority is asked at once and the first valid answer wins, so a slow or lying authority
   * costs at most one wait in all.
   */
  public Optional<Certificate> certificate(AccountId account, long sequenceNumber) {
    java.util.concurrent.BlockingQueue<CompletableFuture<AccountInfoReply>> done = new java.util.concurrent.LinkedBlockingQueue<>();
    List<CompletableFuture<AccountInfoReply>> asked = new ArrayList<>();
    for (int a = 0; a < committee.size(); a++) {
      CompletableFuture<AccountInfoReply> reply = committee.accountInfo(a, account, Optional.of(new SequenceNumber(sequenceNumber)), 0, 0);
      asked.add(reply);
      reply.whenComplete((value, failure) -> done.add(reply));
    }
    int answered = 0;
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      for (int i = 0; i < asked.size(); i++) {
        CompletableFuture<AccountInfoReply> next = done.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (next == null) {
          break;
        }
        try {
          AccountInfoReply reply = await(next);
          answered++;
          if (!reply.getRequestedCertificate().isEmpty()) {
            Certificate certificate = Certificate.decode(reply.getRequestedCertificate().toByteArray());
            VerifiedCertificate.check(certificate, committee.committee());
            if (certificate.key().owner().equals(account) && certificate.key().sequenceNumber().value() == sequenceNumber) {
              return Optional.of(certificate);
            }
          }
        } catch (IOException | ProtocolException e) {
          // A down or lying authority: the others' answers decide.
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      asked.forEach(reply -> reply.cancel(true));
    }
    if (answered == 0) {
      throw new HubException(new HubError.CommitteeUnavailable("no authority answered"));
    }
    return Optional.empty();
  }

  // ---- submitting ---------------------------------------------------------------------------

  /** How the committee took a certificate: authorities that applied it now, had applied it before, or did not answer. */
  public record Confirmation(int applied, int alreadyApplied, int failed) {}

  /**
   * The certificate of a relayed order, valid by construction: formed from votes each checked as
   * it came, or (a replay) read from authorities and checked against the committee. Only this
   * package makes one. {@code committeeNanos}: from when a relay thread began driving the payment
   * until authorities of a quorum's weight reported it applied (the time a client kit's payment
   * takes); for a replay, all the time spent asking the committee.
   */
  public static final class Relayed {
    private final Certificate certificate;
    private final long committeeNanos;

    Relayed(Certificate certificate, long committeeNanos) {
      this.certificate = certificate;
      this.committeeNanos = committeeNanos;
    }

    public Certificate certificate() {
      return certificate;
    }

    public long committeeNanos() {
      return committeeNanos;
    }
  }

  /**
   * Gathers votes for {@code order} (its signature already checked) and confirms the certificate
   * they form, as the client kit does: the kit's {@link PaymentDriver} asks every authority at
   * once, forms the certificate at a quorum of votes and sends it to every authority. The answer
   * is the certificate as soon as authorities of a quorum's weight report it applied, and the relay
   * ends there: the slowest authority neither delays the payer nor holds a relay thread (it has
   * been sent the certificate, and catches up from its peers; {@link RelayedPayment}). A refusal by
   * authorities of validity weight (so by at least one honest authority) is the answer; too few
   * answers is {@code COMMITTEE_UNAVAILABLE}. A replayed order whose certificate exists already
   * (the committee has moved past its slot) gets that certificate. Each call drives its own payment
   * on a relay thread: concurrent calls share only the committee's connections (at most {@link
   * #MAX_RELAYS} at once by default).
   *
   * <p>The future completes on a virtual thread of its own (or, refused at once, on the caller's),
   * never on a relay thread: whatever runs on its completion (writing the HTTP answer to a client
   * that may read it slowly) cannot hold a relay thread, and whoever waits needs no thread either.
   */
  public CompletableFuture<Relayed> certify(SignedOrder<Order> order) {
    long began = System.nanoTime();
    Committee c = committee.committee();
    // The hub holds no wallet: it has no earlier certificates to bring a lagging authority up to date with.
    PaymentDriver driver = new PaymentDriver(c, order, List.of(), List.of(), budget);
    CompletableFuture<Relayed> relayed = RelayedPayment.start(driver, committee, clientIndex, relays, c.quorumThreshold())
        .orTimeout(answerBound.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionallyCompose(failure -> {
          RuntimeException why = switch (failure) {
            case HubException refused -> refused;
            case TimeoutException late -> new HubException(new HubError.CommitteeUnavailable("no answer within "
                + answerBound.toSeconds() + " s"));
            default -> new IllegalStateException("relaying a payment failed", failure);
          };
          return isStale(why) ? replay(order, began, why) : CompletableFuture.failedFuture(why);
        });
    return relayed.isDone() ? relayed : relayed.whenCompleteAsync((value, failure) -> { }, ANSWERS);
  }

  /** Refused for its sequence number, which may mean it was certified already. */
  private static boolean isStale(RuntimeException refusal) {
    return refusal instanceof HubException e && e.error() instanceof HubError.OrderRefused refused
        && ProtocolError.Code.UNEXPECTED_SEQUENCE_NUMBER.name().equals(refused.reason());
  }

  /** The checked certificate of {@code order} if the committee has one, else {@code refusal}. */
  private CompletableFuture<Relayed> replay(SignedOrder<Order> order, long began, RuntimeException refusal) {
    if (!(order.order().key().owner() instanceof AccountId owner)) {
      return CompletableFuture.failedFuture(refusal);
    }
    return CompletableFuture.supplyAsync(() -> {
      Optional<Certificate> existing = certificate(owner, order.order().key().sequenceNumber().value());
      if (existing.isPresent() && existing.get().order().equals(order.order())) {
        return new Relayed(existing.get(), System.nanoTime() - began);
      }
      throw refusal;
    }, ANSWERS);
  }

  /** Sends a checked certificate to every authority; at least a quorum's weight must have it applied. */
  public Confirmation confirm(Certificate certificate) {
    List<CompletableFuture<ConfirmReply.Outcome>> asked = new ArrayList<>();
    for (int a = 0; a < committee.size(); a++) {
      asked.add(committee.confirm(a, certificate));
    }
    int applied = 0;
    int already = 0;
    int failed = 0;
    long weight = 0;
    String refusal = null;
    for (int a : inCompletionOrder(asked)) {
      try {
        ConfirmReply.Outcome outcome = await(asked.get(a));
        if (outcome == ConfirmReply.Outcome.ALREADY_APPLIED) {
          already++;
        } else {
          applied++;
        }
        weight += committee.weight(a);
      } catch (ProtocolException e) {
        refusal = e.getMessage();
        failed++;
      } catch (IOException e) {
        failed++;
      }
    }
    if (weight < committee.committee().quorumThreshold()) {
      throw new HubException(new HubError.CommitteeUnavailable("only " + (applied + already) + " authorities took the certificate"
          + (refusal == null ? "" : " (" + refusal + ")")));
    }
    return new Confirmation(applied, already, failed);
  }

  /** Pays out a checked redeem certificate on the primary (once: a replay is refused there). */
  public RedeemReceipt redeem(Certificate certificate) {
    confirm(certificate);
    try {
      return primary.redeem(certificate);
    } catch (ProtocolException e) {
      ProtocolError.Code code = e.error() instanceof ProtocolError.Refused r ? r.remoteCode() : e.error().code();
      throw new HubException(new HubError.OrderRefused(code.name(), e.getMessage()));
    } catch (IOException e) {
      throw new HubException(new HubError.CommitteeUnavailable("the primary chain is unreachable: " + e.getMessage()));
    }
  }

  /**
   * The indexes of {@code futures} in the order they complete, those still open after the wait
   * last: a slow authority does not hold up the answers of the others (one that has not answered by then is cancelled and counts as down).
   */
  private <T> List<Integer> inCompletionOrder(List<CompletableFuture<T>> futures) {
    java.util.concurrent.LinkedBlockingQueue<Integer> done = new java.util.concurrent.LinkedBlockingQueue<>();
    for (int i = 0; i < futures.size(); i++) {
      int index = i;
      futures.get(i).whenComplete((value, failure) -> done.add(index));
    }
    List<Integer> order = new ArrayList<>();
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      while (order.size() < futures.size()) {
        Integer next = done.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (next == null) {
          break;
        }
        order.add(next);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (int i = 0; i < futures.size(); i++) {
      if (!order.contains(i)) {
        futures.get(i).cancel(true); // no answer within the wait: counted as down
        order.add(i);
      }
    }
    return order;
  }

  private <T> T await(CompletableFuture<T> future) throws IOException, ProtocolException {
    try {
      return future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ProtocolException p) {
        throw p;
      }
      throw new IOException(e.getCause() == null ? e.getMessage() : e.getCause().getMessage(), e.getCause());
    } catch (java.util.concurrent.CancellationException e) {
      throw new IOException("no answer within " + wait.toMillis() + " ms", e);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new IOException("no answer within " + wait.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Payments being driven on a relay thread now (approximate, for tests and monitoring). */
  int activeRelays() {
    return relays.getActiveCount();
  }

  /** Stops the payments' timer; payments still under way get no more rounds. */
  @Override
  public void close() {
    relays.shutdownNow();
  }
}
