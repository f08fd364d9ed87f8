package io.quorumpay.core.client;

import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.ChannelClaim;
import io.quorumpay.core.messages.ChannelFund;
import io.quorumpay.core.messages.ChannelOpen;
import io.quorumpay.core.messages.ChannelRefund;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.messages.OrderKey;
import io.quorumpay.core.messages.PaymentAuthorization;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.GroupId;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A client's account, as a pure state machine: its next sequence number, the order it has signed
 * and not yet seen certified, and the certificates and deposits that make up its balance.
 *
 * <p>It never signs two different orders for one slot: while an order is pending on the account's
 * slot (a transfer, a channel open or fund), every {@code prepare…} for that slot refuses; while its
 * claim or refund is pending on a channel's slot, so does every other order for that channel. The
 * pending orders are part of the {@link ClientSnapshot}, so a restarted client finishes the same
 * orders. Only verified certificates count, each once, by what it states (docs/PROTOCOL.md):
 * a transfer moves its amount; a channel open takes its value from the sender, a fund its added
 * value; a claim pays its recipient and returns to the sender; a refund pays the sender.
 *
 * <p>It signs nothing until, in this process, authorities have told it the account's state and
 * {@link #check} found its next sequence number free ({@link AccountCheck}): a restored backup
 * must not sign a different order where its original already signed one. That is not saved: each
 * process that opens the account checks again.
 */
public final class ClientState {
  private final Committee committee;
  private final KeyPair key;
  private final AccountId account;
  private SequenceNumber next;
  private SignedOrder<? extends Order> pending;
  /** The claims and refunds this account signed and has not seen certified, one per channel. */
  private final Map<ChannelId, SignedOrder<? extends Order>> channelPending = new LinkedHashMap<>();
  /** The asset of each channel this account opened (its funds debit that asset). */
  private final Map<ChannelId, AssetId> opened = new HashMap<>();
  private final List<Certificate> sent;
  private final Map<OrderKey, Certificate> received;
  private final Map<Long, PrimaryDeposit> deposits;
  private final TreeMap<AssetId, Long> balances = new TreeMap<>();
  /** Why this client may not sign a new order now; empty once a check cleared it. */
  private ProtocolError hold;

  private ClientState(Committee committee, KeyPair key, ClientSnapshot snapshot, boolean fresh) {
    this.committee = committee;
    this.key = key;
    this.account = new AccountId(key.publicKey());
    this.next = snapshot.nextSequenceNumber();
    this.pending = snapshot.pendingOrder().orElse(null);
    this.sent = new ArrayList<>(snapshot.sent());
    this.received = new LinkedHashMap<>();
    this.deposits = new LinkedHashMap<>();
    snapshot.received().forEach(c -> received.put(c.key(), c));
    snapshot.deposits().forEach(d -> deposits.put(d.index(), d));
    snapshot.channelPending().forEach(o -> channelPending.put((ChannelId) o.order().key().owner(), o));
    sent.forEach(c -> count(c.order()));
    received.values().forEach(c -> count(c.order()));
    deposits.values().forEach(d -> balances.merge(d.asset(), d.amount().units(), Long::sum));
    this.hold = fresh ? null : new ProtocolError.AccountStateUnchecked(account, next.value(),
        "this wallet has not asked authorities about the account since it was opened (a copy of it may have signed since)");
  }

  /** A fresh account, with a key made in this process that has never signed anything: it may sign at once. */
  public static ClientState create(Committee committee, KeyPair key) {
    return new ClientState(committee, key, new ClientSnapshot(SequenceNumber.ZERO, Optional.empty(), List.of(), List.of(), List.of(), List.of()),
        true);
  }

  /** Resumes from what was persisted. It signs nothing new until a {@link #check} clears it. */
  public static ClientState restore(Committee committee, KeyPair key, ClientSnapshot snapshot) {
    return new ClientState(committee, key, snapshot, false);
  }

  public AccountId account() {
    return account;
  }

  public SequenceNumber nextSequenceNumber() {
    return next;
  }

  /** The order signed on the account's slot and not yet seen certified: a transfer, a channel open or a channel fund. */
  public Optional<SignedOrder<? extends Order>> pendingOrder() {
    return Optional.ofNullable(pending);
  }

  /** The claim or refund this account signed for {@code channel} and has not seen certified. */
  public Optional<SignedOrder<? extends Order>> pendingChannelOrder(ChannelId channel) {
    return Optional.ofNullable(channelPending.get(channel));
  }

  /** The balance this client can prove: deposits and verified received certificates, minus verified sent ones. */
  public SortedMap<AssetId, Long> balances() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(balances));
  }

  public long balance(AssetId asset) {
    return balances.getOrDefault(asset, 0L);
  }

  /**
   * Signs the next order and makes it pending. Refuses while another order is pending, and when
   * the client's own proven balance cannot cover the amount (sync first if it is stale).
   */
  public SignedOrder<TransferOrder> prepareTransfer(Recipient recipient, AssetId asset, Amount amount, UserData userData)
      throws ProtocolException {
    checkAccountSlotFree();
    return signOnAccount(new TransferOrder(committee.network(), account, recipient, asset, amount, next, userData), asset,
        amount.units());
  }

  /**
   * Signs, as the next order, the opening of a channel to {@code recipient} holding {@code value} of
   * {@code asset} until primary height {@code expiration}, whose payments {@code signer} authorises
   * (a hot key, or this account's own), and makes it pending. Refused like a transfer.
   */
  public SignedOrder<ChannelOpen> prepareChannelOpen(PublicKey signer, AccountId recipient, AssetId asset, Amount value,
      long expiration, GroupId group) throws ProtocolException {
    checkAccountSlotFree();
    return signOnAccount(new ChannelOpen(committee.network(), account, next, signer, recipient, asset, value, expiration, group),
        asset, value.units());
  }

  /**
   * Signs, as the next order, adding {@code added} to a channel this account opened and moving its
   * expiration to {@code expiration}, and makes it pending. Refuses a channel it did not open
   * ({@code UNKNOWN_CHANNEL}), an earlier expiration than the channel's {@code current} one, and a
   * fund that changes nothing ({@code ZERO_AMOUNT}), as authorities would.
   */
  public SignedOrder<ChannelFund> prepareChannelFund(VerifiedChannel channel, Amount added, long expiration) throws ProtocolException {
    checkAccountSlotFree();
    AssetId asset = opened.get(channel.id());
    if (asset == null || !channel.sender().equals(account)) {
      throw new ProtocolException(new ProtocolError.UnknownChannel(channel.id(), "this wallet did not open it"));
    }
    if (expiration < channel.expiration()) {
      throw new ProtocolException(new ProtocolError.ChannelExpirationDecreases(channel.id(), channel.expiration(), expiration));
    }
    if (added.isZero() && expiration == channel.expiration()) {
      throw new ProtocolException(new ProtocolError.ZeroAmount());
    }
    return signOnAccount(new ChannelFund(committee.network(), account, next, channel.id(), added, expiration), asset, added.units());
  }

  /**
   * Signs the refund of everything {@code channel} holds (as proven) at its nonce, and makes it
   * pending on the channel's slot; the same refund again returns the order already signed. Refuses
   * a channel of another sender, one that holds nothing, one not expired at primary height
   * {@code height} (authorities would refuse it), and while another order of this account is
   * pending on the channel.
   */
  public SignedOrder<ChannelRefund> prepareRefund(VerifiedChannel channel, long height) throws ProtocolException {
    if (!channel.sender().equals(account)) {
      throw new ProtocolException(new ProtocolError.UnknownChannel(channel.id(), "it was opened by " + channel.sender()
          + ", not by this wallet"));
    }
    if (height < channel.expiration()) {
      throw new ProtocolException(new ProtocolError.ChannelNotExpired(channel.id(), channel.expiration(), height));
    }
    if (channel.value() <= 0) {
      throw new ProtocolException(new ProtocolError.InsufficientChannelValue(channel.id(), channel.value(), 1));
    }
    return signOnChannel(new ChannelRefund(committee.network(), account, channel.id(), channel.nonce(), channel.open().asset(),
        new Amount(channel.value())));
  }

  /**
   * Signs, as the channel's recipient, a claim at the channel's current nonce of {@code paid} (at
   * most what {@code authorization} allows) that returns {@code returned} to the sender, and makes
   * it pending on the channel's slot; the same claim again returns the order already signed.
   * Refuses what authorities would refuse: not this account's channel ({@code NOT_CHANNEL_RECIPIENT}),
   * an authorization for another channel or nonce, or not signed by the channel's signer or sender
   * key ({@code INVALID_AUTHORIZATION}), more than the proven value ({@code INSUFFICIENT_CHANNEL_VALUE}).
   */
  public SignedOrder<ChannelClaim> prepareClaim(VerifiedChannel channel, PaymentAuthorization authorization, Signature signature,
      Amount paid, Amount returned) throws ProtocolException {
    ChannelId id = channel.id();
    if (!channel.recipient().equals(account)) {
      throw new ProtocolException(new ProtocolError.NotChannelRecipient(id, account));
    }
    if (!authorization.channel().equals(id) || !authorization.network().equals(committee.network())) {
      throw new ProtocolException(new ProtocolError.InvalidAuthorization(id, "the authorization is for another channel or network"));
    }
    if (!authorization.nonce().equals(channel.nonce())) {
      throw new ProtocolException(new ProtocolError.InvalidAuthorization(id, "it is for nonce " + authorization.nonce()
          + ", and the channel is at nonce " + channel.nonce()));
    }
    PublicKey authorizer = authorization.isSignedBy(channel.open().authorizer(), signature) ? channel.open().authorizer()
        : channel.sender().key();
    ChannelClaim claim = new ChannelClaim(committee.network(), account, channel.sender(), id, channel.nonce(),
        channel.open().asset(), authorization.amount(), authorizer, signature, paid, returned);
    claim.checkWellFormed(committee.network());
    claim.checkAuthorization();
    if (claim.taken() > channel.value()) {
      throw new ProtocolException(new ProtocolError.InsufficientChannelValue(id, channel.value(), claim.taken()));
    }
    return signOnChannel(claim);
  }

  /**
   * What proves {@code channel} has moved past a nonce: an order this account left pending on it at
   * an earlier nonce can never be certified (another claim or refund took that slot) and is dropped.
   *
   * @return true if a pending order was dropped (save)
   */
  public boolean channelSeen(VerifiedChannel channel) {
    SignedOrder<? extends Order> stale = channelPending.get(channel.id());
    if (stale != null && stale.order().key().sequenceNumber().value() < channel.nonce().value()) {
      channelPending.remove(channel.id());
      return true;
    }
    return false;
  }

  private void checkAccountSlotFree() throws ProtocolException {
    if (pending != null) {
      throw new ProtocolException(new ProtocolError.PendingOrderExists(account, pending.order().key().sequenceNumber().value()));
    }
    if (hold != null) {
      throw new ProtocolException(hold);
    }
  }

  /** Signs {@code order} on the account's next slot once it is well formed and the proven balance covers what it spends. */
  private <O extends Order> SignedOrder<O> signOnAccount(O order, AssetId asset, long spends) throws ProtocolException {
    order.checkWellFormed(committee.network());
    long balance = balance(asset);
    if (balance < spends) {
      throw new ProtocolException(new ProtocolError.InsufficientBalance(account, asset, balance, spends));
    }
    SignedOrder<O> signed = SignedOrder.sign(order, key);
    pending = signed;
    return signed;
  }

  /** Signs {@code order} on its channel's slot, unless another order of this account is pending there (the same one is returned). */
  @SuppressWarnings("unchecked")
  private <O extends Order> SignedOrder<O> signOnChannel(O order) throws ProtocolException {
    order.checkWellFormed(committee.network());
    ChannelId channel = (ChannelId) order.key().owner();
    SignedOrder<? extends Order> already = channelPending.get(channel);
    if (already != null) {
      if (already.order().equals(order)) {
        return (SignedOrder<O>) already; // the very order asked for: its kind is O
      }
      throw new ProtocolException(new ProtocolError.PendingOrderExists(account, already.order().key().sequenceNumber().value()));
    }
    SignedOrder<O> signed = SignedOrder.sign(order, key);
    channelPending.put(channel, signed);
    return signed;
  }

  /**
   * Records a certificate for one of this account's own orders. It must be the next one: it
   * completes the pending order (or, after lost state, an order signed before), advances the
   * sequence number and debits the balance. One already recorded changes nothing.
   *
   * @return true if it was new
   */
  public boolean recordSent(VerifiedCertificate verified) throws ProtocolException {
    Order order = verified.order();
    boolean accountSlot = switch (order) {
      case TransferOrder transfer -> true;
      case ChannelOpen open -> true;
      case ChannelFund fund -> true;
      case ChannelClaim claim -> false;
      case ChannelRefund refund -> false;
    };
    if (!accountSlot || !order.key().owner().equals(account)) {
      throw new ProtocolException(new ProtocolError.UnexpectedCertificate("it is not an order on the slots of " + account));
    }
    if (order instanceof ChannelFund fund && !opened.containsKey(fund.channel())) {
      throw new ProtocolException(new ProtocolError.UnexpectedCertificate("it funds channel " + fund.channel()
          + ", which this account's certificates do not open"));
    }
    long sequence = order.key().sequenceNumber().value();
    if (sequence < next.value()) {
      Certificate known = sent.stream().filter(c -> c.order().key().sequenceNumber().value() == sequence).findFirst().orElse(null);
      if (known != null && !known.order().equals(order)) {
        throw new ProtocolException(new ProtocolError.UnexpectedCertificate(
            "a different certificate at sequence number " + sequence + " is already recorded"));
      }
      return false;
    }
    if (sequence > next.value()) {
      throw new ProtocolException(new ProtocolError.UnexpectedCertificate(
          "certificate at sequence number " + sequence + " while this client is at " + next));
    }
    SequenceNumber after = next.next();
    sent.add(verified.certificate());
    count(order);
    next = after;
    pending = null;
    return true;
  }

  /**
   * Records a certificate that credits this account: a transfer to it, a claim it made as a
   * channel's recipient, a claim that returns value to it as the channel's sender, or its own
   * refund. Each counts once (by slot); it completes this account's order pending on that slot.
   *
   * @return true if it was new
   */
  public boolean recordReceived(VerifiedCertificate verified) throws ProtocolException {
    Order order = verified.order();
    boolean credits = switch (order) {
      case TransferOrder transfer -> transfer.recipient() instanceof Recipient.Account to && to.id().equals(account);
      case ChannelClaim claim -> claim.claimer().equals(account) || claim.channelSender().equals(account) && !claim.returned().isZero();
      case ChannelRefund refund -> refund.sender().equals(account);
      case ChannelOpen open -> false;
      case ChannelFund fund -> false;
    };
    if (!credits) {
      throw new ProtocolException(new ProtocolError.UnexpectedCertificate("it does not pay " + account));
    }
    if (order.key().owner() instanceof ChannelId channel
        && channelPending.get(channel) instanceof SignedOrder<? extends Order> mine && mine.order().key().equals(order.key())) {
      channelPending.remove(channel); // certified: as this order, or as the other party's at that nonce (then mine never will be)
    }
    if (received.putIfAbsent(order.key(), verified.certificate()) != null) {
      return false;
    }
    count(order);
    return true;
  }

  /** What a certificate (already known to concern this account) does to its balances, from the amounts it states. */
  private void count(Order order) {
    switch (order) {
      case TransferOrder transfer -> balances.merge(transfer.asset(),
          transfer.sender().equals(account) ? -transfer.amount().units() : transfer.amount().units(), Long::sum);
      case ChannelOpen open -> {
        opened.put(open.channel(), open.asset());
        balances.merge(open.asset(), -open.value().units(), Long::sum);
      }
      // Funds follow their channel's open certificate in the sent list (both on this account's slots, in order).
      case ChannelFund fund -> balances.merge(opened.get(fund.channel()), -fund.added().units(), Long::sum);
      case ChannelClaim claim -> balances.merge(claim.asset(),
          (claim.claimer().equals(account) ? claim.paid().units() : 0) + (claim.channelSender().equals(account)
              ? claim.returned().units() : 0), Long::sum);
      case ChannelRefund refund -> balances.merge(refund.asset(), refund.amount().units(), Long::sum);
    }
  }

  /**
   * Records a primary deposit for this account (read from the primary chain). Each index counts once.
   *
   * @return true if it was new
   */
  public boolean recordDeposit(PrimaryDeposit deposit) throws ProtocolException {
    if (!deposit.recipient().equals(account)) {
      throw new ProtocolException(new ProtocolError.UnexpectedCertificate("deposit " + deposit.index() + " is not for " + account));
    }
    if (!deposit.network().equals(committee.network())) {
      throw new ProtocolException(new ProtocolError.WrongNetwork(committee.network(), deposit.network()));
    }
    if (deposits.putIfAbsent(deposit.index(), deposit) != null) {
      return false;
    }
    balances.merge(deposit.asset(), deposit.amount().units(), Long::sum);
    return true;
  }

  /** Whether a check has cleared this client to sign new orders (it still refuses while one is pending). */
  public boolean checked() {
    return hold == null;
  }

  /**
   * Applies what authorities reported about the account at its next sequence number (see
   * {@link AccountCheck}): clears it to sign, adopts the account's own order signed by another
   * copy of the wallet as the pending order (to be saved and finished), or keeps it from signing
   * and says why.
   *
   * @return true if the pending order changed (save it)
   */
  public boolean check(List<AccountCheck.Report> reports) {
    AccountCheck.Verdict verdict = AccountCheck.decide(committee, account, next.value(), Optional.ofNullable(pending), reports);
    switch (verdict) {
      case AccountCheck.Verdict.Clear clear -> hold = null;
      case AccountCheck.Verdict.Adopt adopt -> {
        // Ed25519 is deterministic: this is the very signature the other copy sent.
        pending = SignedOrder.sign(adopt.order(), key);
        hold = null;
        return true;
      }
      case AccountCheck.Verdict.PendingElsewhere elsewhere -> hold = new ProtocolError.PendingElsewhere(account,
          elsewhere.sequenceNumber(), elsewhere.weight(), committee.validityThreshold());
      case AccountCheck.Verdict.Behind behind -> hold = new ProtocolError.AccountStateUnchecked(account, next.value(),
          "authorities of weight " + behind.weight() + " report sequence number " + behind.theirs()
              + ", and the certificates that lead there could not be read yet");
      case AccountCheck.Verdict.Unheard unheard -> hold = new ProtocolError.AccountStateUnchecked(account, next.value(),
          "only authorities of weight " + unheard.heardWeight() + " answered, and a quorum is " + committee.quorumThreshold());
    }
    return false;
  }

  /** What to persist. */
  public ClientSnapshot snapshot() {
    return new ClientSnapshot(next, Optional.ofNullable(pending), sent, List.copyOf(received.values()),
        List.copyOf(deposits.values()), List.copyOf(channelPending.values()));
  }
}
