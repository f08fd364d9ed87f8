package io.quorumpay.client;

import io.quorumpay.api.AccountInfoReply;
import io.quorumpay.api.ConfirmReply;
import io.quorumpay.core.client.ClientState;
import io.quorumpay.core.client.Refusals;
import io.quorumpay.core.client.VoteCollector;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.SignedTransferOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.primary.RedeemReceipt;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import io.quorumpay.api.primary.DepositReceipt;
import io.quorumpay.api.primary.PrimaryChain;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The paykit: one wallet's payments and balance, correct when authorities disagree.
 *
 * <p>Every step that matters is saved to the wallet file before anything depends on it: a signed
 * order is pending on disk before it is sent, a certificate is recorded before it is broadcast.
 * A wallet from a crashed run resumes with {@link #finishPending()}. Only certificates and
 * deposits the wallet verified count in its balance, so up to f authorities that are down, behind,
 * ahead or lying cannot make it wrong, and it never goes backwards because a slow authority
 * answered. Operations on one wallet run one at a time; many wallets may share one
 * {@link CommitteeClient}.
 */
public final class PayKit implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PayKit.class);
  private static final int RECEIVED_PAGE = 1000;
  private static final int MAX_CATCH_UP = 1000;
  /** How many of its latest received certificates a wallet re-sends to an authority that lags on its balance. */
  private static final int CATCH_UP_CREDITS = 256;

  private final WalletFile file;
  private final CommitteeClient committee;
  private final PrimaryChain primary;
  private final Committee members;
  private final ExecutorService async = Executors.newVirtualThreadPerTaskExecutor();
  private final int rounds;
  private final Duration retryPause;
  private WalletData data;
  private ClientState state;
  private final Map<AuthorityName, Long> positions;
  private long depositCursor;

  private PayKit(WalletFile file, CommitteeClient committee, PrimaryChain primary, WalletData data, int rounds, Duration retryPause) {
    this.file = file;
    this.committee = committee;
    this.primary = primary;
    this.members = committee.committee();
    this.data = data;
    this.state = ClientState.restore(members, data.key(), data.snapshot());
    this.positions = new HashMap<>(data.receivedPositions());
    this.depositCursor = data.depositCursor();
    this.rounds = rounds;
    this.retryPause = retryPause;
  }

  /** Opens the wallet in {@code file} against a committee and the primary chain. */
  public static PayKit open(WalletFile file, CommitteeClient committee, PrimaryChain primary) throws PayKitException {
    return open(file, committee, primary, 6, Duration.ofMillis(150));
  }

  /** Like {@link #open(WalletFile, CommitteeClient, PrimaryChain)}, with {@code rounds} vote rounds spaced by {@code retryPause}. */
  public static PayKit open(WalletFile file, CommitteeClient committee, PrimaryChain primary, int rounds, Duration retryPause)
      throws PayKitException {
    try {
      return new PayKit(file, committee, primary, file.load(), rounds, retryPause);
    } catch (IOException e) {
      throw new PayKitException(PayKitException.Kind.STORAGE, e.getMessage(), null, e);
    }
  }

  public AccountId account() {
    return state.account();
  }

  /** The order signed and not yet certified, if any (after a crash: finish it with {@link #finishPending()}). */
  public synchronized Optional<SignedTransferOrder> pendingOrder() {
    return state.pendingOrder();
  }

  // ---- balance and sync -----------------------------------------------------------------------

  /** Syncs with every authority and the primary, then returns the verified balance and what it is as of. */
  public synchronized Balance balance() throws PayKitException {
    sync();
    return localBalance();
  }

  /** The balance from what this wallet has already verified, without asking anyone. */
  public synchronized Balance localBalance() {
    return new Balance(state.balances(), Map.copyOf(positions), depositCursor, state.nextSequenceNumber().value());
  }

  /**
   * Reads, from every authority, the certificates this account received since the last sync
   * (verifying each), any certificate for its own next order (in case someone else completed it),
   * and the primary's new deposits for it; saves. Authorities that do not answer are skipped.
   *
   * @return how many new certificates and deposits were counted
   */
  public synchronized int sync() throws PayKitException {
    Map<AuthorityName, Long> positionsBefore = Map.copyOf(positions);
    long cursorBefore = depositCursor;
    int counted = 0;
    List<CompletableFuture<Received>> streams = new ArrayList<>();
    for (int a = 0; a < committee.size(); a++) {
      AuthorityName name = committee.name(a);
      streams.add(readReceived(a, positions.getOrDefault(name, 0L), new ArrayList<>()));
    }
    for (int a = 0; a < committee.size(); a++) {
      Received received = streams.get(a).exceptionally(failure -> null).join();
      if (received == null) {
        continue;
      }
      for (Certificate certificate : received.certificates()) {
        counted += record(certificate) ? 1 : 0;
      }
      positions.put(committee.name(a), received.position());
    }
    counted += discoverOwnCertificates();
    try {
      List<PrimaryDeposit> deposits;
      do {
        deposits = primary.confirmedDeposits(depositCursor, 1000, 1);
        for (PrimaryDeposit deposit : deposits) {
          if (deposit.recipient().equals(account())) {
            counted += state.recordDeposit(deposit) ? 1 : 0;
          }
          depositCursor = deposit.index() + 1;
        }
      } while (!deposits.isEmpty());
    } catch (IOException e) {
      log.atDebug().addKeyValue("reason", e.getMessage()).log("primary unreachable during sync; deposits read later");
    } catch (ProtocolException e) {
      throw PayKitException.refused(e.error());
    }
    if (counted > 0 || depositCursor != cursorBefore || !positions.equals(positionsBefore)) {
      save();
    }
    return counted;
  }

  /** What one authority's stream of received certificates yielded, and the position after it. */
  private record Received(List<Certificate> certificates, long position) {}

  /** Reads authority {@code a}'s stream of certificates received by this account, from {@code from} to its end. */
  private CompletableFuture<Received> readReceived(int a, long from, List<Certificate> sofar) {
    return committee.accountInfo(a, account(), Optional.empty(), from, RECEIVED_PAGE).thenCompose(reply -> {
      if (reply.getReceivedTotal() < from) {
        // The authority's stream restarted (it lost or rebuilt state): read it again from the start.
        return readReceived(a, 0, sofar);
      }
      for (var bytes : reply.getReceivedList()) {
        try {
          sofar.add(Certificate.decode(bytes.toByteArray()));
        } catch (ProtocolException e) {
          log.atWarn().addKeyValue("authority", committee.name(a).shortName()).log("authority sent a malformed certificate; ignored");
        }
      }
      long next = from + reply.getReceivedCount();
      return reply.getReceivedCount() == RECEIVED_PAGE
          ? readReceived(a, next, sofar)
          : CompletableFuture.completedFuture(new Received(sofar, next));
    });
  }

  /** Counts {@code certificate} if it verifies and pays this account. */
  private boolean record(Certificate certificate) {
    try {
      return state.recordReceived(VerifiedCertificate.check(certificate, members));
    } catch (ProtocolException e) {
      log.atWarn().addKeyValue("reason", e.getMessage()).log("ignored a received certificate that does not verify");
      return false;
    }
  }

  /** Records certificates for this account's own next orders that someone else completed. */
  private int discoverOwnCertificates() throws PayKitException {
    int found = 0;
    while (true) {
      SequenceNumber next = state.nextSequenceNumber();
      Optional<Certificate> certificate = fetchCertificate(account(), next);
      if (certificate.isEmpty()) {
        return found;
      }
      recordSent(certificate.get());
      found++;
    }
  }

  /** The certificate for (sender, sequence number) from the first authority that has a valid one. */
  private Optional<Certificate> fetchCertificate(AccountId sender, SequenceNumber sequence) {
    List<CompletableFuture<AccountInfoReply>> replies = new ArrayList<>();
    for (int a = 0; a < committee.size(); a++) {
      replies.add(committee.accountInfo(a, sender, Optional.of(sequence), 0, 0));
    }
    for (CompletableFuture<AccountInfoReply> reply : replies) {
      AccountInfoReply info = reply.exceptionally(failure -> null).join();
      if (info == null || info.getRequestedCertificate().isEmpty()) {
        continue;
      }
      try {
        Certificate certificate = Certificate.decode(info.getRequestedCertificate().toByteArray());
        TransferOrder order = VerifiedCertificate.check(certificate, members).order();
        if (order.sender().equals(sender) && order.sequenceNumber().equals(sequence)) {
          return Optional.of(certificate);
        }
      } catch (ProtocolException e) {
        log.atWarn().addKeyValue("reason", e.getMessage()).log("an authority sent an invalid certificate; ignored");
      }
    }
    return Optional.empty();
  }

  /** Certificates this account received, in the order this wallet learned of them, from {@code position}. */
  public synchronized List<Certificate> receivedSince(int position) {
    List<Certificate> received = state.snapshot().received();
    return position >= received.size() ? List.of() : List.copyOf(received.subList(position, received.size()));
  }

  // ---- transfers ------------------------------------------------------------------------------

  /**
   * Signs an order and saves it as pending before returning it: nothing has been sent yet, and a
   * crash from here on resumes this same order. Refuses an amount the wallet cannot prove it has
   * (after syncing once).
   */
  public synchronized SignedTransferOrder prepareTransfer(Recipient recipient, AssetId asset, Amount amount, UserData userData)
      throws PayKitException {
    if (state.balance(asset) < amount.units()) {
      sync(); // credits may have arrived since the last sync
    }
    try {
      SignedTransferOrder order = state.prepareTransfer(recipient, asset, amount, userData);
      save();
      return order;
    } catch (ProtocolException e) {
      throw PayKitException.refused(e.error());
    }
  }

  /**
   * Gathers a quorum of votes for {@code order}, forms and records the certificate, confirms it at
   * every authority (bringing lagging ones up to date), and returns it. Safe to call again for the
   * same order: it returns the same certificate.
   */
  public synchronized Certificate submit(SignedTransferOrder order) throws PayKitException {
    Optional<Certificate> done = sentCertificate(order.order());
    if (done.isPresent()) {
      broadcast(done.get());
      return done.get();
    }
    if (!state.pendingOrder().map(order::equals).orElse(false)) {
      throw PayKitException.refused(new ProtocolError.UnexpectedCertificate(
          "this order is not the wallet's pending order; prepare it with prepareTransfer first"));
    }
    Certificate certificate = certify(order);
    recordSent(certificate);
    broadcast(certificate);
    return certificate;
  }

  /** Prepares and submits in one step. */
  public synchronized Certificate pay(Recipient recipient, AssetId asset, Amount amount, UserData userData) throws PayKitException {
    return submit(prepareTransfer(recipient, asset, amount, userData));
  }

  /** Finishes the pending order left by a crash, if any; returns its certificate. */
  public synchronized Optional<Certificate> finishPending() throws PayKitException {
    Optional<SignedTransferOrder> pending = state.pendingOrder();
    return pending.isEmpty() ? Optional.empty() : Optional.of(submit(pending.get()));
  }

  /** True when authorities with a quorum of weight have applied {@code certificate}. */
  public boolean isConfirmed(Certificate certificate) {
    TransferOrder order = certificate.order();
    List<CompletableFuture<AccountInfoReply>> replies = new ArrayList<>();
    for (int a = 0; a < committee.size(); a++) {
      replies.add(committee.accountInfo(a, order.sender(), Optional.empty(), 0, 0));
    }
    long weight = 0;
    for (int a = 0; a < committee.size(); a++) {
      AccountInfoReply info = replies.get(a).exceptionally(failure -> null).join();
      if (info != null && info.getNextSequenceNumber() > order.sequenceNumber().value()) {
        weight += committee.weight(a);
      }
    }
    return weight >= members.quorumThreshold();
  }

  private Optional<Certificate> sentCertificate(TransferOrder order) {
    return state.snapshot().sent().stream().filter(c -> c.order().equals(order)).findFirst();
  }

  private void recordSent(Certificate certificate) throws PayKitException {
    try {
      state.recordSent(VerifiedCertificate.check(certificate, members));
    } catch (ProtocolException e) {
      throw PayKitException.refused(e.error());
    }
    save();
  }

  /** One reply to a vote request. */
  private record Answer(int authority, Vote vote, Throwable failure) {}

  /** Asks every authority for its vote, in rounds, catching up the ones that lag, until a quorum forms. */
  private Certificate certify(SignedTransferOrder order) throws PayKitException {
    VoteCollector votes = new VoteCollector(members, order.order());
    boolean[] voted = new boolean[committee.size()];
    Map<Integer, String> problems = new LinkedHashMap<>();
    ProtocolError lastRefusal = null;
    for (int round = 0; round < rounds; round++) {
      CompletableFuture<Certificate> quorum = new CompletableFuture<>();
      List<CompletableFuture<Answer>> answers = new ArrayList<>();
      for (int a = 0; a < committee.size(); a++) {
        if (voted[a]) {
          continue;
        }
        int authority = a;
        answers.add(committee.vote(a, order).handle((vote, failure) -> {
          Answer answer = new Answer(authority, vote, failure);
          if (vote != null) {
            synchronized (votes) {
              try {
                votes.add(vote).ifPresent(quorum::complete);
              } catch (ProtocolException e) {
                // A lying authority's bad vote: it simply does not count.
              }
            }
          }
          return answer;
        }));
      }
      CompletableFuture.anyOf(quorum, CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))).join();
      if (quorum.isDone()) {
        return quorum.join();
      }
      for (CompletableFuture<Answer> future : answers) {
        Answer answer = future.join();
        if (answer.vote() != null) {
          voted[answer.authority()] = true;
          continue;
        }
        Throwable cause = answer.failure() instanceof CompletionException c && c.getCause() != null ? c.getCause() : answer.failure();
        if (cause instanceof ProtocolException refusal) {
          lastRefusal = refusal.error();
          problems.put(answer.authority(), refusal.error().code().name());
          if (lags(refusal.error())) {
            catchUp(answer.authority());
          }
        } else {
          problems.put(answer.authority(), "unreachable");
        }
      }
      pause(round);
    }
    synchronized (votes) {
      if (votes.certificate().isPresent()) {
        return votes.certificate().get();
      }
    }
    String summary = "no quorum for " + order.order().key() + " after " + rounds + " rounds: " + describe(problems);
    if (lastRefusal != null && !problems.containsValue("unreachable") && !lags(lastRefusal)) {
      throw new PayKitException(PayKitException.Kind.REFUSED, summary + "; " + lastRefusal.message(), lastRefusal, null);
    }
    throw new PayKitException(PayKitException.Kind.NO_QUORUM, summary + "; the order stays pending, retry later", lastRefusal, null);
  }

  private String describe(Map<Integer, String> problems) {
    List<String> parts = new ArrayList<>();
    problems.forEach((a, problem) -> parts.add(committee.name(a).shortName() + " " + problem));
    return String.join(", ", parts);
  }

  /** A refusal that an authority which is behind gives, and that catching it up can cure. */
  private static boolean lags(ProtocolError error) {
    return Refusals.curedByCatchUp(error.code());
  }

  private void pause(int round) {
    try {
      Thread.sleep(retryPause.toMillis() * (round + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Brings authority {@code a} up to date on this account: the certificates it sent that {@code a}
   * has not applied, and the ones that credited it.
   */
  private void catchUp(int a) {
    AccountInfoReply info = committee.accountInfo(a, account(), Optional.empty(), 0, 0).exceptionally(failure -> null).join();
    if (info == null) {
      return;
    }
    for (Certificate certificate : state.snapshot().sent()) {
      if (certificate.order().sequenceNumber().value() >= info.getNextSequenceNumber()) {
        confirmAt(a, certificate);
      }
    }
    List<Certificate> received = state.snapshot().received();
    for (Certificate certificate : received.subList(Math.max(0, received.size() - CATCH_UP_CREDITS), received.size())) {
      confirmAt(a, certificate);
    }
  }

  /** Confirms at every authority, in parallel, catching up those that miss the sender's earlier certificates. */
  private int broadcast(Certificate certificate) {
    List<CompletableFuture<Boolean>> confirmations = new ArrayList<>();
    for (int a = 0; a < committee.size(); a++) {
      int authority = a;
      confirmations.add(CompletableFuture.supplyAsync(() -> confirmAt(authority, certificate), async));
    }
    return (int) confirmations.stream().filter(CompletableFuture::join).count();
  }

  /**
   * Confirms {@code certificate} at authority {@code a}; if {@code a} misses earlier certificates of
   * the same sender, fetches them from other authorities and confirms them first.
   */
  private boolean confirmAt(int a, Certificate certificate) {
    try {
      committee.confirm(a, certificate).join();
      return true;
    } catch (CompletionException e) {
      if (!(e.getCause() instanceof ProtocolException refusal) || refusal.error().code() != ProtocolError.Code.MISSING_EARLIER_CONFIRMATIONS) {
        return false;
      }
    }
    TransferOrder order = certificate.order();
    AccountInfoReply info = committee.accountInfo(a, order.sender(), Optional.empty(), 0, 0).exceptionally(f -> null).join();
    if (info == null) {
      return false;
    }
    long from = info.getNextSequenceNumber();
    long to = order.sequenceNumber().value();
    if (to - from > MAX_CATCH_UP) {
      return false;
    }
    for (long sequence = from; sequence < to; sequence++) {
      Optional<Certificate> earlier = fetchCertificate(order.sender(), new SequenceNumber(sequence));
      if (earlier.isEmpty() || !confirmOnce(a, earlier.get())) {
        return false;
      }
    }
    return confirmOnce(a, certificate);
  }

  private boolean confirmOnce(int a, Certificate certificate) {
    ConfirmReply.Outcome outcome = committee.confirm(a, certificate).exceptionally(f -> null).join();
    return outcome != null;
  }

  // ---- the primary chain ----------------------------------------------------------------------

  /** Deposits {@code amount} from {@code depositor} on the primary to this account. */
  public synchronized DepositReceipt deposit(PrimaryAddress depositor, AssetId asset, Amount amount) throws PayKitException {
    try {
      return primary.deposit(depositor, account(), asset, amount);
    } catch (ProtocolException e) {
      throw PayKitException.refused(e.error());
    } catch (IOException e) {
      throw new PayKitException(PayKitException.Kind.UNREACHABLE, "the primary chain is unreachable: " + e.getMessage(), null, e);
    }
  }

  /**
   * Moves {@code amount} out of QuorumPay to {@code to} on the primary: certifies a transfer to
   * that address, then has the primary pay it. A redeem already paid (a retry) is not paid twice.
   */
  public synchronized RedeemReceipt redeem(AssetId asset, Amount amount, PrimaryAddress to) throws PayKitException {
    Certificate certificate = pay(new Recipient.Primary(to), asset, amount, UserData.EMPTY);
    return payOut(certificate);
  }

  /** Submits a redeem certificate to the primary; a replay of one already paid returns its receipt. */
  public synchronized RedeemReceipt payOut(Certificate certificate) throws PayKitException {
    TransferOrder order = certificate.order();
    if (!(order.recipient() instanceof Recipient.Primary destination)) {
      throw PayKitException.refused(new ProtocolError.NotARedeem(order.sender(), order.sequenceNumber().value()));
    }
    try {
      return primary.redeem(certificate);
    } catch (ProtocolException e) {
      if (e.error().code() == ProtocolError.Code.REDEEM_REPLAY) {
        return new RedeemReceipt(order.key(), destination.address(), order.asset(), order.amount());
      }
      throw PayKitException.refused(e.error());
    } catch (IOException e) {
      throw new PayKitException(PayKitException.Kind.UNREACHABLE,
          "the primary chain is unreachable; the certificate is saved, pay it out later: " + e.getMessage(), null, e);
    }
  }

  // ---- asynchronous variants ------------------------------------------------------------------

  public CompletableFuture<Balance> balanceAsync() {
    return supply(this::balance);
  }

  public CompletableFuture<Certificate> submitAsync(SignedTransferOrder order) {
    return supply(() -> submit(order));
  }

  public CompletableFuture<Certificate> payAsync(Recipient recipient, AssetId asset, Amount amount, UserData userData) {
    return supply(() -> pay(recipient, asset, amount, userData));
  }

  public CompletableFuture<RedeemReceipt> redeemAsync(AssetId asset, Amount amount, PrimaryAddress to) {
    return supply(() -> redeem(asset, amount, to));
  }

  public CompletableFuture<Integer> syncAsync() {
    return supply(this::sync);
  }

  @FunctionalInterface
  private interface Operation<T> {
    T run() throws PayKitException;
  }

  private <T> CompletableFuture<T> supply(Operation<T> operation) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return operation.run();
      } catch (PayKitException e) {
        throw new CompletionException(e);
      }
    }, async);
  }

  private void save() throws PayKitException {
    WalletData next = new WalletData(data.key(), state.snapshot(), positions, depositCursor);
    try {
      file.save(next);
      data = next;
    } catch (IOException e) {
      throw new PayKitException(PayKitException.Kind.STORAGE, "cannot save the wallet: " + e.getMessage(), null, e);
    }
  }

  @Override
  public void close() {
    async.shutdown();
  }
}
