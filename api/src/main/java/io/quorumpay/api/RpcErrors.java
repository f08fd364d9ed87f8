package io.quorumpay.api;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quorumpay.core.error.ProtocolError;
import java.util.Optional;

/**
 * Refusals on the wire: a {@link ProtocolError} becomes a gRPC status whose description is the
 * error's message and whose trailers carry its code under {@value #CODE_KEY_NAME}.
 */
public final class RpcErrors {
  public static final String CODE_KEY_NAME = "qp-error-code";
  public static final Metadata.Key<String> CODE_KEY = Metadata.Key.of(CODE_KEY_NAME, Metadata.ASCII_STRING_MARSHALLER);

  private RpcErrors() {}

  /** The gRPC status for a refusal: what kind of failure it is, for clients that only read the status. */
  public static Status.Code statusCode(ProtocolError error) {
    return switch (error) {
      case ProtocolError.Malformed e -> Status.Code.INVALID_ARGUMENT;
      case ProtocolError.OutOfRange e -> Status.Code.OUT_OF_RANGE;
      case ProtocolError.WrongNetwork e -> Status.Code.INVALID_ARGUMENT;
      case ProtocolError.InvalidSignature e -> Status.Code.UNAUTHENTICATED;
      case ProtocolError.WrongShard e -> Status.Code.FAILED_PRECONDITION;
      case ProtocolError.ZeroAmount e -> Status.Code.INVALID_ARGUMENT;
      case ProtocolError.SelfTransfer e -> Status.Code.INVALID_ARGUMENT;
      case ProtocolError.UnexpectedSequenceNumber e -> Status.Code.FAILED_PRECONDITION;
      case ProtocolError.InsufficientBalance e -> Status.Code.FAILED_PRECONDITION;
      case ProtocolError.ConflictingOrder e -> Status.Code.ALREADY_EXISTS;
      case ProtocolError.BalanceOverflow e -> Status.Code.OUT_OF_RANGE;
      case ProtocolError.UnknownAuthority e -> Status.Code.PERMISSION_DENIED;
      case ProtocolError.InsufficientQuorum e -> Status.Code.UNAUTHENTICATED;
      case ProtocolError.VoteForOtherOrder e -> Status.Code.INVALID_ARGUMENT;
      case ProtocolError.MissingEarlierConfirmations e -> Status.Code.FAILED_PRECONDITION;
      case ProtocolError.CreditOutOfOrder e -> Status.Code.FAILED_PRECONDITION;
      case ProtocolError.CreditMisrouted e -> Status.Code.FAILED_PRECONDITION;
      case ProtocolError.CreditReplayed e -> Status.Code.ALREADY_EXISTS;
      case ProtocolError.NotASibling e -> Status.Code.PERMISSION_DENIED;
      case ProtocolError.DepositAlreadyApplied e -> Status.Code.ALREADY_EXISTS;
      case ProtocolError.DepositOutOfOrder e -> Status.Code.FAILED_PRECONDITION;
      case ProtocolError.NotARedeem e -> Status.Code.INVALID_ARGUMENT;
      case ProtocolError.RedeemReplay e -> Status.Code.ALREADY_EXISTS;
      case ProtocolError.InsufficientFunds e -> Status.Code.FAILED_PRECONDITION;
      case ProtocolError.InvalidPrimaryAddress e -> Status.Code.INVALID_ARGUMENT;
      case ProtocolError.PendingOrderExists e -> Status.Code.FAILED_PRECONDITION;
      case ProtocolError.UnexpectedCertificate e -> Status.Code.INVALID_ARGUMENT;
      case ProtocolError.Refused e -> Status.Code.FAILED_PRECONDITION;
    };
  }

  /** The exception a service throws (or passes to {@code onError}) to refuse with {@code error}. */
  public static StatusRuntimeException toStatus(ProtocolError error) {
    Metadata trailers = new Metadata();
    trailers.put(CODE_KEY, error.code());
    return Status.fromCode(statusCode(error)).withDescription(error.message()).asRuntimeException(trailers);
  }

  /** The QuorumPay error code of a refusal, if the failure was one (rather than a transport failure). */
  public static Optional<String> errorCode(Throwable failure) {
    Metadata trailers = Status.trailersFromThrowable(failure);
    return trailers == null ? Optional.empty() : Optional.ofNullable(trailers.get(CODE_KEY));
  }
}
