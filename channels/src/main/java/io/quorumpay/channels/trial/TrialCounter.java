package io.quorumpay.channels.trial;

import io.quorumpay.channels.ledger.ChannelLedger;
import io.quorumpay.core.encoding.Bytes;

/** Durable counts of free calls used per trial token. */
public interface TrialCounter extends AutoCloseable {
  /**
   * Counts one more call of token {@code id} if fewer than {@code limit} were used, durably before
   * it returns: the new count, or -1 when the token is used up (then nothing changes).
   */
  long use(Bytes id, long limit) throws ChannelLedger.LedgerException;

  @Override
  void close();
}
