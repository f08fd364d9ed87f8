package io.quorumpay.channels;

import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import io.quorumpay.channels.proxy.RawMarshaller;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A trivial gRPC service on raw bytes, {@code /test.Echo/Say} and {@code /test.Echo/Free}, that counts
 * the calls it serves. Public for the tests of the sub-packages.
 */
public final class Echo {
  public static final MethodDescriptor<byte[], byte[]> SAY = method("Say");
  public static final MethodDescriptor<byte[], byte[]> FREE = method("Free");
  public final AtomicLong served = new AtomicLong();

  private static MethodDescriptor<byte[], byte[]> method(String name) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName("test.Echo", name))
        .setRequestMarshaller(RawMarshaller.INSTANCE)
        .setResponseMarshaller(RawMarshaller.INSTANCE)
        .build();
  }

  public ServerServiceDefinition service() {
    return ServerServiceDefinition.builder("test.Echo")
        .addMethod(SAY, ServerCalls.asyncUnaryCall((request, out) -> {
          served.incrementAndGet();
          out.onNext(request);
          out.onCompleted();
        }))
        .addMethod(FREE, ServerCalls.asyncUnaryCall((request, out) -> {
          out.onNext(request);
          out.onCompleted();
        }))
        .build();
  }

  /** Calls {@code method} with {@code headers}. */
  public static byte[] call(ManagedChannel channel, MethodDescriptor<byte[], byte[]> method, Metadata headers, byte[] request) {
    var intercepted = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    return ClientCalls.blockingUnaryCall(intercepted, method, CallOptions.DEFAULT, request);
  }
}
