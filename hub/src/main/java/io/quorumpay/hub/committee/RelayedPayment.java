package io.quorumpay.hub.committee;

import io.quorumpay.client.CommitteeClient;
import io.quorumpay.client.CommitteeExchange;
import io.quorumpay.core.client.ClientReply;
import io.quorumpay.core.client.PaymentDriver;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.hub.error.HubError;
import io.quorumpay.hub.error.HubException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One payment the hub relays, driven by the kit's {@link PaymentDriver} on the threads its answers
 * arrive on (gRPC's, and the timer's for its rounds) rather than on the request's thread: an
 * answer is handled where it lands, and the request's thread wakes once, when {@link #answer()}
 * completes, not once per vote and confirmation (each wake-up of a virtual thread waits for a
 * carrier, which on a loaded machine added milliseconds per answer). One answer is handled at a
 * time, in arrival order: whichever thread finds the payment idle handles the answers queued so
 * far. The answer is the certificate as soon as authorities of a quorum's weight applied it; the
 * driver then goes on confirming with the others until it finishes (its confirm time bounds it).
 */
final class RelayedPayment {
  private final PaymentDriver driver;
  private final CommitteeExchange exchange;
  private final ScheduledExecutorService timers;
  private final long quorum;
  private final CompletableFuture<Certificate> answer = new CompletableFuture<>();
  /** Answers (and, as empty, timer ticks) not handled yet: a few per authority per round, bounded by the driver. */
  private final ConcurrentLinkedQueue<Optional<ClientReply>> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean handling = new AtomicBoolean();
  /** Touched only while {@link #handling}. */
  private ScheduledFuture<?> timer;
  private Certificate formed;

  private RelayedPayment(PaymentDriver driver, CommitteeClient committee, int[] clientIndex, ScheduledExecutorService timers, long quorum) {
    this.driver = driver;
    this.exchange = new CommitteeExchange(committee, clientIndex, CommitteeExchange.DepositReader.NONE, reply -> arrive(Optional.of(reply)));
    this.timers = timers;
    this.quorum = quorum;
  }

  /** Starts {@code driver}'s payment; the future completes with the certificate or a {@link HubException}. */
  static CompletableFuture<Certificate> start(PaymentDriver driver, CommitteeClient committee, int[] clientIndex,
      ScheduledExecutorService timers, long quorum) {
    RelayedPayment payment = new RelayedPayment(driver, committee, clientIndex, timers, quorum);
    payment.handling.set(true);
    try {
      payment.carryOut(driver.start(CommitteeExchange.now()));
    } finally {
      payment.handling.set(false);
    }
    payment.handleQueued();
    return payment.answer;
  }

  private void arrive(Optional<ClientReply> reply) {
    inbox.add(reply);
    handleQueued();
  }

  /** Handles what is queued unless another thread is at it (that one then handles this too). */
  private void handleQueued() {
    while (!inbox.isEmpty() && handling.compareAndSet(false, true)) {
      try {
        for (Optional<ClientReply> next = inbox.poll(); next != null; next = inbox.poll()) {
          if (driver.done()) {
            continue; // late answers to a finished payment
          }
          long now = CommitteeExchange.now();
          carryOut(next.isPresent() ? driver.on(next.get(), now) : driver.tick(now));
        }
      } catch (RuntimeException e) {
        answer.completeExceptionally(e);
      } finally {
        handling.set(false);
      }
    }
  }

  private void carryOut(List<PaymentDriver.Output> outputs) {
    for (PaymentDriver.Output output : outputs) {
      switch (output) {
        case PaymentDriver.Output.Send send -> exchange.send(send.request());
        case PaymentDriver.Output.Certified certified -> formed = certified.certificate();
        case PaymentDriver.Output.WakeAt wake -> {
          if (timer != null) {
            timer.cancel(false);
          }
          timer = timers.schedule(() -> arrive(Optional.empty()), Math.max(0, wake.at() - CommitteeExchange.now()), TimeUnit.MILLISECONDS);
        }
        case PaymentDriver.Output.Finished finished -> {
          stopTimer();
          if (finished.confirmedWeight() >= quorum) {
            answer.complete(finished.certificate());
          } else {
            answer.completeExceptionally(new HubException(new HubError.CommitteeUnavailable("the certificate formed but authorities"
                + " of weight " + finished.confirmedWeight() + " of the " + quorum + " needed took it; submit it again to /v1/certificates")));
          }
        }
        case PaymentDriver.Output.GaveUp gaveUp -> {
          stopTimer();
          answer.completeExceptionally(new HubException(gaveUp.why() == PaymentDriver.Why.REFUSED
              ? new HubError.OrderRefused(gaveUp.refusal().map(e -> e.code().name()).orElse("REFUSED"), gaveUp.summary())
              : new HubError.CommitteeUnavailable(gaveUp.summary())));
        }
      }
    }
    if (formed != null && driver.confirmedWeight() >= quorum) {
      answer.complete(formed); // once; the driver goes on with the others' confirmations
    }
  }

  private void stopTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
