package io.quorumpay.core.authority;

import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.AccountInfoRequest;
import io.quorumpay.core.messages.AccountInfoResponse;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.ChannelClaim;
import io.quorumpay.core.messages.ChannelFund;
import io.quorumpay.core.messages.ChannelInfoRequest;
import io.quorumpay.core.messages.ChannelInfoResponse;
import io.quorumpay.core.messages.ChannelOpen;
import io.quorumpay.core.messages.ChannelRefund;
import io.quorumpay.core.messages.CrossShardCredit;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.messages.OrderKey;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.messages.VerifiedOrder;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.SlotOwner;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SortedMap;
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
  private final Map<ChannelId, ChannelState> channels;
  /** The highest primary-chain height this shard has observed: refunds are voted only from a channel's expiration on. */
  private long primaryHeight;
  private long nextDepositIndex;
  private final long[] nextOutboxIndex;
  private final long[] nextInboxIndex;
  private final TreeMap<AssetId, Long> deposited;
  private final TreeMap<AssetId, Long> redeemed;
  /** Per destination shard, credits sent and not yet acknowledged, by index. */
  private final List<NavigableMap<Long, CrossShardCredit>> outbox;
  /**
   * Per slot owner on another shard (a sender, or a channel whose claims pay here), the highest
   * sequence number (nonce) credited here. An owner's certificates are applied in slot order and
   * its shard's credits arrive in index order, so this one number per owner recognises any
   * certificate credited before: bounded state.
   */
  private final Map<SlotOwner, Long> creditedUpTo;
  private long appliedCount;
  private long epoch;
  private long commits;
  private final long[] peerCursors;
  private long depositScanFrom;

  // What changed since the last takeWrites().
  private final Map<AccountId, AccountState> changedAccounts = new LinkedHashMap<>();
  private final Map<ChannelId, ChannelState> changedChannels = new LinkedHashMap<>();
  private final List<Certificate> appliedCertificates = new ArrayList<>();
  private final List<ReceivedCertificate> receivedEntries = new ArrayList<>();
  private final List<CrossShardCredit> outboxAdded = new ArrayList<>();
  private final List<CrossShardCredit> outboxAcknowledged = new ArrayList<>();
  private final Map<SlotOwner, Long> changedCredited = new LinkedHashMap<>();
  private final List<Vote> signed = new ArrayList<>();
  private boolean progressChanged;

  private ShardState(ShardConfig config, Map<AccountId, AccountState> accounts, Map<ChannelId, ChannelState> channels,
      ShardProgress progress, Collection<CrossShardCredit> pendingCredits, Map<SlotOwner, Long> creditedUpTo) {
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
    this.channels = new HashMap<>(channels);
    this.primaryHeight = progress.primaryHeight();
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
    return new ShardState(config, Map.of(), Map.of(), ShardProgress.initial(config), List.of(), Map.of());
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
   * A shard restored from storage: its accounts, its channels, its progress, its unacknowledged
   * outbox and, per slot owner on another shard, the highest sequence number credited here.
   */
  public static ShardState restore(ShardConfig config, Map<AccountId, AccountState> accounts,
      Map<ChannelId, ChannelState> channels, ShardProgress progress, Collection<CrossShardCredit> pendingCredits,
      Map<SlotOwner, Long> creditedUpTo) {
    return new ShardState(config, accounts, channels, progress, pendingCredits, creditedUpTo);
  }

  public ShardConfig config() {
    return config;
  }

  // ---- orders -------------------------------------------------------------------------------

  /**
   * Votes for an order, or refuses it. One vote per slot: the same order again gets the same vote;
   * a different order at a slot this authority already voted at is refused forever.
   */
  public Vote handleOrder(VerifiedOrder verified) throws ProtocolException {
    Order order = verified.order();
    checkNetwork(order);
    config.checkOwns(order.home());
    // A channel's slot lives in the channel: it must be known here before its slot rules apply.
    Optional<ChannelState> channel = switch (order) {
      case TransferOrder transfer -> Optional.empty();
      case ChannelOpen open -> Optional.empty();
      case ChannelFund fund -> Optional.of(openChannel(fund.channel(), fund.sender(), Optional.empty()));
      case ChannelClaim claim -> Optional.of(openChannel(claim.channel(), claim.channelSender(), Optional.of(claim.asset())));
      case ChannelRefund refund -> Optional.of(openChannel(refund.channel(), refund.sender(), Optional.of(refund.asset())));
    };
    if (order instanceof ChannelClaim claim && !channel.get().open().get().recipient().equals(claim.claimer())) {
      throw new ProtocolException(new ProtocolError.NotChannelRecipient(claim.channel(), claim.claimer()));
    }
    SlotOwner owner = order.key().owner();
    long next = nextInSlot(owner);
    Optional<Vote> pending = pendingInSlot(owner);
    long sequence = order.key().sequenceNumber().value();
    if (pending.isPresent()) {
      Order voted = pending.get().order();
      if (voted.equals(order)) {
        return pending.get();
      }
      long votedAt = voted.key().sequenceNumber().value();
      if (votedAt == sequence) {
        throw new ProtocolException(new ProtocolError.ConflictingOrder(owner, sequence));
      }
      if (votedAt > next) {
        // Recovered from the signing record: this authority signed further on and may have signed
        // anything in between, so it votes again only once confirmations have brought it there.
        throw new ProtocolException(new ProtocolError.MissingEarlierConfirmations(owner, next, votedAt));
      }
    }
    if (sequence != next) {
      throw new ProtocolException(new ProtocolError.UnexpectedSequenceNumber(owner, next, sequence));
    }
    switch (order) {
      case TransferOrder transfer -> checkCovers(transfer.sender(), transfer.asset(), transfer.amount().units());
      case ChannelOpen open -> checkCovers(open.sender(), open.asset(), open.value().units());
      case ChannelFund fund -> checkFund(fund, channel.get());
      case ChannelClaim claim -> checkClaim(claim, channel.get());
      case ChannelRefund refund -> checkRefund(refund, channel.get());
    }
    Vote vote = verified.vote(config.authorityKey());
    switch (owner) {
      case AccountId account -> putAccount(account, account(account).withPendingVote(vote));
      case ChannelId id -> putChannel(id, channel.get().withPendingVote(vote));
    }
    signed.add(vote);
    return vote;
  }

  private void checkCovers(AccountId sender, AssetId asset, long amount) throws ProtocolException {
    long balance = account(sender).balance(asset);
    if (balance < amount) {
      throw new ProtocolException(new ProtocolError.InsufficientBalance(sender, asset, balance, amount));
    }
  }

  private void checkFund(ChannelFund fund, ChannelState channel) throws ProtocolException {
    if (fund.expiration() < channel.expiration()) {
      throw new ProtocolException(new ProtocolError.ChannelExpirationDecreases(fund.channel(), channel.expiration(),
          fund.expiration()));
    }
    if (fund.added().isZero() && fund.expiration() == channel.expiration()) {
      throw new ProtocolException(new ProtocolError.ZeroAmount());
    }
    checkCovers(fund.sender(), channel.open().get().asset(), fund.added().units());
  }

  private static void checkClaim(ChannelClaim claim, ChannelState channel) throws ProtocolException {
    ChannelOpen open = channel.open().get();
    // The buyer may sign with the channel's hot key or with its account key.
    if (!claim.authorizer().equals(open.authorizer()) && !claim.authorizer().equals(open.sender().key())) {
      throw new ProtocolException(new ProtocolError.InvalidAuthorization(claim.channel(), "signed by " + claim.authorizer()
          + ", which is neither the channel's signer key nor its sender's"));
    }
    if (claim.taken() > channel.value()) {
      throw new ProtocolException(new ProtocolError.InsufficientChannelValue(claim.channel(), channel.value(), claim.taken()));
    }
  }

  private void checkRefund(ChannelRefund refund, ChannelState channel) throws ProtocolException {
    if (primaryHeight < channel.expiration()) {
      throw new ProtocolException(new ProtocolError.ChannelNotExpired(refund.channel(), channel.expiration(), primaryHeight));
    }
    if (refund.amount().units() > channel.value()) {
      throw new ProtocolException(new ProtocolError.InsufficientChannelValue(refund.channel(), channel.value(),
          refund.amount().units()));
    }
  }

  /**
   * The channel {@code id}, opened here, of {@code sender} (and in {@code asset}, when the order
   * names it), or {@code UNKNOWN_CHANNEL}.
   */
  private ChannelState openChannel(ChannelId id, AccountId sender, Optional<AssetId> asset) throws ProtocolException {
    ChannelState channel = channels.get(id);
    if (channel == null || !channel.isOpen()) {
      throw new ProtocolException(new ProtocolError.UnknownChannel(id, "no open certificate for it was applied on this"
          + " shard; send that first"));
    }
    ChannelOpen open = channel.open().get();
    if (!open.sender().equals(sender)) {
      throw new ProtocolException(new ProtocolError.UnknownChannel(id, "its sender is " + open.sender() + ", not " + sender));
    }
    if (asset.isPresent() && !asset.get().equals(open.asset())) {
      throw new ProtocolException(new ProtocolError.UnknownChannel(id, "it holds " + open.asset() + ", not " + asset.get()));
    }
    return channel;
  }

  private long nextInSlot(SlotOwner owner) {
    return switch (owner) {
      case AccountId account -> account(account).nextSequenceNumber().value();
      case ChannelId id -> Optional.ofNullable(channels.get(id)).map(c -> c.nonce().value()).orElse(0L);
    };
  }

  private Optional<Vote> pendingInSlot(SlotOwner owner) {
    return switch (owner) {
      case AccountId account -> account(account).pendingVote();
      case ChannelId id -> Optional.ofNullable(channels.get(id)).flatMap(ChannelState::pendingVote);
    };
  }

  // ---- confirmations ------------------------------------------------------------------------

  /**
   * Applies a certificate once, in its slot's order: a transfer debits the sender and credits the
   * recipient here, queues a credit for the recipient's shard, or counts a redeem; a channel order
   * moves value between its sender, the channel and its recipient (docs/PROTOCOL.md).
   */
  public ConfirmationOutcome handleConfirmation(VerifiedCertificate verified) throws ProtocolException {
    checkCommittee(verified);
    Certificate certificate = verified.certificate();
    Order order = certificate.order();
    config.checkOwns(order.home());
    Optional<ChannelState> channel = switch (order) {
      case TransferOrder transfer -> Optional.empty();
      case ChannelOpen open -> Optional.empty();
      case ChannelFund fund -> Optional.empty(); // on the sender's slot: looked up once that slot is due
      case ChannelClaim claim -> Optional.of(openChannel(claim.channel(), claim.channelSender(), Optional.of(claim.asset())));
      case ChannelRefund refund -> Optional.of(openChannel(refund.channel(), refund.sender(), Optional.of(refund.asset())));
    };
    SlotOwner owner = order.key().owner();
    long next = nextInSlot(owner);
    long sequence = order.key().sequenceNumber().value();
    if (sequence < next) {
      return ConfirmationOutcome.ALREADY_APPLIED;
    }
    if (sequence > next) {
      throw new ProtocolException(new ProtocolError.MissingEarlierConfirmations(owner, next, sequence));
    }
    SequenceNumber following = order.key().sequenceNumber().next();
    // Each case computes every new value first, so that an overflow refuses the whole step.
    switch (order) {
      case TransferOrder transfer -> applyTransfer(transfer, certificate, following);
      case ChannelOpen open -> {
        AccountState debited = debit(open.sender(), open.asset(), open.value().units()).withNextSequenceNumber(following);
        ChannelId id = open.channel();
        ChannelState existing = channels.get(id);
        ChannelState opened = existing == null ? ChannelState.opened(open) : existing.withOpen(open);
        putAccount(open.sender(), debited);
        putChannel(id, opened);
      }
      case ChannelFund fund -> {
        ChannelState funded = openChannel(fund.channel(), fund.sender(), Optional.empty());
        AssetId asset = funded.open().get().asset();
        long added = fund.added().units();
        AccountState debited = debit(fund.sender(), asset, added).withNextSequenceNumber(following);
        ChannelState updated = funded.withValue(add(funded.value(), added, "value of channel " + fund.channel()))
            .withExpiration(Math.max(funded.expiration(), fund.expiration()))
            .withFund(fund.sequenceNumber());
        putAccount(fund.sender(), debited);
        putChannel(fund.channel(), updated);
      }
      case ChannelClaim claim -> {
        ChannelState claimed = channel.get();
        ChannelState updated = claimed
            .withValue(subtract(claimed.value(), claim.taken(), "value of channel " + claim.channel()))
            .withNextNonce(following);
        Optional<AccountState> returnedTo = claim.returned().isZero()
            ? Optional.empty()
            : Optional.of(credit(claim.channelSender(), claim.asset(), claim.returned().units()));
        boolean paysHere = assignment.shardOf(claim.claimer()) == config.shard();
        Optional<AccountState> paid = claim.paid().isZero() || !paysHere
            ? Optional.empty()
            : Optional.of(credit(claim.claimer(), claim.asset(), claim.paid().units()));
        putChannel(claim.channel(), updated);
        if (returnedTo.isPresent()) {
          applyCredit(claim.channelSender(), returnedTo.get(), certificate);
        }
        if (paid.isPresent()) {
          applyCredit(claim.claimer(), paid.get(), certificate);
        } else if (!claim.paid().isZero()) {
          queueCredit(assignment.shardOf(claim.claimer()), certificate);
        }
      }
      case ChannelRefund refund -> {
        ChannelState refunded = channel.get();
        ChannelState updated = refunded
            .withValue(subtract(refunded.value(), refund.amount().units(), "value of channel " + refund.channel()))
            .withNextNonce(following);
        AccountState credited = credit(refund.sender(), refund.asset(), refund.amount().units());
        putChannel(refund.channel(), updated);
        applyCredit(refund.sender(), credited, certificate);
      }
    }
    appliedCertificates.add(certificate);
    appliedCount++;
    progressChanged = true;
    return ConfirmationOutcome.APPLIED;
  }

  private void applyTransfer(TransferOrder order, Certificate certificate, SequenceNumber following) throws ProtocolException {
    AccountId sender = order.sender();
    long amount = order.amount().units();
    AccountState debited = debit(sender, order.asset(), amount).withNextSequenceNumber(following);
    switch (order.recipient()) {
      case Recipient.Account recipient when assignment.shardOf(recipient.id()) == config.shard() -> {
        AccountState credited = credit(recipient.id(), order.asset(), amount);
        putAccount(sender, debited);
        applyCredit(recipient.id(), credited, certificate);
      }
      case Recipient.Account recipient -> {
        putAccount(sender, debited);
        queueCredit(assignment.shardOf(recipient.id()), certificate);
      }
      case Recipient.Primary primary -> {
        long total = add(redeemed.getOrDefault(order.asset(), 0L), amount, "redeemed " + order.asset());
        putAccount(sender, debited);
        redeemed.put(order.asset(), total);
        progressChanged = true;
      }
    }
  }

  private void queueCredit(int dest, Certificate certificate) {
    CrossShardCredit credit = new CrossShardCredit(config.shard(), dest, nextOutboxIndex[dest]++, certificate);
    outbox.get(dest).put(credit.index(), credit);
    outboxAdded.add(credit);
    progressChanged = true;
  }

  /** The account an order pays on another shard, what and how much: a transfer's recipient, a claim's claimer. */
  private record Payment(AccountId recipient, AssetId asset, long amount) {}

  private static Optional<Payment> payment(Order order) {
    return switch (order) {
      case TransferOrder transfer when transfer.recipient() instanceof Recipient.Account account ->
          Optional.of(new Payment(account.id(), transfer.asset(), transfer.amount().units()));
      case ChannelClaim claim when !claim.paid().isZero() ->
          Optional.of(new Payment(claim.claimer(), claim.asset(), claim.paid().units()));
      case TransferOrder transfer -> Optional.empty();
      case ChannelClaim claim -> Optional.empty();
      case ChannelOpen open -> Optional.empty();
      case ChannelFund fund -> Optional.empty();
      case ChannelRefund refund -> Optional.empty();
    };
  }

  // ---- cross-shard credits ------------------------------------------------------------------

  /**
   * Applies a credit from a sibling shard exactly once. Credits from one source arrive in index
   * order; a redelivered one (an index already passed) is acknowledged again without effect. A
   * certificate credited before is refused under any new index: a credit is applied at most once
   * per certificate (per slot), whatever index or source it carries.
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
    Order order = verified.order();
    Optional<Payment> payment = payment(order);
    if (payment.isEmpty() || assignment.shardOf(payment.get().recipient()) != config.shard()) {
      throw new ProtocolException(new ProtocolError.CreditMisrouted("the certificate does not pay an account of shard " + config.shard()));
    }
    if (assignment.shardOf(order.home()) != sourceShard) {
      throw new ProtocolException(new ProtocolError.CreditMisrouted("the certificate's sender is not on shard " + sourceShard));
    }
    long expected = nextInboxIndex[sourceShard];
    if (index < expected) {
      return CreditOutcome.ALREADY_APPLIED;
    }
    if (index > expected) {
      throw new ProtocolException(new ProtocolError.CreditOutOfOrder(sourceShard, expected, index));
    }
    SlotOwner owner = order.key().owner();
    long sequence = order.key().sequenceNumber().value();
    Long creditedBefore = creditedUpTo.get(owner);
    if (creditedBefore != null && sequence <= creditedBefore) {
      throw new ProtocolException(new ProtocolError.CreditReplayed(owner, sequence));
    }
    Payment paid = payment.get();
    AccountState credited = credit(paid.recipient(), paid.asset(), paid.amount());
    applyCredit(paid.recipient(), credited, verified.certificate());
    creditedUpTo.put(owner, sequence);
    changedCredited.put(owner, sequence);
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
    return nextInSlot(key.owner()) > key.sequenceNumber().value();
  }

  /**
   * Takes in the primary chain's height as this authority's follower sees it: monotone (a lower
   * height changes nothing). Refunds are voted only once it reaches a channel's expiration.
   *
   * <p>Like the peer cursors, the height is written with the next commit that happens anyway, not in
   * one of its own (a new block would otherwise cost every shard an fsync). A vote that relied on it
   * is in such a commit; losing a later height in a crash only delays refunds until the follower
   * sees the chain again.
   */
  public void observePrimaryHeight(long height) {
    if (height > primaryHeight) {
      primaryHeight = height;
    }
  }

  /** The highest primary height observed. */
  public long primaryHeight() {
    return primaryHeight;
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
   * for each slot owner (account or channel), a vote at or beyond where it stands here becomes its
   * pending vote, so that the authority never signs another order at that slot, nor anything
   * before it. A channel not opened here yet holds its vote until its open certificate arrives.
   */
  public void adoptSignedVotes(Collection<Vote> votes) {
    for (Vote vote : votes) {
      Order order = vote.order();
      if (assignment.shardOf(order.home()) != config.shard() || !vote.authority().equals(config.authority())) {
        throw new IllegalArgumentException("vote " + order.key() + " is not one of this shard's own");
      }
      long votedAt = order.key().sequenceNumber().value();
      SlotOwner owner = order.key().owner();
      long pendingAt = pendingInSlot(owner).map(v -> v.order().key().sequenceNumber().value()).orElse(-1L);
      if (votedAt >= nextInSlot(owner) && votedAt > pendingAt) {
        switch (owner) {
          case AccountId account -> putAccount(account, account(account).withPendingVote(vote));
          case ChannelId id -> putChannel(id, channels.containsKey(id)
              ? channels.get(id).withPendingVote(vote)
              : ChannelState.holding(vote));
        }
      }
    }
  }

  /** Every vote pending here, accounts' then channels', each in id order: what the signing record must hold. */
  public List<Vote> pendingVotes() {
    List<Vote> votes = new ArrayList<>();
    accounts.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(entry -> entry.getValue().pendingVote().ifPresent(votes::add));
    channels.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(entry -> entry.getValue().pendingVote().ifPresent(votes::add));
    return votes;
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

  /** The channel's state here, if this shard knows it (a channel not opened here yet may hold a vote). */
  public Optional<ChannelState> channel(ChannelId id) {
    return Optional.ofNullable(channels.get(id));
  }

  /** All channels this shard has state for. */
  public Map<ChannelId, ChannelState> channels() {
    return Map.copyOf(channels);
  }

  /** Per asset, the value held in this shard's open channels: escrow counts in conservation. */
  public SortedMap<AssetId, Long> channelValues() {
    SortedMap<AssetId, Long> values = new TreeMap<>();
    for (ChannelState channel : channels.values()) {
      channel.open().ifPresent(open -> values.merge(open.asset(), channel.value(), Long::sum));
    }
    return values;
  }

  /**
   * Answers a channel query: the channel's state if it is open here, its open certificate, and
   * optionally the certificate applied at one of its slots; a client believes only the certificates.
   */
  public ChannelInfoResponse channelInfo(ChannelInfoRequest request, CertificateLog log) throws ProtocolException {
    config.checkOwns(request.sender());
    Optional<ChannelState> channel = channel(request.channel())
        .filter(ChannelState::isOpen)
        .filter(c -> c.open().get().sender().equals(request.sender()));
    Optional<Certificate> opened = channel.flatMap(c -> log.applied(c.open().get().key()));
    Optional<Certificate> atNonce = channel.isEmpty()
        ? Optional.empty()
        : request.certificateAt().flatMap(nonce -> log.applied(new OrderKey(request.channel(), nonce)));
    List<Certificate> funds = channel.map(ChannelState::funds).orElse(List.of()).stream()
        .flatMap(sequence -> log.applied(new OrderKey(request.sender(), sequence)).stream())
        .toList();
    return new ChannelInfoResponse(request.channel(), channel.isPresent(), channel.map(ChannelState::value).orElse(0L),
        channel.map(ChannelState::nonce).orElse(SequenceNumber.ZERO), channel.map(ChannelState::expiration).orElse(0L),
        channel.flatMap(ChannelState::pendingVote), opened, atNonce, funds);
  }

  /** How many accounts this shard has state for. */
  public int accountCount() {
    return accounts.size();
  }

  /** Per slot owner on another shard, the highest sequence number credited here. */
  public Map<SlotOwner, Long> creditedUpTo() {
    return Map.copyOf(creditedUpTo);
  }

  /** All accounts this shard has state for. */
  public Map<AccountId, AccountState> accounts() {
    return Map.copyOf(accounts);
  }

  public ShardProgress progress() {
    return new ShardProgress(nextDepositIndex, boxed(nextOutboxIndex), boxed(nextInboxIndex), deposited, redeemed,
        appliedCount, epoch, commits, boxed(peerCursors), primaryHeight, depositScanFrom);
  }

  /**
   * What changed since the last call: the caller writes it durably before replying. Each call that
   * returns changes is one commit: the count goes into the progress, for the signing record.
   */
  public ShardWrites takeWrites() {
    if (progressChanged || !changedAccounts.isEmpty() || !changedChannels.isEmpty() || !outboxAcknowledged.isEmpty()) {
      commits++;
      progressChanged = true;
    }
    ShardWrites writes = new ShardWrites(changedAccounts, changedChannels, appliedCertificates, receivedEntries, outboxAdded,
        outboxAcknowledged, changedCredited, signed, progressChanged ? Optional.of(progress()) : Optional.empty());
    changedAccounts.clear();
    changedChannels.clear();
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

  private void checkNetwork(Order order) throws ProtocolException {
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

  /** The sender's state after a debit, which may go negative (see docs/PROTOCOL.md); nothing is written yet. */
  private AccountState debit(AccountId sender, AssetId asset, long amount) throws ProtocolException {
    AccountState state = account(sender);
    return state.withBalance(asset, subtract(state.balance(asset), amount, "balance of " + sender));
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

  private void putChannel(ChannelId id, ChannelState state) {
    channels.put(id, state);
    changedChannels.put(id, state);
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
