package io.quorumpay.channels.proxy;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.HandlerRegistry;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.quorumpay.channels.ChannelServerInterceptor;
import io.quorumpay.channels.PaymentGate;
import io.quorumpay.channels.claims.ControlService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A paying reverse proxy for any gRPC service, in any language: every call, of any method and
 * shape (unary or streaming), is checked by the {@link ChannelServerInterceptor} and, if admitted,
 * passed through to {@code upstream} as raw bytes, with its metadata less the signature and trial
 * token. Responses, headers, trailers and status come back unchanged.
 */
public final class GrpcProxy implements AutoCloseable {
  private final Server server;

  private GrpcProxy(Server server) {
    this.server = server;
  }

  /** Starts the proxy on {@code listen}, forwarding to {@code upstream}. */
  public static GrpcProxy start(InetSocketAddress listen, ManagedChannel upstream, PaymentGate gate) throws IOException {
    return start(listen, upstream, gate, List.of());
  }

  /**
   * Like {@link #start(InetSocketAddress, ManagedChannel, PaymentGate)}, also serving {@code own}
   * services on the same port (the seller's {@link ControlService}, say): their methods are served
   * here, unpaid and not forwarded.
   */
  public static GrpcProxy start(InetSocketAddress listen, ManagedChannel upstream, PaymentGate gate, List<ServerServiceDefinition> own)
      throws IOException {
    ChannelServerInterceptor interceptor = new ChannelServerInterceptor(gate);
    HandlerRegistry everything = new HandlerRegistry() {
      @Override
      public ServerMethodDefinition<?, ?> lookupMethod(String fullMethodName, String authority) {
        MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNKNOWN)
            .setFullMethodName(fullMethodName)
            .setRequestMarshaller(RawMarshaller.INSTANCE)
            .setResponseMarshaller(RawMarshaller.INSTANCE)
            .build();
        ServerCallHandler<byte[], byte[]> forward = new Forward(upstream, method);
        return ServerMethodDefinition.create(method, (call, headers) -> interceptor.interceptCall(call, headers, forward));
      }
    };
    NettyServerBuilder server = NettyServerBuilder.forAddress(listen).fallbackHandlerRegistry(everything);
    own.forEach(server::addService);
    return new GrpcProxy(server.build().start());
  }

  /** The port it listens on. */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdown();
    if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
      server.shutdownNow();
    }
  }

  /** Passes one call through, one message at a time in each direction (flow control follows the slower side). */
  private record Forward(ManagedChannel upstream, MethodDescriptor<byte[], byte[]> method) implements ServerCallHandler<byte[], byte[]> {
    @Override
    public ServerCall.Listener<byte[]> startCall(ServerCall<byte[], byte[]> call, Metadata headers) {
      ClientCall<byte[], byte[]> out = upstream.newCall(method, CallOptions.DEFAULT);
      Metadata forwarded = new Metadata();
      forwarded.merge(headers);
      forwarded.removeAll(ChannelServerInterceptor.SIGNATURE);
      forwarded.removeAll(ChannelServerInterceptor.TRIAL);
      out.start(new ClientCall.Listener<>() {
        @Override
        public void onHeaders(Metadata responseHeaders) {
          call.sendHeaders(responseHeaders);
        }

        @Override
        public void onMessage(byte[] message) {
          call.sendMessage(message);
          out.request(1);
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
          call.close(status, trailers);
        }
      }, forwarded);
      out.request(1);
      call.request(1);
      return new ServerCall.Listener<>() {
        @Override
        public void onMessage(byte[] message) {
          out.sendMessage(message);
          call.request(1);
        }

        @Override
        public void onHalfClose() {
          out.halfClose();
        }

        @Override
        public void onCancel() {
          out.cancel("the client cancelled", null);
        }
      };
    }
  }
}
