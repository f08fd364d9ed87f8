package io.quorumpay.api.primary;

import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.primary.RedeemReceipt;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.PrimaryAddress;
import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;

/**
 * The primary chain as QuorumPay needs it: deposits in a total order, redeems of certificates,
 * and how deep each deposit is. The embedded {@link DevChain} and the Ethereum contract
 * implement it. Implementations are thread-safe.
 */
public interface PrimaryChain extends AutoCloseable {

  /** Locks funds for {@code recipient}; the deposit is numbered and included in the next block. */
  DepositReceipt deposit(PrimaryAddress depositor, AccountId recipient, AssetId asset, Amount amount)
      throws ProtocolException, IOException;

  /** Pays out a redeem certificate once, or refuses it (replay, invalid quorum, not a redeem). */
  RedeemReceipt redeem(Certificate certificate) throws ProtocolException, IOException;

  /** Up to {@code limit} deposits from index {@code from}, in order, stopping at the first with fewer than {@code confirmations} blocks. */
  List<PrimaryDeposit> confirmedDeposits(long from, int limit, int confirmations) throws IOException;

  /**
   * Like {@link #confirmedDeposits(long, int, int)}, told that deposit {@code from} is in block
   * {@code scanFrom} or later (0: not known), and saying where the one after them is: a chain that
   * reads logs (Ethereum) starts there instead of at its deployment. The follower stores that block
   * with its cursor. By default the hint is not needed and passed back unchanged.
   */
  default ConfirmedDeposits confirmedDeposits(long from, long scanFrom, int limit, int confirmations) throws IOException {
    return new ConfirmedDeposits(confirmedDeposits(from, limit, confirmations), scanFrom);
  }

  /**
   * The sequence number of {@code sender}'s last paid redeem, if any (the primary's per-sender
   * redeem log). The log only grows, so a redeem certificate (sender, n) has been paid out when this
   * is at least n and that certificate's payout succeeded (see docs/PROTOCOL.md, "Redeem log").
   */
  OptionalLong lastRedeemed(AccountId sender) throws IOException;

  /** Height, deposits and funds. */
  ChainStatus status() throws IOException;

  @Override
  void close();
}
