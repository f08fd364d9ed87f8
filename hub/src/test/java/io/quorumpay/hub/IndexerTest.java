package io.quorumpay.hub;

import static io.quorumpay.hub.HubFixture.account;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.types.PrimaryAddress;
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
 * no row, since a slot's certificate and a deposit are stored once, and a redeem's payout is
 * reported once (its certificate is marked paid with its {@code redeem_paid} row).
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
    HubFixture.Reply redeem = fixture.post("/v1/orders", "{\"signedOrder\":\""
        + fixture.signedTransfer(payer, new Recipient.Primary(PrimaryAddress.parse("0x00000000000000000000000000000000000000d2")), 10, 1)
        + "\"}");
    assertThat(redeem.status()).isEqualTo(200);
    assertThat(fixture.post("/v1/redeems", "{\"certificate\":\"" + redeem.json().path("certificate").path("hex").asText() + "\"}")
        .status()).isEqualTo(200);
    // Deposit, payment, redeem and its payout.
    HubFixture.await("the payment, the redeem and its payout indexed",
        () -> fixture.get("/v1/accounts/" + account(payer).hex() + "/history"), r -> r.json().path("items").size() == 4);

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
        Optional.empty(), Optional.empty(), Optional.empty())).items()).hasSize(4);
    try (var c = pool.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet duplicates = s.executeQuery("SELECT count(*) FROM (SELECT owner, sequence_number, account, direction, kind"
            + " FROM history WHERE owner IS NOT NULL GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1) d")) {
      duplicates.next();
      assertThat(duplicates.getLong(1)).as("history rows counted twice").isZero();
    }
    // The database itself refuses a second payout row for one redeem.
    try (var c = pool.dataSource().getConnection(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO history (account, direction, kind, amount, owner, sequence_number,"
          + " indexed_at) SELECT account, direction, kind, amount, owner, sequence_number, indexed_at FROM history"
          + " WHERE kind = 'redeem_paid' AND owner = '" + account(payer).hex() + "'"))
          .isInstanceOf(java.sql.SQLException.class).hasMessageContaining("history_redeem_paid");
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
