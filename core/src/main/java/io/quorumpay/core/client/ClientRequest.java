package io.quorumpay.core.client;

import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.SequenceNumber;
import java.util.Optional;

/**
 * What a client asks of an authority or the primary chain: the requests the client's drivers
 * ({@link PaymentDriver}, {@link SyncDriver}) emit, which an adapter sends (gRPC in the paykit,
 * simulated messages in the simulator) and answers with a {@link ClientReply}.
 */
public sealed interface ClientRequest {

  /** Authority {@code authority}'s vote for {@code order}. */
  record AskVote(int authority, SignedOrder<? extends Order> order) implements ClientRequest {}

  /** Apply {@code certificate} at authority {@code authority}. */
  record Confirm(int authority, Certificate certificate) implements ClientRequest {}

  /** What authority {@code authority} knows of {@code account}: its next sequence number, a page of its received log, a certificate. */
  record AskInfo(int authority, AccountId account, Optional<SequenceNumber> certificateAt, long receivedFrom, int receivedLimit)
      implements ClientRequest {

    /** Only the account's next sequence number. */
    public static AskInfo next(int authority, AccountId account) {
      return new AskInfo(authority, account, Optional.empty(), 0, 0);
    }
  }

  /** The primary's deposits from index {@code from} that are {@code confirmations} blocks deep. */
  record AskDeposits(long from, int limit, int confirmations) implements ClientRequest {}
}
