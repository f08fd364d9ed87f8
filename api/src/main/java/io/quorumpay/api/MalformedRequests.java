package io.quorumpay.api;

import io.grpc.BindableService;
import io.grpc.Drainable;
import io.grpc.ForwardingServerCallListener;
import io.grpc.KnownLength;
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
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Answers requests that are not valid protobuf with a clear refusal ({@code INVALID_ARGUMENT},
 * code {@code MALFORMED}) instead of gRPC's default "unknown application error". The service
 * receives raw bytes and parses them inside {@code onMessage}, where this interceptor can see the
 * parse fail.
 */
public final class MalformedRequests implements ServerInterceptor {
  /**
   * Raw request and response bytes: what the guarded service parses itself, and what tests send.
   * Reads exactly the known length and hands gRPC a stream it can drain without a copy buffer: a
   * plain read or copy would allocate 8-16 KiB per message, most of the garbage on the hot path.
   */
  public static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new KnownBytes(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream instanceof KnownLength ? stream.readNBytes(stream.available()) : stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  /** Bytes whose length gRPC knows and which it drains straight into its frame. */
  private static final class KnownBytes extends ByteArrayInputStream implements KnownLength, Drainable {
    KnownBytes(byte[] bytes) {
      super(bytes);
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
      int length = count - pos;
      target.write(buf, pos, length);
      pos = count;
      return length;
    }
  }

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
          ProtocolError error = new ProtocolError.Malformed("request", "not a valid protobuf message of this method");
          call.close(Status.INVALID_ARGUMENT.withDescription(error.message()), RpcErrors.trailers(error));
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
