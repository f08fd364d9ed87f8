package io.quorumpay.sim;

import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.messages.OrderKey;
import io.quorumpay.core.types.AccountId;
import java.util.List;

/**
 * What travels on the simulated network. Orders, votes, certificates and credits travel as their
 * real byte layouts, so the real decoders and checks run on everything, garbage included.
 */
sealed interface SimMessage {
  // A client's requests carry a request number that the answer repeats, as a gRPC call ties an
  // answer to its request; the client's drivers get each answer with the request it answers.

  record Order(long request, byte[] signedOrder) implements SimMessage {}

  record Vote(long request, int authority, byte[] vote) implements SimMessage {}

  /** A typed refusal of request {@code request}. */
  record Refusal(long request, int authority, ProtocolError error) implements SimMessage {}

  record Confirm(long request, byte[] certificate) implements SimMessage {}

  /**
   * An authority applied the certificate for {@code key}. {@code recoveries} is for the invariants
   * only: how many times the authority had been rebuilt from a restored backup when it answered.
   */
  record ConfirmAck(long request, int authority, OrderKey key, int recoveries) implements SimMessage {}

  /** Account info: {@code certificateAt} is -1 for none. */
  record Info(long request, AccountId account, long receivedFrom, int limit, long certificateAt) implements SimMessage {}

  record InfoReply(long request, int authority, AccountId account, long receivedFrom, List<byte[]> received, long receivedTotal,
      byte[] requestedCertificate, long nextSequenceNumber, byte[] pendingVote) implements SimMessage {}

  /** Encoded cross-shard credits for shard {@code dest} and their sibling seal, as production sends them. */
  record SealedCredits(int dest, List<byte[]> credits, byte[] seal) implements SimMessage {}

  /** The answer to {@link SealedCredits}: the index shard {@code dest} expects next from the asker. */
  record CreditAck(int dest, long nextIndex) implements SimMessage {}

  /** Catching up: a page of the same shard's applied log of another authority. */
  record LogRequest(long requestId, long from, int limit) implements SimMessage {}

  /** The answer to {@link LogRequest}: encoded certificates and the length of the whole log. */
  record LogReply(long requestId, List<byte[]> certificates, long total) implements SimMessage {}

  /** A node's own timer; a restarted node ignores the timers of its previous life. */
  record Tick(int generation) implements SimMessage {}

  /** A shard's group commit: write what was processed, then send the replies. */
  record Commit(int generation) implements SimMessage {}
}
