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
  /**
   * Per sender on another shard, the highest sequence number credited here. A sender's
   * certificates are applied in sequence order and its shard's credits arrive in index order, so
   * this one number per sender recognises any certificate credited before: bounded state.
   */
  private final Map<AccountId, Long> creditedUpTo;
  private long appliedCount;
  private long epoch;
  private long commits;
  private final long[] peerCursors;
  private long depositScanFrom;

  // What changed since the last takeWrites().
  private final Map<AccountId, AccountState> changedAccounts = new LinkedHashMap<>();
  private final List<Certificate> appliedCertificates = new ArrayList<>();
  private final List<ReceivedCertificate> receivedEntries = new ArrayList<>();
  private final List<CrossShardCredit> outboxAdded = new ArrayList<>();
  private final List<CrossShardCredit> outboxAcknowledged = new ArrayList<>();
  private final Map<AccountId, Long> changedCredited = new LinkedHashMap<>();
  private final List<Vote> signed = new ArrayList<>();
  private boolean progressChanged;

  private ShardState(ShardConfig config, Map<AccountId, AccountState> accounts, ShardProgress progress,
      Collection<CrossShardCredit> pendingCredits, Map<AccountId, Long> creditedUpTo) {
    this.config = config;
    this.assignment = config.assignment();
    if (progress.nextOutboxIndex().size() != config.shardCount()) {
      throw new IllegalArgumentException("progress is for " + progress.nextOutboxIndex().size() + " shards, not "
          + config.shardCount());
    }
    if (progress.peerCursors().size() != config.committee().size()) {
      throw new IllegalArgumentException("progress is for a committee of " + progress.peerCursors().size() + ", not "
          + config.committee().size());
    }
    this.accounts = new HashMap<>(accounts);
    this.nextDepositIndex = progress.nextDepositIndex();
    this.nextOutboxIndex = progress.nextOutboxIndex().stream().mapToLong(Long::longValue).toArray();
    this.nextInboxIndex = progress.nextInboxIndex().stream().mapToLong(Long::longValue).toArray();
    this.deposited = new TreeMap<>(progress.deposited());
    this.redeemed = new TreeMap<>(progress.redeemed());
    this.appliedCount = progress.appliedCount();
    this.epoch = progress.epoch();
    this.commits = progress.commits();
    this.peerCursors = progress.peerCursors().stream().mapToLong(Long::longValue).toArray();
    this.depositScanFrom = progress.depositScanFrom();
    this.creditedUpTo = new HashMap<>(creditedUpTo);
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
    return new ShardState(config, Map.of(), ShardProgress.initial(config), List.of(), Map.of());
  }

  /**
   * A shard rebuilt from nothing after its data was lost or restored from an older copy: empty, it
   * takes back the votes of its signing record (see {@link #adoptSignedVotes}), continues the
   * record's commit count, and starts recovery epoch {@code epoch} (the same for every shard of the
   * authority, and above any before); it then catches up from its peers and the primary.
   */
  public static ShardState rebuild(ShardConfig config, long recordedCommits, long epoch, Collection<Vote> signedVotes) {
    ShardState state = create(config);
    state.commits = recordedCommits;
    state.epoch = epoch;
    state.adoptSignedVotes(signedVotes);
    state.progressChanged = true;
    return state;
  }

  /**
   * A shard restored from storage: its accounts, its progress, its unacknowledged outbox and, per
   * sender on another shard, the highest sequence number credited here.
   */
  public static ShardState restore(ShardConfig config, Map<AccountId, AccountState> accounts, ShardProgress progress,
      Collection<CrossShardCredit> pendingCredits, Map<AccountId, Long> creditedUpTo) {
    return new ShardState(config, accounts, progress, pendingCredits, creditedUpTo);
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
    long next = account.nextSequenceNumber().value();
    Optional<Vote> pending = account.pendingVote();
    if (pending.isPresent()) {
      TransferOrder voted = pending.get().order();
      if (voted.equals(order)) {
        return pending.get();
      }
      if (voted.sequenceNumber().equals(order.sequenceNumber())) {
        throw new ProtocolException(new ProtocolError.ConflictingOrder(sender, order.sequenceNumber().value()));
      }
      if (voted.sequenceNumber().value() > next) {
        // Recovered from the signing record: this authority signed further on and may have signed
        // anything in between, so it votes again only once confirmations have brought it there.
        throw new ProtocolException(new ProtocolError.MissingEarlierConfirmations(sender, next, voted.sequenceNumber().value()));
      }
    }
    if (order.sequenceNumber().value() != next) {
      throw new ProtocolException(new ProtocolError.UnexpectedSequenceNumber(sender, next, order.sequenceNumber().value()));
    }
    long balance = account.balance(order.asset());
    if (balance < order.amount().units()) {
      throw new ProtocolException(new ProtocolError.InsufficientBalance(sender, order.asset(), balance, order.amount().units()));
    }
    Vote vote = verified.vote(config.authorityKey());
    putAccount(sender, account.withPendingVote(vote));
    signed.add(vote);
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
    appliedCount++;
    progressChanged = true;
    return ConfirmationOutcome.APPLIED;
  }

  // ---- cross-shard credits ------------------------------------------------------------------

  /**
   * Applies a credit from a sibling shard exactly once. Credits from one source arrive in index
   * order; a redelivered one (an index already passed) is acknowledged again without effect. A
   * certificate credited before is refused under any new index: a credit is applied at most once
   * per certificate, whatever index or source it carries.
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
    long sequence = order.sequenceNumber().value();
    Long creditedBefore = creditedUpTo.get(order.sender());
    if (creditedBefore != null && sequence <= creditedBefore) {
      throw new ProtocolException(new ProtocolError.CreditReplayed(order.sender(), sequence));
    }
    AccountState credited = credit(recipient.id(), order.asset(), order.amount().units());
    applyCredit(recipient.id(), credited, verified.certificate());
    creditedUpTo.put(order.sender(), sequence);
    changedCredited.put(order.sender(), sequence);
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

  /**
   * Whether the certificate for {@code key} has been applied here: a cheap check, before any
   * signature is verified, that lets catching up skip what this shard already holds.
   */
  public boolean isApplied(OrderKey key) {
    return account(key.sender()).nextSequenceNumber().value() > key.sequenceNumber().value();
  }

  /** How many batches of changes this shard has committed (see {@link SigningRecord}). */
  public long commits() {
    return commits;
  }

  /** This authority's recovery epoch: the sibling seal covers it. */
  public long epoch() {
    return epoch;
  }

  /** How many certificates this shard has applied: the length of its applied log. */
  public long appliedCount() {
    return appliedCount;
  }

  /** How far this shard has read the applied log of committee member {@code member} (its index). */
  public long peerCursor(int member) {
    return peerCursors[member];
  }

  /**
   * Records that catching up has read member {@code member}'s applied log up to {@code position}.
   * The cursor is written with the next commit that happens anyway, not in one of its own: losing
   * the last advance in a crash only means reading those entries again, and a caught-up shard
   * polling its peers then costs no fsync.
   */
  public void advancePeerCursor(int member, long position) {
    if (position > peerCursors[member]) {
      peerCursors[member] = position;
    }
  }

  /**
   * Takes back votes from this authority's signing record after its data was restored or rebuilt:
   * for each account, a vote at or beyond where the account stands here becomes its pending vote,
   * so that the authority never signs another order at that sequence number, nor anything before it.
   */
  public void adoptSignedVotes(Collection<Vote> votes) {
    for (Vote vote : votes) {
      AccountId sender = vote.order().sender();
      if (assignment.shardOf(sender) != config.shard() || !vote.authority().equals(config.authority())) {
        throw new IllegalArgumentException("vote " + vote.order().key() + " is not one of this shard's own");
      }
      AccountState account = account(sender);
      long votedAt = vote.order().sequenceNumber().value();
      long pendingAt = account.pendingVote().map(v -> v.order().sequenceNumber().value()).orElse(-1L);
      if (votedAt >= account.nextSequenceNumber().value() && votedAt > pendingAt) {
        putAccount(sender, account.withPendingVote(vote));
      }
    }
  }

  /** The index of the next primary deposit this shard will apply. */
  public long nextDepositIndex() {
    return nextDepositIndex;
  }

  /** A primary block at or before the one holding the next deposit (0: not known); see {@link ShardProgress}. */
  public long depositScanFrom() {
    return depositScanFrom;
  }

  /**
   * Notes that the next deposit is in block {@code block} or later (the block of the last deposit
   * applied), so that reading the primary resumes there, after a restart too. It only moves forward.
   */
  public void advanceDepositScan(long block) {
    if (block > depositScanFrom) {
      depositScanFrom = block;
      progressChanged = true;
    }
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

  /** Per sender on another shard, the highest sequence number credited here. */
  public Map<AccountId, Long> creditedUpTo() {
    return Map.copyOf(creditedUpTo);
  }

  /** All accounts this shard has state for. */
  public Map<AccountId, AccountState> accounts() {
    return Map.copyOf(accounts);
  }

  public ShardProgress progress() {
    return new ShardProgress(nextDepositIndex, boxed(nextOutboxIndex), boxed(nextInboxIndex), deposited, redeemed,
        appliedCount, epoch, commits, boxed(peerCursors), depositScanFrom);
  }

  /**
   * What changed since the last call: the caller writes it durably before replying. Each call that
   * returns changes is one commit: the count goes into the progress, for the signing record.
   */
  public ShardWrites takeWrites() {
    if (progressChanged || !changedAccounts.isEmpty() || !outboxAcknowledged.isEmpty()) {
      commits++;
      progressChanged = true;
    }
    ShardWrites writes = new ShardWrites(changedAccounts, appliedCertificates, receivedEntries, outboxAdded,
        outboxAcknowledged, changedCredited, signed, progressChanged ? Optional.of(progress()) : Optional.empty());
    changedAccounts.clear();
    appliedCertificates.clear();
    receivedEntries.clear();
    outboxAdded.clear();
    outboxAcknowledged.clear();
    changedCredited.clear();
    signed.clear();
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
