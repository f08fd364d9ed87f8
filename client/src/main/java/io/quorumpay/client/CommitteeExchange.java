package io.quorumpay.client;

import com.google.protobuf.ByteString;
import io.quorumpay.core.client.ClientReply;
import io.quorumpay.core.client.ClientRequest;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.error.ProtocolException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Carries out one pure driver's requests ({@link io.quorumpay.core.client.PaymentDriver},
 * {@link io.quorumpay.core.client.SyncDriver}) over a shared {@link CommitteeClient} and queues the
 * answers for the one thread that drives it, in the order they arrive. One per driver run: late
 * answers to an earlier run land in its own queue and are dropped with it, and concurrent runs
 * share nothing but the client.
 */
public final class CommitteeExchange {
  /** Answers a request for primary deposits by adding exactly one reply, possibly later and on another thread. */
  @FunctionalInterface
  public interface DepositReader {
    void read(ClientRequest.AskDeposits ask, Consumer<ClientReply> reply);

    /** For drivers that never read the primary (a payment driver): the primary is unreachable. */
    DepositReader NONE = (ask, reply) -> reply.accept(new ClientReply.Unreachable(ask));
  }

  private final CommitteeClient committee;
  /** Per committee member (the drivers' numbering), its index in {@link CommitteeClient}. */
  private final int[] clientIndex;
  private final DepositReader deposits;
  /** Bounded by the driver: a few requests per authority per round, each answered once. */
  private final BlockingQueue<ClientReply> replies = new LinkedBlockingQueue<>();
  /**
   * Requests sent and not answered yet. Every call ends in an answer (a reply, a refusal or a
   * failure by the client's deadline), so a driver's resend of one still in flight (its round
   * timer fired because the committee is slow, not because the request was lost) is not sent
   * again: in the hub benchmark at its peak drivers asked for 12 to 21 sends per payment instead
   * of 8, each one more signature check at an authority, which made the committee slower still.
   * Bounded like {@link #replies}.
   */
  private final Set<ClientRequest> inFlight = ConcurrentHashMap.newKeySet();

  /** @param clientIndex from {@link #clientIndex(CommitteeClient)}, computed once per client */
  public CommitteeExchange(CommitteeClient committee, int[] clientIndex, DepositReader deposits) {
    this.committee = committee;
    this.clientIndex = clientIndex;
    this.deposits = deposits;
  }

  /** Per committee member, in the committee's order (the drivers' numbering), its index in {@code committee}. */
  public static int[] clientIndex(CommitteeClient committee) {
    Committee members = committee.committee();
    int[] index = new int[members.members().size()];
    for (int a = 0; a < committee.size(); a++) {
      index[members.members().indexOf(committee.name(a))] = a;
    }
    return index;
  }

  /**
   * Sends {@code request}; its answer (or its failure) is queued for {@link #next(long)}. A request
   * equal to one still in flight is not sent again: the answer to that one comes.
   */
  public void send(ClientRequest request) {
    if (!inFlight.add(request)) {
      return;
    }
    try {
      dispatch(request);
    } catch (RuntimeException e) {
      // A call that could not even start (a closed client): answered as unreachable, so it is not left in flight for ever.
      answer(request, new ClientReply.Unreachable(request));
    }
  }

  private void dispatch(ClientRequest request) {
    switch (request) {
      case ClientRequest.AskVote ask -> committee.vote(clientIndex[ask.authority()], ask.order()).whenComplete((vote, failure) ->
          answer(ask, vote != null ? new ClientReply.Voted(ask, vote.encode()) : failed(ask, failure)));
      case ClientRequest.Confirm confirm -> committee.confirm(clientIndex[confirm.authority()], confirm.certificate())
          .whenComplete((outcome, failure) -> answer(confirm, failure == null ? new ClientReply.Confirmed(confirm) : failed(confirm, failure)));
      case ClientRequest.AskInfo ask -> committee.accountInfo(clientIndex[ask.authority()], ask.account(), ask.certificateAt(),
          ask.receivedFrom(), ask.receivedLimit()).whenComplete((info, failure) -> answer(ask, info != null
          ? new ClientReply.Info(ask, info.getNextSequenceNumber(), info.getReceivedList().stream().map(ByteString::toByteArray).toList(),
              info.getReceivedTotal(), info.getRequestedCertificate().isEmpty() ? Optional.empty()
              : Optional.of(info.getRequestedCertificate().toByteArray()),
              info.getPendingVote().isEmpty() ? Optional.empty() : Optional.of(info.getPendingVote().toByteArray()))
          : failed(ask, failure)));
      case ClientRequest.AskDeposits ask -> deposits.read(ask, reply -> answer(ask, reply));
    }
  }

  /** Queues {@code reply}; first its request is no longer in flight, so the driver may send it again on seeing the reply. */
  private void answer(ClientRequest request, ClientReply reply) {
    inFlight.remove(request);
    replies.add(reply);
  }

  private static ClientReply failed(ClientRequest request, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause instanceof ProtocolException refusal
        ? new ClientReply.Refused(request, refusal.error())
        : new ClientReply.Unreachable(request);
  }

  /** The next answer, or null when {@code wakeAt} (in {@link #now()}'s milliseconds) comes first. */
  public ClientReply next(long wakeAt) throws InterruptedException {
    return replies.poll(Math.max(0, wakeAt - now()), TimeUnit.MILLISECONDS);
  }

  /** The drivers' clock: monotonic milliseconds. */
  public static long now() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
  }
}
