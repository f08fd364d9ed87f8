package io.quorumpay.hub.live;

import io.quorumpay.hub.Hub;
import io.quorumpay.hub.HubFixture;
import io.quorumpay.hub.explorer.ExplorerRoutes;
import io.quorumpay.hub.http.HubServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A hub with live notifications and the explorer, on the shared test network ({@link HubFixture})
 * with its own embedded PostgreSQL, shared by the live and explorer tests: started on first use,
 * stopped when the test JVM exits.
 */
public final class LiveHubFixture {
  private static LiveHubFixture shared;
  public final HubFixture network;
  public final Hub hub;
  public final HubFixture.Calls calls;

  private LiveHubFixture() throws Exception {
    network = HubFixture.get();
    hub = Hub.start(new Hub.Config(HubServer.Settings.local(0), new Hub.Database.Embedded(network.dir.resolve("live-hub")),
        Optional.empty(), Duration.ofMillis(50)), network.committee, network.primary,
        List.of(LiveRoutes.extension(100), ExplorerRoutes.extension()));
    calls = new HubFixture.Calls(hub.address());
  }

  public static synchronized LiveHubFixture get() throws Exception {
    if (shared == null) {
      shared = new LiveHubFixture();
      Hub started = shared.hub;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return shared;
  }
}
