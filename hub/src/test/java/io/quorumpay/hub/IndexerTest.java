package io.quorumpay.hub;

import static io.quorumpay.hub.HubFixture.account;
import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.hub.store.HistoryQueries;
import io.quorumpay.hub.store.Indexer;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The indexer counts nothing twice: a second indexer started on the same database (as after a
 * crash and restart) resumes from the stored cursors, and even from cursors reset to zero it adds
 * no row, since a slot's certificate and a deposit are stored once.
 */
class IndexerTest {
  @Test
  void restartedIndexerResumesAndNeverCountsTwice() throws Exception {
    HubFixture fixture = HubFixture.get();
    KeyPair payer = fixture.newKey();
    fixture.fund(payer, 100);
    HubFixture.Reply paid = fixture.post("/v1/orders", "{\"signedOrder\":\""
        + fixture.signedTransfer(payer, new Recipient.Account(account(fixture.newKey())), 40, 0) + "\"}");
    assertThat(paid.status()).isEqualTo(200);
    HubFixture.await("the payment indexed", () -> fixture.get("/v1/accounts/" + account(payer).hex() + "/history"),
        r -> r.json().path("items").size() == 2);

    var database = fixture.hub.parts().history();
    var pool = fixture.hub.parts().database();
    long rowsBefore = count(pool, "history");
    long certificatesBefore = count(pool, "certificates");
    List<Integer> heard = new ArrayList<>();
    try (Indexer restarted = new Indexer(pool, fixture.committee, fixture.primary, Clock.systemUTC(), e -> heard.add(e.size()))) {
      try (var c = pool.dataSource().getConnection(); Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE log_cursors SET position = 0");
        s.executeUpdate("UPDATE deposit_cursor SET position = 0");
      }
      // Read every log again from the start; the running indexer reads too: neither adds a row.
      for (int pass = 0; pass < 20 && restarted.runOnce() > 0; pass++) {
        // Pages of at most 256 entries a log: a few passes read everything again.
      }
    }
    assertThat(heard).as("entries the restarted indexer published").isEmpty();
    assertThat(count(pool, "certificates")).isEqualTo(certificatesBefore);
    assertThat(count(pool, "history")).isEqualTo(rowsBefore);
    assertThat(database.history(account(payer).hex(), new HistoryQueries.Filter(0, 50, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty())).items()).hasSize(2);
    try (var c = pool.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet duplicates = s.executeQuery("SELECT count(*) FROM (SELECT owner, sequence_number, account, direction FROM history"
            + " WHERE owner IS NOT NULL GROUP BY 1, 2, 3, 4 HAVING count(*) > 1) d")) {
      duplicates.next();
      assertThat(duplicates.getLong(1)).as("history rows counted twice").isZero();
    }
  }

  static long count(io.quorumpay.hub.store.HubDatabase pool, String table) throws Exception {
    try (var c = pool.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT count(*) FROM " + table)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
