package io.quorumpay.core.primary;

import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The QuorumPay contract on the primary chain, as a pure state machine: it holds the funds,
 * numbers deposits, and pays redeems.
 *
 * <p>A redeem is a certificate whose recipient is a primary address. The contract checks the
 * quorum against the committee registered with it and keeps, per sender, the sequence number of
 * its last redeem: a certificate at or below it is refused, so each is paid at most once. Clients
 * must therefore submit an account's redeems in sequence order.
 */
public final class PrimaryContract {
  private final Committee committee;
  private final List<PrimaryDeposit> deposits = new ArrayList<>();
  private final TreeMap<AssetId, Long> funds = new TreeMap<>();
  private final TreeMap<AssetId, Long> redeemedTotals = new TreeMap<>();
  private final Map<AccountId, Long> lastRedeemed = new HashMap<>();

  public PrimaryContract(Committee committee) {
    this.committee = committee;
  }

  /** The committee whose certificates this contract honours. */
  public Committee committee() {
    return committee;
  }

  /** Locks {@code amount} from {@code depositor} for QuorumPay account {@code recipient}; returns the numbered deposit. */
  public PrimaryDeposit deposit(PrimaryAddress depositor, AccountId recipient, AssetId asset, Amount amount)
      throws ProtocolException {
    checkDeposit(depositor, asset, amount);
    PrimaryDeposit deposit = new PrimaryDeposit(committee.network(), deposits.size(), depositor, recipient, asset, amount);
    deposits.add(deposit);
    funds.merge(asset, amount.units(), Long::sum);
    return deposit;
  }

  /** Refuses what {@link #deposit} would refuse, changing nothing. */
  public void checkDeposit(PrimaryAddress depositor, AssetId asset, Amount amount) throws ProtocolException {
    if (amount.isZero()) {
      throw new ProtocolException(new ProtocolError.ZeroAmount());
    }
    if (depositor.isZero()) {
      throw new ProtocolException(new ProtocolError.InvalidPrimaryAddress(depositor));
    }
    if (funds.getOrDefault(asset, 0L) > Long.MAX_VALUE - amount.units()) {
      throw new ProtocolException(new ProtocolError.BalanceOverflow("funds of " + asset + " would exceed 2^63 - 1"));
    }
  }

  /** Pays out a redeem certificate once; refuses replays, older sequence numbers and invalid certificates. */
  public RedeemReceipt redeem(Certificate certificate) throws ProtocolException {
    TransferOrder order = checkRedeem(certificate);
    PrimaryAddress to = ((Recipient.Primary) order.recipient()).address();
    funds.merge(order.asset(), -order.amount().units(), Long::sum);
    redeemedTotals.merge(order.asset(), order.amount().units(), Long::sum);
    lastRedeemed.put(order.sender(), order.sequenceNumber().value());
    return new RedeemReceipt(order.key(), to, order.asset(), order.amount());
  }

  /** Refuses what {@link #redeem} would refuse, changing nothing; returns the certified order. */
  public TransferOrder checkRedeem(Certificate certificate) throws ProtocolException {
    // Also refuses a redeem to the zero address (TransferOrder.checkWellFormed), even with a quorum's votes.
    TransferOrder order = VerifiedCertificate.check(certificate, committee).redeemOrder();
    Long last = lastRedeemed.get(order.sender());
    long sequence = order.sequenceNumber().value();
    if (last != null && sequence <= last) {
      throw new ProtocolException(new ProtocolError.RedeemReplay(order.sender(), sequence, last));
    }
    long held = funds.getOrDefault(order.asset(), 0L);
    if (held < order.amount().units()) {
      throw new ProtocolException(new ProtocolError.InsufficientFunds(order.asset(), held, order.amount().units()));
    }
    return order;
  }

  /** Up to {@code limit} deposits from index {@code from}, in order. */
  public List<PrimaryDeposit> deposits(long from, int limit) {
    if (from >= deposits.size()) {
      return List.of();
    }
    return List.copyOf(deposits.subList((int) from, (int) Math.min(deposits.size(), from + limit)));
  }

  /** How many deposits there have been: the index the next one gets. */
  public long depositCount() {
    return deposits.size();
  }

  /** Funds held per asset: deposited minus redeemed. */
  public SortedMap<AssetId, Long> funds() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(funds));
  }

  /** Total paid out per asset. */
  public SortedMap<AssetId, Long> redeemed() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(redeemedTotals));
  }

  /** The sequence number of {@code sender}'s last paid redeem, if any. */
  public OptionalLong lastRedeemed(AccountId sender) {
    Long last = lastRedeemed.get(sender);
    return last == null ? OptionalLong.empty() : OptionalLong.of(last);
  }
}
