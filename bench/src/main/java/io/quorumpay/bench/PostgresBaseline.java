package io.quorumpay.bench;

import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What an operator would build instead: a central ledger on PostgreSQL. Each payment checks the
 * same Ed25519 signature, then debits and credits in one transaction with synchronous commit,
 * under the authority benchmark's load (its own sender and recipient per payment). The database
 * URL comes from QP_PG_URL (scripts/bench starts a PostgreSQL server and sets it); QP_PG_CONNECTIONS
 * sets the connections (default 8 per core, the fastest on the benchmark machine).
 */
final class PostgresBaseline {
  private PostgresBaseline() {}

  static Map<String, Object> run(int payments, int cores, Map<String, Object> results) throws Exception {
    String url = System.getenv("QP_PG_URL");
    Map<String, Object> result = new LinkedHashMap<>();
    if (url == null) {
      System.out.println("baseline skipped: QP_PG_URL is not set (scripts/bench baseline starts PostgreSQL and sets it)");
      result.put("status", "skipped: no PostgreSQL");
      return result;
    }
    SecureRandom random = new SecureRandom();
    NetworkId network = NetworkId.named("baseline");
    // The authority benchmark's load: each payment from its own sender to its own recipient.
    List<KeyPair> senders = new ArrayList<>();
    List<AccountId> recipients = new ArrayList<>();
    List<byte[]> orders = new ArrayList<>();
    for (int i = 0; i < payments; i++) {
      KeyPair sender = KeyPair.generate(random);
      AccountId recipient = new AccountId(KeyPair.generate(random).publicKey());
      senders.add(sender);
      recipients.add(recipient);
      orders.add(SignedOrder.sign(new TransferOrder(network, new AccountId(sender.publicKey()), new Recipient.Account(recipient),
          new AssetId("QPC"), new Amount(10), SequenceNumber.ZERO, UserData.EMPTY), sender).encode());
    }
    try (Connection setup = DriverManager.getConnection(url, "postgres", "")) {
      try (Statement statement = setup.createStatement()) {
        statement.execute("DROP TABLE IF EXISTS accounts");
        statement.execute("CREATE TABLE accounts (id bytea PRIMARY KEY, balance bigint NOT NULL, next_seq bigint NOT NULL)");
      }
      try (PreparedStatement insert = setup.prepareStatement("INSERT INTO accounts VALUES (?, ?, 0)")) {
        for (KeyPair sender : senders) {
          insert.setBytes(1, sender.publicKey().bytes().toArray());
          insert.setLong(2, 100);
          insert.addBatch();
        }
        for (AccountId recipient : recipients) {
          insert.setBytes(1, recipient.key().bytes().toArray());
          insert.setLong(2, 0);
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
    int connections = Integer.parseInt(System.getenv().getOrDefault("QP_PG_CONNECTIONS", Integer.toString(8 * cores)));
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger applied = new AtomicInteger();
    long start = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      workers.add(pool.submit(() -> {
        try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
          db.setAutoCommit(false);
          PreparedStatement debit = db.prepareStatement(
              "UPDATE accounts SET balance = balance - ?, next_seq = next_seq + 1 WHERE id = ? AND next_seq = ? AND balance >= ?");
          PreparedStatement credit = db.prepareStatement("UPDATE accounts SET balance = balance + ? WHERE id = ?");
          for (int i = next.getAndIncrement(); i < orders.size(); i = next.getAndIncrement()) {
            SignedOrder<TransferOrder> signed = SignedOrder.decodeTransfer(orders.get(i));
            signed.checkSignature();
            TransferOrder order = signed.order();
            debit.setLong(1, order.amount().units());
            debit.setBytes(2, order.sender().key().bytes().toArray());
            debit.setLong(3, order.sequenceNumber().value());
            debit.setLong(4, order.amount().units());
            if (debit.executeUpdate() == 1) {
              credit.setLong(1, order.amount().units());
              credit.setBytes(2, ((Recipient.Account) order.recipient()).id().key().bytes().toArray());
              credit.executeUpdate();
              db.commit();
              applied.incrementAndGet();
            } else {
              db.rollback();
            }
          }
        }
        return null;
      }));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
    pool.shutdown();
    double perSecond = applied.get() / ((System.nanoTime() - start) / 1e9);
    result.put("paymentsPerSecond", perSecond);
    result.put("connections", connections);
    result.put("payments", applied.get());
    System.out.printf("central PostgreSQL ledger (signature check + one synchronous transaction, %d connections): %.0f payments/s%n",
        connections, perSecond);
    if (results.get("authority") instanceof Map<?, ?> authority) {
      for (String run : List.of("durable-1-shards", "durable-2-shards")) {
        if (authority.get(run) instanceof Map<?, ?> durable && durable.get("result") instanceof AuthorityThroughput.Result r) {
          double ratio = r.paymentsPerSecond() / perSecond;
          result.put("quorumPayOverBaseline-" + run, ratio);
          System.out.printf("  QuorumPay authority (%s) / PostgreSQL ledger: %.2fx%n", run, ratio);
        }
      }
    }
    return result;
  }
}
