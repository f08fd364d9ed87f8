package io.quorumpay.authority.server;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.SocketAddress;

/** Makes the caller's address available to a service, for the log lines that name who sent something refused. */
final class RemoteAddress implements ServerInterceptor {
  private static final Context.Key<SocketAddress> KEY = Context.key("qp-remote-address");

  /** The caller of the request being handled on this thread, or "unknown". */
  static String current() {
    SocketAddress address = KEY.get();
    return address == null ? "unknown" : address.toString();
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    Context context = Context.current().withValue(KEY, call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    return Contexts.interceptCall(context, call, headers, next);
  }
}
