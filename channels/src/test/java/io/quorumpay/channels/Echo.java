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
import java.util.concurrent.atomic.AtomicLong;

/** A trivial gRPC service on raw bytes, {@code /test.Echo/Say} and {@code /test.Echo/Free}, that counts the calls it serves. */
final class Echo {
  static final MethodDescriptor<byte[], byte[]> SAY = method("Say");
  static final MethodDescriptor<byte[], byte[]> FREE = method("Free");
  final AtomicLong served = new AtomicLong();

  private static MethodDescriptor<byte[], byte[]> method(String name) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName("test.Echo", name))
        .setRequestMarshaller(RawMarshaller.INSTANCE)
        .setResponseMarshaller(RawMarshaller.INSTANCE)
        .build();
  }

  ServerServiceDefinition service() {
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
  static byte[] call(ManagedChannel channel, MethodDescriptor<byte[], byte[]> method, Metadata headers, byte[] request) {
    var intercepted = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    return ClientCalls.blockingUnaryCall(intercepted, method, CallOptions.DEFAULT, request);
  }
}
