package io.quorumpay.core.client;

import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.messages.PrimaryDeposit;
import java.util.List;
import java.util.Optional;

/**
 * What came back for a {@link ClientRequest}: its answer as the bytes that arrived (the drivers
 * decode and verify them, so garbage is handled alike everywhere), a typed refusal, or nothing.
 */
public sealed interface ClientReply {

  /** The request this answers. */
  ClientRequest request();

  /** A vote, as received. */
  record Voted(ClientRequest.AskVote request, byte[] vote) implements ClientReply {}

  /** The certificate is applied (now or before). */
  record Confirmed(ClientRequest.Confirm request) implements ClientReply {}

  /**
   * An account's state at one authority, as received: its next sequence number, a page of its
   * received log, the certificate asked for, and the vote the authority holds at that next sequence
   * number (the account's pending order there), if any.
   */
  record Info(ClientRequest.AskInfo request, long nextSequenceNumber, List<byte[]> received, long receivedTotal,
      Optional<byte[]> certificate, Optional<byte[]> pendingVote) implements ClientReply {
    public Info {
      received = List.copyOf(received);
    }

    /** Without a pending vote. */
    public Info(ClientRequest.AskInfo request, long nextSequenceNumber, List<byte[]> received, long receivedTotal,
        Optional<byte[]> certificate) {
      this(request, nextSequenceNumber, received, receivedTotal, certificate, Optional.empty());
    }
  }

  /** Deposits from the primary chain. */
  record Deposits(ClientRequest.AskDeposits request, List<PrimaryDeposit> deposits) implements ClientReply {
    public Deposits {
      deposits = List.copyOf(deposits);
    }
  }

  /** A typed refusal. */
  record Refused(ClientRequest request, ProtocolError error) implements ClientReply {}

  /** No answer: unreachable, timed out, or not even a well-formed reply. */
  record Unreachable(ClientRequest request) implements ClientReply {}
}
