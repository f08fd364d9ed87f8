package io.quorumpay.authority.server;

import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.ethereum.ChainMismatchException;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * A background loop on its own daemon thread. The loop runs until its thread is interrupted, which
 * is how {@link #close()} stops it; blocking calls inside it end with InterruptedException.
 */
final class DaemonLoop implements AutoCloseable {
  /** What a loop does about a failure. */
  enum Failure {
    /** The world failed (a peer or the primary unreachable or refusing, the shard overloaded): retry later. */
    RETRY,
    /** The shard stopped (its writer reported why): end the loop quietly. */
    STOPPED,
    /**
     * The world answered that the configuration is wrong (the Ethereum node is on another chain, the
     * contract is not this committee's): stop with that message, since retrying cannot fix it.
     */
    MISCONFIGURED,
    /** A bug: stop the shard loudly rather than retry it forever. */
    FATAL
  }

  private final Thread thread;

  DaemonLoop(String name, Runnable loop) {
    this.thread = new Thread(loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** True until the loop is asked to stop; the loop checks it between iterations. */
  static boolean running() {
    return !Thread.currentThread().isInterrupted();
  }

  /** Sorts a loop's failure: only what the outside world causes is worth a retry. */
  static Failure classify(Throwable failure) {
    Throwable cause = failure instanceof ExecutionException && failure.getCause() != null ? failure.getCause() : failure;
    return switch (cause) {
      case ChainMismatchException e -> Failure.MISCONFIGURED;
      case IOException e -> Failure.RETRY;
      case ProtocolException e -> Failure.RETRY;
      case ShardUnavailableException e -> e.overloaded() ? Failure.RETRY : Failure.STOPPED;
      default -> Failure.FATAL;
    };
  }

  /**
   * Whether a loop retries after {@code failure}: yes for the outside world's failures (the caller
   * backs off); no when the shard stopped, or for a bug or a configuration the world refutes, which
   * is logged once and reported to {@code onFatal} so that the authority stops loudly instead of spinning.
   */
  static boolean retries(Exception failure, String loop, Logger log, Consumer<Throwable> onFatal) {
    return switch (classify(failure)) {
      case RETRY -> true;
      case STOPPED -> false;
      case MISCONFIGURED -> {
        log.error("{} is impossible as configured: {}", loop, failure.getMessage());
        onFatal.accept(failure);
        yield false;
      }
      case FATAL -> {
        log.error("{} hit a bug; stopping the shard", loop, failure);
        onFatal.accept(failure);
        yield false;
      }
    };
  }

  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
