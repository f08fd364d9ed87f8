package io.quorumpay.authority.server;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quorumpay.api.RpcErrors;
import io.quorumpay.core.error.ProtocolException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the outcome of a shard step into a gRPC reply: a value, a typed refusal, or unavailability. */
final class Replies {
  private static final Logger log = LoggerFactory.getLogger(Replies.class);

  private Replies() {}

  /** Work done on the request thread before the writer: decoding and checks; refusals are typed. */
  @FunctionalInterface
  interface Prepared<T> {
    CompletableFuture<T> run() throws ProtocolException;
  }

  /**
   * Runs {@code prepared} and, when its future completes, replies with {@code toReply} of its value;
   * {@code outcome} is told the outcome code ("ok" or the refusal's code) for metrics.
   */
  static <T, R> void send(StreamObserver<R> observer, Prepared<T> prepared, Function<T, R> toReply, Consumer<String> outcome) {
    CompletableFuture<T> future;
    try {
      future = prepared.run();
    } catch (ProtocolException e) {
      outcome.accept(e.error().code().name());
      observer.onError(RpcErrors.toStatus(e.error()));
      return;
    }
    future.whenComplete((value, failure) -> {
      if (failure == null) {
        outcome.accept("ok");
        observer.onNext(toReply.apply(value));
        observer.onCompleted();
        return;
      }
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
      switch (cause) {
        case ProtocolException e -> {
          outcome.accept(e.error().code().name());
          observer.onError(RpcErrors.toStatus(e.error()));
        }
        case ShardUnavailableException e -> {
          outcome.accept(e.overloaded() ? "overloaded" : "stopped");
          observer.onError((e.overloaded() ? Status.RESOURCE_EXHAUSTED : Status.UNAVAILABLE)
              .withDescription(e.getMessage()).asRuntimeException());
        }
        default -> {
          outcome.accept("internal");
          log.error("unexpected failure while answering a request", cause);
          observer.onError(Status.INTERNAL.withDescription("internal error; see the authority's log").asRuntimeException());
        }
      }
    });
  }
}
