package io.quorumpay.authority.server;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.quorumpay.authority.config.AuthorityConfig;
import java.io.IOException;

/**
 * Transport security of an authority. With TLS on: clients reach shards over TLS (server
 * certificate signed by the network's CA), and shards of one authority talk to each other over
 * mutual TLS (both sides present certificates signed by that CA). Off only for local development.
 */
public record Transport(AuthorityConfig.Tls tls) {

  /** Credentials of the client-facing port. */
  public ServerCredentials clientServer() throws IOException {
    return tls.enabled() ? TlsServerCredentials.create(tls.cert().toFile(), tls.key().toFile()) : InsecureServerCredentials.create();
  }

  /** Credentials of the internal port: mutual TLS, a client certificate required. */
  public ServerCredentials peerServer() throws IOException {
    if (!tls.enabled()) {
      return InsecureServerCredentials.create();
    }
    return TlsServerCredentials.newBuilder().keyManager(tls.cert().toFile(), tls.key().toFile())
        .trustManager(tls.ca().toFile()).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE).build();
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
