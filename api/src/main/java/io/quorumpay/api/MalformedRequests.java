package io.quorumpay.api;

import io.grpc.BindableService;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.quorumpay.core.error.ProtocolError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Answers requests that are not valid protobuf with a clear refusal ({@code INVALID_ARGUMENT},
 * code {@code MALFORMED}) instead of gRPC's default "unknown application error". The service
 * receives raw bytes and parses them inside {@code onMessage}, where this interceptor can see the
 * parse fail.
 */
public final class MalformedRequests implements ServerInterceptor {
  /** Raw request and response bytes: what the guarded service parses itself, and what tests send. */
  public static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  private MalformedRequests() {}

  /** {@code service}, with malformed requests refused clearly. */
  public static ServerServiceDefinition guard(BindableService service) {
    return ServerInterceptors.intercept(ServerInterceptors.useMarshalledMessages(service.bindService(), BYTES),
        new MalformedRequests());
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
      private boolean refused;

      @Override
      public void onMessage(Q message) {
        try {
          super.onMessage(message);
        } catch (RuntimeException e) {
          // For unary calls onMessage only parses and stores the request: a failure here is bad bytes.
          refused = true;
          Metadata trailers = new Metadata();
          ProtocolError error = new ProtocolError.Malformed("request", "not a valid protobuf message of this method");
          trailers.put(RpcErrors.CODE_KEY, error.code());
          call.close(Status.INVALID_ARGUMENT.withDescription(error.message()), trailers);
        }
      }

      @Override
      public void onHalfClose() {
        if (!refused) {
          super.onHalfClose();
        }
      }
    };
  }
}
