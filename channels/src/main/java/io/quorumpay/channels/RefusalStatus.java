package io.quorumpay.channels;

import io.grpc.Metadata;
import io.grpc.Status;
import io.quorumpay.channels.policy.ChannelRefusal;
import java.util.Map;

/**
 * The one place where channel refusals become wire statuses: a gRPC status code (with the refusal's
 * code in the trailer {@value #CODE_HEADER}) and an HTTP status (with the same header).
 * An incorrect nonce also carries the current nonce in {@value #CURRENT_NONCE_HEADER}, an insufficient
 * payment the cumulative amount it needed in {@value #NEEDED_HEADER} (the calls accepted at the nonce
 * plus this call's price: a buyer learns from it what the seller counts).
 */
public final class RefusalStatus {
  public static final String CODE_HEADER = "qp-channel-refusal";
  public static final String CURRENT_NONCE_HEADER = "qp-channel-current-nonce";
  public static final Metadata.Key<String> CODE_KEY = Metadata.Key.of(CODE_HEADER, Metadata.ASCII_STRING_MARSHALLER);
  public static final String NEEDED_HEADER = "qp-channel-needed";
  public static final Metadata.Key<String> CURRENT_NONCE_KEY =
      Metadata.Key.of(CURRENT_NONCE_HEADER, Metadata.ASCII_STRING_MARSHALLER);
  public static final Metadata.Key<String> NEEDED_KEY = Metadata.Key.of(NEEDED_HEADER, Metadata.ASCII_STRING_MARSHALLER);

  private RefusalStatus() {}

  /** The gRPC status code of a refusal code. */
  public static Status.Code grpc(ChannelRefusal.Code code) {
    return switch (code) {
      case UNPRICED_METHOD -> Status.Code.UNIMPLEMENTED;
      case PAYMENT_MISSING, INVALID_SIGNATURE, TRIAL_INVALID, CONTROL_UNAUTHENTICATED -> Status.Code.UNAUTHENTICATED;
      case PAYMENT_MALFORMED -> Status.Code.INVALID_ARGUMENT;
      case UNKNOWN_CHANNEL -> Status.Code.NOT_FOUND;
      case WRONG_GROUP -> Status.Code.PERMISSION_DENIED;
      case INCORRECT_NONCE -> Status.Code.ABORTED;
      case CHANNEL_EXPIRING, AMOUNT_ABOVE_VALUE, INSUFFICIENT_PAYMENT, CONTROL_STALE, CLAIM_REFUSED ->
          Status.Code.FAILED_PRECONDITION;
      case TRIAL_EXHAUSTED -> Status.Code.RESOURCE_EXHAUSTED;
      case UNAVAILABLE -> Status.Code.UNAVAILABLE;
    };
  }

  /** The HTTP status of a refusal code. */
  public static int http(ChannelRefusal.Code code) {
    return switch (code) {
      case UNPRICED_METHOD, UNKNOWN_CHANNEL -> 404;
      case PAYMENT_MALFORMED -> 400;
      case PAYMENT_MISSING, CHANNEL_EXPIRING, AMOUNT_ABOVE_VALUE, INSUFFICIENT_PAYMENT, TRIAL_EXHAUSTED -> 402;
      case INVALID_SIGNATURE, TRIAL_INVALID, CONTROL_UNAUTHENTICATED -> 401;
      case WRONG_GROUP -> 403;
      case INCORRECT_NONCE, CONTROL_STALE, CLAIM_REFUSED -> 409;
      case UNAVAILABLE -> 503;
    };
  }

  /** The gRPC status a refused call closes with. */
  public static Status status(ChannelRefusal refusal) {
    return Status.fromCode(grpc(refusal.code())).withDescription(refusal.message());
  }

  /** The trailers a refused gRPC call closes with: the code, then {@link #details}. */
  public static Metadata trailers(ChannelRefusal refusal) {
    Metadata trailers = new Metadata();
    trailers.put(CODE_KEY, refusal.code().name());
    details(refusal).forEach((name, value) -> trailers.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value));
    return trailers;
  }

  /** The headers (gRPC trailers) a refusal carries besides its code: the current nonce, or the amount needed. */
  public static Map<String, String> details(ChannelRefusal refusal) {
    return switch (refusal) {
      case ChannelRefusal.IncorrectNonce nonce -> Map.of(CURRENT_NONCE_HEADER, Long.toString(nonce.current()));
      case ChannelRefusal.InsufficientPayment payment -> Map.of(NEEDED_HEADER, Long.toString(payment.needed()));
      default -> Map.of();
    };
  }
}
