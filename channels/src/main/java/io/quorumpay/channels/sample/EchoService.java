package io.quorumpay.channels.sample;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.quorumpay.channels.proxy.RawMarshaller;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sample service to sell (used by {@code qp channels demo}): {@code /sample.Echo/Say} answers
 * with the request's bytes, and counts the calls it served. It knows nothing of payments: a
 * {@code ChannelServerInterceptor} or a proxy in front of it charges for them.
 */
public final class EchoService {
  /** The one method, on raw bytes. */
  public static final MethodDescriptor<byte[], byte[]> SAY = MethodDescriptor.<byte[], byte[]>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName(MethodDescriptor.generateFullMethodName("sample.Echo", "Say"))
      .setRequestMarshaller(RawMarshaller.INSTANCE)
      .setResponseMarshaller(RawMarshaller.INSTANCE)
      .build();

  private final AtomicLong served = new AtomicLong();

  /** The service to add to a gRPC server. */
  public ServerServiceDefinition definition() {
    return ServerServiceDefinition.builder("sample.Echo")
        .addMethod(SAY, ServerCalls.asyncUnaryCall((request, out) -> {
          served.incrementAndGet();
          out.onNext(request);
          out.onCompleted();
        }))
        .build();
  }

  /** How many calls it has answered. */
  public long served() {
    return served.get();
  }

  /** Calls {@code /sample.Echo/Say} with {@code request} through {@code channel} (blocking). */
  public static byte[] say(Channel channel, byte[] request) {
    return ClientCalls.blockingUnaryCall(channel, SAY, CallOptions.DEFAULT, request);
  }
}
