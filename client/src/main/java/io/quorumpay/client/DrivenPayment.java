package io.quorumpay.client;

import io.quorumpay.core.client.ClientReply;
import io.quorumpay.core.client.PaymentDriver;
import io.quorumpay.core.messages.Certificate;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One payment's {@link PaymentDriver} run over a {@link CommitteeExchange} on the calling thread:
 * the one loop that carries out the driver's outputs in order, waits for each answer or tick, and
 * feeds it back, until its {@link Until stop rule} or its step bound. The paykit, the hub and the
 * benchmarks call it; each maps the {@link Result} to its own errors with an exhaustive switch.
 *
 * <p>When it returns, requests still in flight are dropped with the exchange (whose answers land in
 * its queue and are never read); it is used once.
 */
public final class DrivenPayment {
  private static final Logger log = LoggerFactory.getLogger(DrivenPayment.class);

  /**
   * Most steps (each an answer or a tick) of one run, far above what a payment's budget allows, so
   * that only a fault in the driver or the exchange meets it: a plain payment takes tens, and one
   * that catches authorities up takes thousands at worst (in each of 6 rounds, up to 256 credits
   * sent to each lagging authority, each answered once).
   */
  public static final int MAX_STEPS = 100_000;

  /** When a run returns. */
  public enum Until {
    /**
     * Once the certificate formed and authorities of a quorum's weight confirmed it, as FastPay's
     * client does: the others catch up from their peers (docs/PROTOCOL.md). Also at the driver's
     * end, if that comes first (its confirm time up below a quorum's weight).
     */
    AT_QUORUM,
    /** At the driver's end: every authority answered the confirmation, or the confirm time is up. */
    ALL_ANSWERED
  }

  /** How a run ended. */
  public sealed interface Result {
    /**
     * The certificate formed, and authorities of {@code confirmedWeight} confirmed it when the run
     * returned. Below a quorum's weight (the confirm time ran out, or the step bound), the
     * certificate is still valid: confirm it again later.
     */
    record Certified(Certificate certificate, long confirmedWeight) implements Result {}

    /**
     * No certificate: the driver's own {@code reason} ({@link PaymentDriver.Why#REFUSED} with the
     * refusal, or {@link PaymentDriver.Why#NO_QUORUM}, also when the step bound ended the run
     * before a certificate formed: the order stays pending and may be retried).
     */
    record GaveUp(PaymentDriver.Output.GaveUp reason) implements Result {}
  }

  /**
   * What the caller does with a certificate the moment it forms, before any request that follows
   * is sent (the paykit records and saves it there).
   */
  @FunctionalInterface
  public interface OnCertified<E extends Exception> {
    void accept(Certificate certificate) throws E;
  }

  private final PaymentDriver driver;
  private final CommitteeExchange exchange;
  private final Until until;
  private final int maxSteps;

  /** A run of {@code driver} (not started yet) over {@code exchange} (new, for this run only), bounded by {@link #MAX_STEPS}. */
  public DrivenPayment(PaymentDriver driver, CommitteeExchange exchange, Until until) {
    this(driver, exchange, until, MAX_STEPS);
  }

  /** As {@link #DrivenPayment(PaymentDriver, CommitteeExchange, Until)}, with at most {@code maxSteps} answers and ticks. */
  public DrivenPayment(PaymentDriver driver, CommitteeExchange exchange, Until until, int maxSteps) {
    if (maxSteps < 1) {
      throw new IllegalArgumentException("a run needs at least one step");
    }
    this.driver = driver;
    this.exchange = exchange;
    this.until = until;
    this.maxSteps = maxSteps;
  }

  /**
   * Starts the payment ({@link PaymentDriver#start}) and runs it until {@link #until}.
   *
   * @param onCertified called once, on this thread, when the certificate forms; what it throws
   *     ends the run, before the certificate is sent anywhere
   * @throws InterruptedException if this thread is interrupted while waiting for an answer; the
   *     run stops there (what {@code onCertified} did stays done)
   */
  public <E extends Exception> Result start(OnCertified<E> onCertified) throws E, InterruptedException {
    return run(driver.start(CommitteeExchange.now()), null, onCertified);
  }

  /**
   * Confirms a certificate the caller already holds (a retry; {@link PaymentDriver#confirm}) and
   * runs until {@link #until}.
   *
   * @throws InterruptedException as for {@link #start}
   */
  public Result confirm(Certificate known) throws InterruptedException {
    return run(driver.confirm(known, CommitteeExchange.now()), known, certificate -> { });
  }

  private <E extends Exception> Result run(List<PaymentDriver.Output> first, Certificate known, OnCertified<E> onCertified)
      throws E, InterruptedException {
    List<PaymentDriver.Output> outputs = first;
    Certificate certificate = known;
    long wakeAt = Long.MAX_VALUE;
    for (int steps = 0; ; steps++) {
      for (PaymentDriver.Output output : outputs) {
        switch (output) {
          case PaymentDriver.Output.Send send -> exchange.send(send.request());
          case PaymentDriver.Output.Certified certified -> {
            certificate = certified.certificate();
            onCertified.accept(certificate);
          }
          case PaymentDriver.Output.WakeAt wake -> wakeAt = wake.at();
          case PaymentDriver.Output.Finished finished -> {
            return new Result.Certified(finished.certificate(), finished.confirmedWeight());
          }
          case PaymentDriver.Output.GaveUp gaveUp -> {
            return new Result.GaveUp(gaveUp);
          }
        }
      }
      if (until == Until.AT_QUORUM && driver.confirmedByQuorum()) {
        return new Result.Certified(certificate, driver.confirmedWeight());
      }
      if (steps == maxSteps) {
        break;
      }
      ClientReply reply = exchange.next(wakeAt);
      outputs = reply == null ? driver.tick(CommitteeExchange.now()) : driver.on(reply, CommitteeExchange.now());
    }
    log.atWarn().addKeyValue("steps", maxSteps).addKeyValue("certified", certificate != null)
        .log("a payment's run met its step bound before its driver ended");
    return certificate != null
        ? new Result.Certified(certificate, driver.confirmedWeight())
        : new Result.GaveUp(new PaymentDriver.Output.GaveUp(PaymentDriver.Why.NO_QUORUM, Optional.empty(),
            "no certificate after " + maxSteps + " steps (answers and ticks)"));
  }
}
