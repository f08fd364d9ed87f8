package io.quorumpay.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.hub.http.HubServer;
import io.quorumpay.hub.store.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Two hubs on one database: the first indexes, the second serves reads and says it does not index. */
class SecondHubTest {

  @Test
  void aSecondHubOnTheSameDatabaseServesReadsButLeavesIndexingToTheFirst() throws Exception {
    HubFixture fixture = HubFixture.get();
    HikariDataSource pool = (HikariDataSource) fixture.hub.parts().database().dataSource();
    try (Hub second = Hub.start(new Hub.Config(HubServer.Settings.local(0),
        new Hub.Database.External(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword()), Optional.empty(), Duration.ofMillis(100)),
        fixture.committee, fixture.primary, List.of())) {
      HubFixture.Calls calls = new HubFixture.Calls(second.address());
      HubFixture.await("the second hub reports it serves reads only", () -> calls.get("/v1/network"),
          r -> r.status() == 200 && r.json().path("indexer").asText().startsWith("reads only"));
      assertThat(fixture.get("/v1/network").json().path("indexer").asText()).isEqualTo("indexing");

      // What the first hub indexes, the second serves.
      KeyPair key = fixture.newKey();
      fixture.fund(key, 25);
      HubFixture.Reply history = HubFixture.await("the deposit in the second hub's history",
          () -> calls.get("/v1/accounts/" + HubFixture.account(key).hex() + "/history"),
          r -> r.status() == 200 && r.json().path("items").size() == 1);
      assertThat(history.json().path("items").get(0).path("kind").asText()).isEqualTo("deposit");
      assertThat(calls.get("/v1/network").json().path("indexer").asText()).startsWith("reads only");
    }
  }

  @Test
  void aSecondHubOnTheSameEmbeddedDatabaseFolderIsRefusedAndLeavesTheFirstRunning() throws Exception {
    HubFixture fixture = HubFixture.get();
    assertThatThrownBy(() -> EmbeddedPostgres.start(fixture.dir.resolve("net/hub/postgres")))
        .isInstanceOf(IOException.class).hasMessageContaining("another hub runs PostgreSQL");
    KeyPair key = fixture.newKey();
    fixture.fund(key, 5);
    HubFixture.await("the first hub still indexes into its database",
        () -> fixture.get("/v1/accounts/" + HubFixture.account(key).hex() + "/history"),
        r -> r.status() == 200 && r.json().path("items").size() == 1);
  }
}
