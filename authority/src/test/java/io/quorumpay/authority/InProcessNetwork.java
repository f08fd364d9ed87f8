package io.quorumpay.authority;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.primary.RemotePrimaryChain;
import io.quorumpay.authority.config.AuthorityConfig;
import io.quorumpay.authority.local.FreePorts;
import io.quorumpay.authority.local.LocalNetwork;
import io.quorumpay.primary.PrimaryConfig;
import io.quorumpay.primary.PrimaryNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A local network with every authority and the primary in this JVM, over real gRPC on loopback and RocksDB on disk. */
final class InProcessNetwork implements AutoCloseable {
  final LocalNetwork.Layout layout;
  final CommitteeFile committee;
  final PrimaryNode primary;
  final RemotePrimaryChain primaryClient;
  final List<AuthorityNode> nodes = new ArrayList<>();
  final List<Throwable> fatal = new ArrayList<>();

  InProcessNetwork(Path dir, int authorities, int shards) throws Exception {
    this(dir, authorities, shards, false);
  }

  InProcessNetwork(Path dir, int authorities, int shards, boolean tls) throws Exception {
    layout = LocalNetwork.init(dir, "test", authorities, shards, tls, FreePorts::next);
    committee = CommitteeFile.read(layout.committeeFile());
    PrimaryConfig primaryConfig = PrimaryConfig.read(layout.primaryFile());
    primary = PrimaryNode.start(committee.committee(), primaryConfig.dataDir(), primaryConfig.listen(),
        java.time.Duration.ofMillis(50), tls
            ? TlsServerCredentials.create(primaryConfig.tlsCert().toFile(), primaryConfig.tlsKey().toFile())
            : InsecureServerCredentials.create());
    primaryClient = new RemotePrimaryChain(Grpc.newChannelBuilder(layout.primaryEndpoint(), channelCredentials()).build());
    for (int a = 0; a < authorities; a++) {
      nodes.add(start(a));
    }
  }

  /** What a client of this network connects with: TLS trusting the network's CA, or plaintext. */
  ChannelCredentials channelCredentials() throws java.io.IOException {
    return layout.caFile().isPresent()
        ? TlsChannelCredentials.newBuilder().trustManager(layout.caFile().get().toFile()).build()
        : InsecureChannelCredentials.create();
  }

  AuthorityNode start(int authority) throws Exception {
    return AuthorityNode.start(AuthorityConfig.read(layout.authorityFiles().get(authority)), fatal::add);
  }

  void stop(int authority) {
    nodes.get(authority).close();
    nodes.set(authority, null);
  }

  void restart(int authority) throws Exception {
    nodes.set(authority, start(authority));
  }

  @Override
  public void close() {
    nodes.stream().filter(java.util.Objects::nonNull).forEach(AuthorityNode::close);
    primaryClient.close();
    primary.close();
  }
}
