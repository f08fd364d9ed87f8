package io.quorumpay.core.messages;

import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.SequenceNumber;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks a shard about one account: its balances and next sequence number, its pending vote,
 * optionally the certificate it applied at {@code certificateAt}, and the certificates it received
 * from position {@code receivedFrom} (at most {@code receivedLimit} of them).
 */
public record AccountInfoRequest(
    AccountId account, Optional<SequenceNumber> certificateAt, long receivedFrom, int receivedLimit) {

  /** The most received certificates one response carries. */
  public static final int MAX_RECEIVED = 1000;

  public AccountInfoRequest {
    Objects.requireNonNull(account);
    Objects.requireNonNull(certificateAt);
    if (receivedFrom < 0 || receivedLimit < 0 || receivedLimit > MAX_RECEIVED) {
      throw new IllegalArgumentException("receivedFrom >= 0 and 0 <= receivedLimit <= " + MAX_RECEIVED);
    }
  }

  /** Balances and sequence number only. */
  public static AccountInfoRequest of(AccountId account) {
    return new AccountInfoRequest(account, Optional.empty(), 0, 0);
  }
}
