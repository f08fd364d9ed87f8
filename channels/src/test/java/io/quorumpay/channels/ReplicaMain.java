package io.quorumpay.channels;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.quorumpay.channels.ledger.EtcdLedger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One seller replica in its own process, for the kill -9 test: the echo service behind the
 * interceptor, channel records in etcd. Args: fixture seed, etcd endpoint, file to write the port to.
 */
public final class ReplicaMain {
  private ReplicaMain() {}

  public static void main(String[] args) throws Exception {
    Fixture f = new Fixture(Long.parseLong(args[0]));
    EtcdLedger ledger = EtcdLedger.connect(List.of(args[1]), "/qp-test/channels/");
    Prices prices = new Prices(Map.of("/test.Echo/Say", Long.parseLong(args[3])), null);
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .addService(ServerInterceptors.intercept(new Echo().service(), new ChannelServerInterceptor(f.gate(ledger, prices))))
        .build()
        .start();
    Path port = Path.of(args[2]);
    Files.writeString(port.resolveSibling(port.getFileName() + ".tmp"), Integer.toString(server.getPort()));
    Files.move(port.resolveSibling(port.getFileName() + ".tmp"), port);
    server.awaitTermination();
  }
}
