package io.quorumpay.hub.committee;

import io.quorumpay.client.CommitteeClient;
import io.quorumpay.client.CommitteeExchange;
import io.quorumpay.client.DrivenPayment;
import io.quorumpay.core.client.PaymentDriver;
import io.quorumpay.hub.error.HubError;
import io.quorumpay.hub.error.HubException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One payment the hub relays: the kit's {@link PaymentDriver} run by its loop ({@link
 * DrivenPayment}, until {@code AT_QUORUM}) on a platform thread of its own, as a paying client's
 * thread drives it: the thread waits for each answer and handles it at once. (Driving it on gRPC's
 * callback threads, or on the request's virtual thread, made the hub's relay take twice the kit's
 * time on 2 cores: those threads share their carriers with Jetty's request threads;
 * docs/BENCHMARKS.md.) The answer is the certificate as soon as authorities of a quorum's weight
 * applied it, and the thread is free again then: every authority was already sent the
 * certificate, and one that has not applied it catches up from its peers by itself
 * (docs/PROTOCOL.md). Driving on until the slowest answered would let one silent authority hold
 * every relay thread for the driver's confirm time.
 */
final class RelayedPayment {
  private RelayedPayment() {}

  /**
   * Starts {@code driver}'s payment on a thread of {@code relays}; the future completes on that
   * thread with the certificate (and the time since the thread began driving it) or a {@link
   * HubException} ({@code COMMITTEE_UNAVAILABLE} at once when every relay thread is busy).
   */
  static CompletableFuture<CommitteeGateway.Relayed> start(PaymentDriver driver, CommitteeClient committee, int[] clientIndex,
      Executor relays, long quorum) {
    CompletableFuture<CommitteeGateway.Relayed> answer = new CompletableFuture<>();
    try {
      relays.execute(() -> drive(driver, new CommitteeExchange(committee, clientIndex, CommitteeExchange.DepositReader.NONE), quorum,
          answer));
    } catch (RejectedExecutionException e) {
      answer.completeExceptionally(new HubException(new HubError.CommitteeUnavailable("the hub relays as many payments as it can"
          + " at once; try again shortly")));
    }
    return answer;
  }

  private static void drive(PaymentDriver driver, CommitteeExchange exchange, long quorum,
      CompletableFuture<CommitteeGateway.Relayed> answer) {
    long began = System.nanoTime();
    try {
      switch (new DrivenPayment(driver, exchange, DrivenPayment.Until.AT_QUORUM).start(certificate -> { })) {
        case DrivenPayment.Result.Certified certified when certified.confirmedWeight() >= quorum ->
            answer.complete(new CommitteeGateway.Relayed(certified.certificate(), System.nanoTime() - began));
        case DrivenPayment.Result.Certified certified -> answer.completeExceptionally(new HubException(new HubError.CommitteeUnavailable(
            "the certificate formed but authorities of weight " + certified.confirmedWeight() + " of the " + quorum
                + " needed took it; submit it again to /v1/certificates")));
        case DrivenPayment.Result.GaveUp(PaymentDriver.Output.GaveUp gaveUp) -> answer.completeExceptionally(new HubException(
            gaveUp.why() == PaymentDriver.Why.REFUSED
                ? new HubError.OrderRefused(gaveUp.refusal().map(e -> e.code().name()).orElse("REFUSED"), gaveUp.summary())
                : new HubError.CommitteeUnavailable(gaveUp.summary())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answer.completeExceptionally(new HubException(new HubError.CommitteeUnavailable("the hub is stopping")));
    } catch (RuntimeException e) {
      answer.completeExceptionally(e);
    }
  }
}
