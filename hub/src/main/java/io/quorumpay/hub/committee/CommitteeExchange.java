package io.quorumpay.hub.committee;

import com.google.protobuf.ByteString;
import io.quorumpay.client.CommitteeClient;
import io.quorumpay.core.client.ClientReply;
import io.quorumpay.core.client.ClientRequest;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.error.ProtocolException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Carries out one {@link io.quorumpay.core.client.PaymentDriver}'s requests over the shared
 * {@link CommitteeClient} and queues the answers for the one thread that drives it, as the
 * paykit's exchange does. One per payment: concurrent payments share nothing but the client.
 */
final class CommitteeExchange {
  private final CommitteeClient committee;
  /** Per committee member (the driver's numbering), its index in {@link CommitteeClient}. */
  private final int[] clientIndex;
  /** Bounded by the driver: a few requests per authority per round, each answered once. */
  private final BlockingQueue<ClientReply> replies = new LinkedBlockingQueue<>();

  CommitteeExchange(CommitteeClient committee, int[] clientIndex) {
    this.committee = committee;
    this.clientIndex = clientIndex;
  }

  /** Per committee member, its index in {@code committee}. */
  static int[] clientIndex(CommitteeClient committee) {
    Committee members = committee.committee();
    int[] index = new int[members.members().size()];
    for (int a = 0; a < committee.size(); a++) {
      index[members.members().indexOf(committee.name(a))] = a;
    }
    return index;
  }

  void send(ClientRequest request) {
    switch (request) {
      case ClientRequest.AskVote ask -> committee.vote(clientIndex[ask.authority()], ask.order()).whenComplete((vote, failure) ->
          replies.add(vote != null ? new ClientReply.Voted(ask, vote.encode()) : failed(ask, failure)));
      case ClientRequest.Confirm confirm -> committee.confirm(clientIndex[confirm.authority()], confirm.certificate())
          .whenComplete((outcome, failure) -> replies.add(failure == null ? new ClientReply.Confirmed(confirm) : failed(confirm, failure)));
      case ClientRequest.AskInfo ask -> committee.accountInfo(clientIndex[ask.authority()], ask.account(), ask.certificateAt(),
          ask.receivedFrom(), ask.receivedLimit()).whenComplete((info, failure) -> replies.add(info != null
          ? new ClientReply.Info(ask, info.getNextSequenceNumber(), info.getReceivedList().stream().map(ByteString::toByteArray).toList(),
              info.getReceivedTotal(), info.getRequestedCertificate().isEmpty() ? Optional.empty()
              : Optional.of(info.getRequestedCertificate().toByteArray()),
              info.getPendingVote().isEmpty() ? Optional.empty() : Optional.of(info.getPendingVote().toByteArray()))
          : failed(ask, failure)));
      // A payment driver never reads the primary; the hub's payments have no wallet to sync.
      case ClientRequest.AskDeposits ask -> replies.add(new ClientReply.Unreachable(ask));
    }
  }

  private static ClientReply failed(ClientRequest request, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause instanceof ProtocolException refusal
        ? new ClientReply.Refused(request, refusal.error())
        : new ClientReply.Unreachable(request);
  }

  /** The next answer, or null when {@code wakeAt} (in {@link #now()}'s milliseconds) comes first. */
  ClientReply next(long wakeAt) throws InterruptedException {
    return replies.poll(Math.max(0, wakeAt - now()), TimeUnit.MILLISECONDS);
  }

  /** The driver's clock: monotonic milliseconds. */
  static long now() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
  }
}
