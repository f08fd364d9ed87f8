package io.quorumpay.core.authority;

import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.AccountInfoRequest;
import io.quorumpay.core.messages.AccountInfoResponse;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.CrossShardCredit;
import io.quorumpay.core.messages.OrderKey;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.messages.VerifiedOrder;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One shard of one authority: every rule of FastPay's authority, as a pure deterministic state
 * machine. No I/O, threads, clocks or randomness: inputs come in already decoded and checked
 * ({@link VerifiedOrder}, {@link VerifiedCertificate}), and every change is both applied here and
 * recorded in a {@link ShardWrites} for storage ({@link #takeWrites()}).
 *
 * <p>A refused input changes nothing: each handler checks everything before it writes. Not
 * thread-safe: one thread owns a shard (the single writer).
 */
public final class ShardState {

  /** What a confirmation did. */
  public enum ConfirmationOutcome {
    /** Applied now: sender debited, sequence number advanced, recipient credited or credit queued. */
    APPLIED,
    /** Applied before; nothing changed. Confirmations are idempotent. */
    ALREADY_APPLIED
  }

  /** What a cross-shard credit did. */
  public enum CreditOutcome {
    APPLIED,
    /** Applied before (a redelivery); nothing changed, and the sender may stop resending it. */
    ALREADY_APPLIED
  }

  /** What a primary deposit did. */
  public enum DepositOutcome {
    /** The recipient lives here and was credited. */
    CREDITED,
    /** The recipient lives on another shard; only the deposit cursor moved. */
    NOT_FOR_THIS_SHARD
  }

  private final ShardConfig config;
  private final ShardAssignment assignment;
  private final Map<AccountId, AccountState> accounts;
  private long nextDepositIndex;
  private final long[] nextOutboxIndex;
  private final long[] nextInboxIndex;
  private final TreeMap<AssetId, Long> deposited;
  private final TreeMap<AssetId, Long> redeemed;
  /** Per destination shard, credits sent and not yet acknowledged, by index. */
  private final List<NavigableMap<Long, CrossShardCredit>> outbox;

  // What changed since the last takeWrites().
  private final Map<AccountId, AccountState> changedAccounts = new LinkedHashMap<>();
  private final List<Certificate> appliedCertificates = new ArrayList<>();
  private final List<ReceivedCertificate> receivedEntries = new ArrayList<>();
  private final List<CrossShardCredit> outboxAdded = new ArrayList<>();
  private final List<CrossShardCredit> outboxAcknowledged = new ArrayList<>();
  private boolean progressChanged;

  private ShardState(ShardConfig config, Map<AccountId, AccountState> accounts, ShardProgress progress,
      Collection<CrossShardCredit> pendingCredits) {
    this.config = config;
    this.assignment = config.assignment();
    if (progress.nextOutboxIndex().size() != config.shardCount()) {
      throw new IllegalArgumentException("progress is for " + progress.nextOutboxIndex().size() + " shards, not "
          + config.shardCount());
    }
    this.accounts = new HashMap<>(accounts);
    this.nextDepositIndex = progress.nextDepositIndex();
    this.nextOutboxIndex = progress.nextOutboxIndex().stream().mapToLong(Long::longValue).toArray();
    this.nextInboxIndex = progress.nextInboxIndex().stream().mapToLong(Long::longValue).toArray();
    this.deposited = new TreeMap<>(progress.deposited());
    this.redeemed = new TreeMap<>(progress.redeemed());
    this.outbox = new ArrayList<>();
    for (int i = 0; i < config.shardCount(); i++) {
      outbox.add(new TreeMap<>());
    }
    for (CrossShardCredit credit : pendingCredits) {
      outbox.get(credit.destShard()).put(credit.index(), credit);
    }
  }

  /** A new, empty shard. */
  public static ShardState create(ShardConfig config) {
    return new ShardState(config, Map.of(), ShardProgress.initial(config.shardCount()), List.of());
  }

  /** A shard restored from storage: its accounts, its progress and its unacknowledged outbox. */
  public static ShardState restore(ShardConfig config, Map<AccountId, AccountState> accounts, ShardProgress progress,
      Collection<CrossShardCredit> pendingCredits) {
    return new ShardState(config, accounts, progress, pendingCredits);
  }

  public ShardConfig config() {
    return config;
  }

  // ---- transfer orders ----------------------------------------------------------------------

  /**
   * Votes for an order, or refuses it. The same order again gets the same vote; a different order
   * at a sequence number this authority already voted at is refused forever.
   */
  public Vote handleTransferOrder(VerifiedOrder verified) throws ProtocolException {
    TransferOrder order = verified.order();
    checkNetwork(order);
    AccountId sender = order.sender();
    config.checkOwns(sender);
    AccountState account = account(sender);
    Optional<Vote> pending = account.pendingVote();
    if (pending.isPresent()) {
      TransferOrder voted = pending.get().order();
      if (voted.equals(order)) {
        return pending.get();
      }
      if (voted.sequenceNumber().equals(order.sequenceNumber())) {
        throw new ProtocolException(new ProtocolError.ConflictingOrder(sender, order.sequenceNumber().value()));
      }
    }
    long next = account.nextSequenceNumber().value();
    if (order.sequenceNumber().value() != next) {
      throw new ProtocolException(new ProtocolError.UnexpectedSequenceNumber(sender, next, order.sequenceNumber().value()));
    }
    long balance = account.balance(order.asset());
    if (balance < order.amount().units()) {
      throw new ProtocolException(new ProtocolError.InsufficientBalance(sender, order.asset(), balance, order.amount().units()));
    }
    Vote vote = verified.vote(config.authorityKey());
    putAccount(sender, account.withPendingVote(vote));
    return vote;
  }

  // ---- confirmations ------------------------------------------------------------------------

  /**
   * Applies a certificate once: debits the sender, advances its sequence number, and credits the
   * recipient here, queues a credit for the recipient's shard, or counts a redeem.
   */
  public ConfirmationOutcome handleConfirmation(VerifiedCertificate verified) throws ProtocolException {
    checkCommittee(verified);
    Certificate certificate = verified.certificate();
    TransferOrder order = certificate.order();
    AccountId sender = order.sender();
    config.checkOwns(sender);
    AccountState account = account(sender);
    long next = account.nextSequenceNumber().value();
    long sequence = order.sequenceNumber().value();
    if (sequence < next) {
      return ConfirmationOutcome.ALREADY_APPLIED;
    }
    if (sequence > next) {
      throw new ProtocolException(new ProtocolError.MissingEarlierConfirmations(sender, next, sequence));
    }

    // Compute every new value first, so that an overflow refuses the whole step.
    long amount = order.amount().units();
    AccountState debited = account
        .withBalance(order.asset(), subtract(account.balance(order.asset()), amount, "balance of " + sender))
        .withNextSequenceNumber(order.sequenceNumber().next());
    switch (order.recipient()) {
      case Recipient.Account recipient when assignment.shardOf(recipient.id()) == config.shard() -> {
        AccountState credited = credit(recipient.id(), order.asset(), amount);
        putAccount(sender, debited);
        applyCredit(recipient.id(), credited, certificate);
      }
      case Recipient.Account recipient -> {
        int dest = assignment.shardOf(recipient.id());
        putAccount(sender, debited);
        CrossShardCredit credit = new CrossShardCredit(config.shard(), dest, nextOutboxIndex[dest]++, certificate);
        outbox.get(dest).put(credit.index(), credit);
        outboxAdded.add(credit);
        progressChanged = true;
      }
      case Recipient.Primary primary -> {
        long total = add(redeemed.getOrDefault(order.asset(), 0L), amount, "redeemed " + order.asset());
        putAccount(sender, debited);
        redeemed.put(order.asset(), total);
        progressChanged = true;
      }
    }
    appliedCertificates.add(certificate);
    return ConfirmationOutcome.APPLIED;
  }

  // ---- cross-shard credits ------------------------------------------------------------------

  /**
   * Applies a credit from a sibling shard exactly once. Credits from one source arrive in index
   * order; a redelivered one is acknowledged again without effect.
   */
  public CreditOutcome handleCrossShardCredit(int sourceShard, int destShard, long index, VerifiedCertificate verified)
      throws ProtocolException {
    checkCommittee(verified);
    if (destShard != config.shard()) {
      throw new ProtocolException(new ProtocolError.CreditMisrouted("credit for shard " + destShard + " sent to shard " + config.shard()));
    }
    if (sourceShard < 0 || sourceShard >= config.shardCount() || sourceShard == config.shard()) {
      throw new ProtocolException(new ProtocolError.CreditMisrouted("no sibling shard " + sourceShard));
    }
    TransferOrder order = verified.order();
    if (!(order.recipient() instanceof Recipient.Account recipient) || assignment.shardOf(recipient.id()) != config.shard()) {
      throw new ProtocolException(new ProtocolError.CreditMisrouted("the certificate does not pay an account of shard " + config.shard()));
    }
    if (assignment.shardOf(order.sender()) != sourceShard) {
      throw new ProtocolException(new ProtocolError.CreditMisrouted("the certificate's sender is not on shard " + sourceShard));
    }
    long expected = nextInboxIndex[sourceShard];
    if (index < expected) {
      return CreditOutcome.ALREADY_APPLIED;
    }
    if (index > expected) {
      throw new ProtocolException(new ProtocolError.CreditOutOfOrder(sourceShard, expected, index));
    }
    AccountState credited = credit(recipient.id(), order.asset(), order.amount().units());
    applyCredit(recipient.id(), credited, verified.certificate());
    nextInboxIndex[sourceShard]++;
    progressChanged = true;
    return CreditOutcome.APPLIED;
  }

  /** Forgets outbox credits to {@code destShard} below {@code nextIndex}: the destination applied them. */
  public void acknowledgeCredits(int destShard, long nextIndex) {
    NavigableMap<Long, CrossShardCredit> acknowledged = outbox.get(destShard).headMap(nextIndex, false);
    outboxAcknowledged.addAll(acknowledged.values());
    acknowledged.clear();
  }

  /** The index of the next credit this shard expects from {@code sourceShard}. */
  public long nextCreditIndex(int sourceShard) {
    return nextInboxIndex[sourceShard];
  }

  /** The index of the next primary deposit this shard will apply. */
  public long nextDepositIndex() {
    return nextDepositIndex;
  }

  /** Credits not yet acknowledged by their destination, oldest first per destination. */
  public List<CrossShardCredit> pendingCredits(int destShard) {
    return List.copyOf(outbox.get(destShard).values());
  }

  // ---- primary deposits ---------------------------------------------------------------------

  /** Applies the next primary deposit: deposits apply exactly once, in index order. */
  public DepositOutcome handleDeposit(PrimaryDeposit deposit) throws ProtocolException {
    if (!deposit.network().equals(config.committee().network())) {
      throw new ProtocolException(new ProtocolError.WrongNetwork(config.committee().network(), deposit.network()));
    }
    if (deposit.index() < nextDepositIndex) {
      throw new ProtocolException(new ProtocolError.DepositAlreadyApplied(deposit.index(), nextDepositIndex));
    }
    if (deposit.index() > nextDepositIndex) {
      throw new ProtocolException(new ProtocolError.DepositOutOfOrder(nextDepositIndex, deposit.index()));
    }
    DepositOutcome outcome = DepositOutcome.NOT_FOR_THIS_SHARD;
    if (assignment.shardOf(deposit.recipient()) == config.shard()) {
      long amount = deposit.amount().units();
      AccountState credited = credit(deposit.recipient(), deposit.asset(), amount);
      long total = add(deposited.getOrDefault(deposit.asset(), 0L), amount, "deposited " + deposit.asset());
      putAccount(deposit.recipient(), credited);
      deposited.put(deposit.asset(), total);
      outcome = DepositOutcome.CREDITED;
    }
    nextDepositIndex++;
    progressChanged = true;
    return outcome;
  }

  // ---- queries ------------------------------------------------------------------------------

  /** The account's state here (empty if this shard never saw it). */
  public AccountState account(AccountId id) {
    return accounts.getOrDefault(id, AccountState.EMPTY);
  }

  /** Answers an account-info query from this state and the shard's certificate log. */
  public AccountInfoResponse accountInfo(AccountInfoRequest request, CertificateLog log) throws ProtocolException {
    config.checkOwns(request.account());
    AccountState account = account(request.account());
    Optional<Certificate> certificate = request.certificateAt()
        .flatMap(sequence -> log.applied(new OrderKey(request.account(), sequence)));
    List<Certificate> received = request.receivedLimit() == 0
        ? List.of()
        : log.received(request.account(), request.receivedFrom(), request.receivedLimit());
    return new AccountInfoResponse(request.account(), account.balances(), account.nextSequenceNumber(),
        account.pendingVote(), certificate, request.receivedFrom(), received, account.receivedCount());
  }

  /** How many accounts this shard has state for. */
  public int accountCount() {
    return accounts.size();
  }

  /** All accounts this shard has state for. */
  public Map<AccountId, AccountState> accounts() {
    return Map.copyOf(accounts);
  }

  public ShardProgress progress() {
    return new ShardProgress(nextDepositIndex, boxed(nextOutboxIndex), boxed(nextInboxIndex), deposited, redeemed);
  }

  /** What changed since the last call: the caller writes it durably before replying. */
  public ShardWrites takeWrites() {
    ShardWrites writes = new ShardWrites(changedAccounts, appliedCertificates, receivedEntries, outboxAdded,
        outboxAcknowledged, progressChanged ? Optional.of(progress()) : Optional.empty());
    changedAccounts.clear();
    appliedCertificates.clear();
    receivedEntries.clear();
    outboxAdded.clear();
    outboxAcknowledged.clear();
    progressChanged = false;
    return writes;
  }

  // ---- helpers ------------------------------------------------------------------------------

  private void checkNetwork(TransferOrder order) throws ProtocolException {
    if (!order.network().equals(config.committee().network())) {
      throw new ProtocolException(new ProtocolError.WrongNetwork(config.committee().network(), order.network()));
    }
  }

  private void checkCommittee(VerifiedCertificate verified) {
    if (!verified.committee().equals(config.committee())) {
      // A bug at the edge, not bad input: certificates are checked against this shard's committee.
      throw new IllegalArgumentException("certificate was checked against another committee");
    }
  }


  /** The recipient's state after a credit; nothing is written yet. */
  private AccountState credit(AccountId recipient, AssetId asset, long amount) throws ProtocolException {
    AccountState state = account(recipient);
    return state.withBalance(asset, add(state.balance(asset), amount, "balance of " + recipient));
  }

  private void applyCredit(AccountId recipient, AccountState credited, Certificate certificate) {
    receivedEntries.add(new ReceivedCertificate(recipient, credited.receivedCount(), certificate));
    putAccount(recipient, credited.withOneMoreReceived());
  }

  private void putAccount(AccountId id, AccountState state) {
    accounts.put(id, state);
    changedAccounts.put(id, state);
  }

  private static long add(long a, long b, String what) throws ProtocolException {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException e) {
      throw new ProtocolException(new ProtocolError.BalanceOverflow(what));
    }
  }

  private static long subtract(long a, long b, String what) throws ProtocolException {
    try {
      return Math.subtractExact(a, b);
    } catch (ArithmeticException e) {
      throw new ProtocolException(new ProtocolError.BalanceOverflow(what));
    }
  }

  private static List<Long> boxed(long[] values) {
    return java.util.Arrays.stream(values).boxed().toList();
  }
}
