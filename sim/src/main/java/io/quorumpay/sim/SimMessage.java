package io.quorumpay.sim;

import io.quorumpay.core.messages.OrderKey;
import io.quorumpay.core.types.AccountId;
import java.util.List;

/**
 * What travels on the simulated network. Orders, votes, certificates and credits travel as their
 * real byte layouts, so the real decoders and checks run on everything, garbage included.
 */
sealed interface SimMessage {
  record Order(byte[] signedOrder) implements SimMessage {}

  record Vote(int authority, byte[] vote) implements SimMessage {}

  /** A typed refusal; {@code ofOrder} tells whether it answers an order (rather than a confirmation or a query). */
  record Refusal(int authority, String code, boolean ofOrder) implements SimMessage {}

  record Confirm(byte[] certificate) implements SimMessage {}

  record ConfirmAck(int authority, OrderKey key) implements SimMessage {}

  record Info(AccountId account, long receivedFrom, long certificateAt) implements SimMessage {}

  record InfoReply(int authority, AccountId account, long receivedFrom, List<byte[]> received, long receivedTotal,
      byte[] requestedCertificate, long nextSequenceNumber) implements SimMessage {}

  record Credit(byte[] credit) implements SimMessage {}

  record CreditAck(int dest, long nextIndex) implements SimMessage {}

  /** A node's own timer; a restarted node ignores the timers of its previous life. */
  record Tick(int generation) implements SimMessage {}

  /** A shard's group commit: write what was processed, then send the replies. */
  record Commit() implements SimMessage {}
}
