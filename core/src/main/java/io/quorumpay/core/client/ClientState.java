package io.quorumpay.core.client;

import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.OrderKey;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import java.util.ArrayList;
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
 * <p>It never signs two different orders for one sequence number: while an order is pending,
 * {@link #prepareTransfer} refuses, and the pending order is part of the {@link ClientSnapshot},
 * so a restarted client finishes the same order. Only verified certificates count.
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
  private SignedOrder<TransferOrder> pending;
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
    // Only transfers are ever recorded (recordSent and recordReceived refuse other kinds).
    sent.forEach(c -> {
      if (c.order() instanceof TransferOrder order) {
        balances.merge(order.asset(), -order.amount().units(), Long::sum);
      }
    });
    received.values().forEach(c -> {
      if (c.order() instanceof TransferOrder order) {
        balances.merge(order.asset(), order.amount().units(), Long::sum);
      }
    });
    deposits.values().forEach(d -> balances.merge(d.asset(), d.amount().units(), Long::sum));
    this.hold = fresh ? null : new ProtocolError.AccountStateUnchecked(account, next.value(),
        "this wallet has not asked authorities about the account since it was opened (a copy of it may have signed since)");
  }

  /** A fresh account, with a key made in this process that has never signed anything: it may sign at once. */
  public static ClientState create(Committee committee, KeyPair key) {
    return new ClientState(committee, key, new ClientSnapshot(SequenceNumber.ZERO, Optional.empty(), List.of(), List.of(), List.of()),
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

  public Optional<SignedOrder<TransferOrder>> pendingOrder() {
    return Optional.ofNullable(pending);
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
    if (pending != null) {
      throw new ProtocolException(new ProtocolError.PendingOrderExists(account, pending.order().sequenceNumber().value()));
    }
    if (hold != null) {
      throw new ProtocolException(hold);
    }
    TransferOrder order = new TransferOrder(committee.network(), account, recipient, asset, amount, next, userData);
    order.checkWellFormed(committee.network());
    long balance = balance(asset);
    if (balance < amount.units()) {
      throw new ProtocolException(new ProtocolError.InsufficientBalance(account, asset, balance, amount.units()));
    }
    pending = SignedOrder.sign(order, key);
    return pending;
  }

  /**
   * Records a certificate for one of this account's own orders. It must be the next one: it
   * completes the pending order (or, after lost state, an order signed before), advances the
   * sequence number and debits the balance. One already recorded changes nothing.
   *
   * @return true if it was new
   */
  public boolean recordSent(VerifiedCertificate verified) throws ProtocolException {
    TransferOrder order = transfer(verified);
    if (!order.sender().equals(account)) {
      throw new ProtocolException(new ProtocolError.UnexpectedCertificate("sent by " + order.sender() + ", not by " + account));
    }
    long sequence = order.sequenceNumber().value();
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
    balances.merge(order.asset(), -order.amount().units(), Long::sum);
    next = after;
    pending = null;
    return true;
  }

  /**
   * Records a certificate that pays this account. Each counts once.
   *
   * @return true if it was new
   */
  public boolean recordReceived(VerifiedCertificate verified) throws ProtocolException {
    TransferOrder order = transfer(verified);
    if (!(order.recipient() instanceof Recipient.Account recipient) || !recipient.id().equals(account)) {
      throw new ProtocolException(new ProtocolError.UnexpectedCertificate("it does not pay " + account));
    }
    if (received.putIfAbsent(order.key(), verified.certificate()) != null) {
      return false;
    }
    balances.merge(order.asset(), order.amount().units(), Long::sum);
    return true;
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
        List.copyOf(deposits.values()));
  }

  /** This wallet handles transfers only: a channel certificate is refused, typed. */
  private static TransferOrder transfer(VerifiedCertificate verified) throws ProtocolException {
    if (!(verified.order() instanceof TransferOrder order)) {
      throw new ProtocolException(new ProtocolError.UnexpectedCertificate("certificate " + verified.order().key()
          + " is a channel order; this wallet handles transfers only"));
    }
    return order;
  }
}
