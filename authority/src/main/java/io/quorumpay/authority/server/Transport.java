package io.quorumpay.authority.server;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.quorumpay.authority.config.AuthorityConfig;
import java.io.IOException;

/**
 * Transport security of an authority. With TLS on: clients reach shards over TLS (server
 * certificate signed by the network's CA), and shards of one authority talk to each other over
 * mutual TLS, and the internal port serves only callers that present the authority's own
 * certificate (which all its shards share; {@link SiblingCertificate}): another authority's or the
 * primary's certificate, though signed by the same CA, is refused. Off only for local development;
 * credits are sealed by the authority in any case ({@link io.quorumpay.core.authority.SiblingSeal}).
 */
public record Transport(AuthorityConfig.Tls tls) {

  /** Credentials of the client-facing port. */
  public ServerCredentials clientServer() throws IOException {
    return tls.enabled() ? TlsServerCredentials.create(tls.cert().toFile(), tls.key().toFile()) : InsecureServerCredentials.create();
  }

  /** Credentials of the internal port: mutual TLS, a client certificate required ({@link #siblingsOnly} pins it). */
  public ServerCredentials peerServer() throws IOException {
    if (!tls.enabled()) {
      return InsecureServerCredentials.create();
    }
    return TlsServerCredentials.newBuilder().keyManager(tls.cert().toFile(), tls.key().toFile())
        .trustManager(tls.ca().toFile()).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE).build();
  }

  /** The interceptor of the internal port: with TLS, only this authority's own certificate may call. */
  public ServerInterceptor siblingsOnly() throws IOException {
    return tls.enabled() ? SiblingCertificate.pinned(tls.cert()) : new RemoteAddress();
  }

  /** A channel to a sibling shard's internal port, presenting this authority's certificate. */
  public ManagedChannel peerChannel(String target) throws IOException {
    ChannelCredentials credentials = tls.enabled()
        ? TlsChannelCredentials.newBuilder().keyManager(tls.cert().toFile(), tls.key().toFile()).trustManager(tls.ca().toFile()).build()
        : InsecureChannelCredentials.create();
    return Grpc.newChannelBuilder(target, credentials).build();
  }

  /** A channel to a client-facing endpoint (the primary, another authority). */
  public ManagedChannel clientChannel(String target) throws IOException {
    ChannelCredentials credentials = tls.enabled()
        ? TlsChannelCredentials.newBuilder().trustManager(tls.ca().toFile()).build()
        : InsecureChannelCredentials.create();
    return Grpc.newChannelBuilder(target, credentials).build();
  }
}
