package io.quorumpay.api;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.quorumpay.core.error.ProtocolError;
import java.util.Optional;

/**
 * Refusals on the wire: a {@link ProtocolError} becomes a gRPC status whose description is the
 * error's message and whose trailers carry a {@link Refusal} (its code as the {@link ErrorCode}
 * enum) under {@code qp-refusal-bin}, and the code's name under {@value #CODE_KEY_NAME} for people
 * and tools. A client turns it back into {@link ProtocolError.Refused} with the same code.
 */
public final class RpcErrors {
  public static final String CODE_KEY_NAME = "qp-error-code";
  public static final Metadata.Key<Refusal> REFUSAL_KEY =
      Metadata.Key.of("qp-refusal-bin", ProtoUtils.metadataMarshaller(Refusal.getDefaultInstance()));
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
      case ProtocolError.PendingElsewhere e -> Status.Code.FAILED_PRECONDITION;
      case ProtocolError.AccountStateUnchecked e -> Status.Code.FAILED_PRECONDITION;
      case ProtocolError.UnexpectedCertificate e -> Status.Code.INVALID_ARGUMENT;
      case ProtocolError.UnknownChannel e -> Status.Code.FAILED_PRECONDITION;
      case ProtocolError.NotChannelRecipient e -> Status.Code.PERMISSION_DENIED;
      case ProtocolError.InvalidAuthorization e -> Status.Code.UNAUTHENTICATED;
      case ProtocolError.InsufficientChannelValue e -> Status.Code.FAILED_PRECONDITION;
      case ProtocolError.ChannelNotExpired e -> Status.Code.FAILED_PRECONDITION;
      case ProtocolError.ChannelExpirationDecreases e -> Status.Code.INVALID_ARGUMENT;
      case ProtocolError.Refused e -> Status.Code.FAILED_PRECONDITION;
    };
  }

  /** The exception a service throws (or passes to {@code onError}) to refuse with {@code error}. */
  public static StatusRuntimeException toStatus(ProtocolError error) {
    return Status.fromCode(statusCode(error)).withDescription(error.message()).asRuntimeException(trailers(error));
  }

  /** The trailers that carry {@code error}. */
  public static Metadata trailers(ProtocolError error) {
    Metadata trailers = new Metadata();
    trailers.put(CODE_KEY, error.code().name());
    trailers.put(REFUSAL_KEY, Refusal.newBuilder().setCode(toWire(error.code())).setMessage(error.message()).build());
    return trailers;
  }

  /** The refusal a failed call carries, if it was one (rather than a transport failure). */
  public static Optional<ProtocolError.Refused> refusal(Throwable failure) {
    Metadata trailers = Status.trailersFromThrowable(failure);
    Refusal refusal = trailers == null ? null : trailers.get(REFUSAL_KEY);
    return refusal == null ? Optional.empty() : Optional.of(new ProtocolError.Refused(fromWire(refusal.getCode()), refusal.getMessage()));
  }

  /** The QuorumPay error code of a refusal, if the failure was one. */
  public static Optional<ProtocolError.Code> errorCode(Throwable failure) {
    return refusal(failure).map(ProtocolError.Refused::code);
  }

  /** A code as the wire enum (same name). */
  public static ErrorCode toWire(ProtocolError.Code code) {
    return code == ProtocolError.Code.UNRECOGNIZED ? ErrorCode.ERROR_CODE_UNSPECIFIED : ErrorCode.valueOf(code.name());
  }

  /** A wire enum as a code; values this build does not know become {@code UNRECOGNIZED}. */
  public static ProtocolError.Code fromWire(ErrorCode code) {
    return switch (code) {
      case UNRECOGNIZED, ERROR_CODE_UNSPECIFIED -> ProtocolError.Code.UNRECOGNIZED;
      default -> ProtocolError.Code.valueOf(code.name());
    };
  }
}
