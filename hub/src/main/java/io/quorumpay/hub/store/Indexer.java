package io.quorumpay.hub.store;

import com.google.protobuf.ByteString;
import io.quorumpay.api.AppliedLogReply;
import io.quorumpay.client.CommitteeClient;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.api.primary.PrimaryChain;
import io.quorumpay.hub.committee.CertificateFacts;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every authority shard's applied log and the primary's deposits into the database.
 * Every certificate is checked against the committee before it counts (an authority that lies
 * cannot get a forged one indexed); a certificate is stored once per slot, whichever logs repeat
 * it; each page's rows and its cursor commit in one transaction, so after a crash the indexer
 * resumes where its last commit ended and counts nothing twice. Single-threaded, and the only
 * writer of the history: it indexes only while it holds the database's {@link IndexerLock}, so a
 * second hub on the same database serves reads and leaves indexing to the first (taking over if
 * the first one's session ends).
 */
public final class Indexer implements AutoCloseable {
  static final int PAGE = 256;
  static final int DEPOSIT_PAGE = 1000;
  /** The most senders whose unpaid redeems one pass asks the primary about. */
  static final int REDEEM_SENDERS = 64;
  /** The most redeems of one sender one pass marks paid. */
  static final int REDEEMS_PER_SENDER = 256;
  /** The history kind of a redeem the primary paid out (no certificate of its own: it names the redeem's slot). */
  public static final String REDEEM_PAID = "redeem_paid";
  private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);
  private final HubDatabase database;
  private final CommitteeClient committee;
  private final PrimaryChain primary;
  private final Clock clock;
  private final Consumer<List<HistoryEntry>> committed;
  private final Duration wait = Duration.ofSeconds(5);
  private final IndexerLock lock;
  /** Whether the last pass held the lock: for logging the change once and for the hub's status. */
  private volatile boolean indexing;
  private volatile Thread thread;
  private volatile boolean stopping;
  /** The last sender asked about in the previous pass: passes go round all senders with unpaid redeems. */
  private String redeemCursor = "";
  /** How many certificates (their exact bytes) {@link #checked} remembers. */
  static final int CHECKED = 8192;
  /**
   * Certificates (exact bytes) already checked against the committee, most recent last: every
   * authority logs each certificate, in the sender's and in the recipient's shard, so the same
   * bytes come up to eight times; checking them once saves 3 signature verifications each time.
   */
  private final LinkedHashMap<ByteString, Boolean> checked = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ByteString, Boolean> eldest) {
      return size() > CHECKED;
    }
  };

  /** {@code committed} hears every history entry after its transaction committed, in id order (for live notifications). */
  public Indexer(HubDatabase database, CommitteeClient committee, PrimaryChain primary, Clock clock,
      Consumer<List<HistoryEntry>> committed) {
    this.database = database;
    this.committee = committee;
    this.primary = primary;
    this.clock = clock;
    this.committed = committed;
    this.lock = new IndexerLock(database);
  }

  /** Whether this hub indexes (holds the indexer lock) as of its last pass; false: another hub on the database does. */
  public boolean indexing() {
    return indexing;
  }

  /** Runs {@link #runOnce()} until closed, pausing {@code idle} when nothing was new. */
  public void start(Duration idle) {
    thread = Thread.ofPlatform().name("hub-indexer").daemon().start(() -> {
      while (!stopping) {
        try {
          if (runOnce() == 0) {
            TimeUnit.MILLISECONDS.sleep(idle.toMillis());
          }
        } catch (InterruptedException e) {
          return;
        } catch (SQLException | RuntimeException e) {
          LOG.warn("indexing failed, retrying: {}", e.getMessage());
          try {
            TimeUnit.SECONDS.sleep(1);
          } catch (InterruptedException interrupted) {
            return;
          }
        }
      }
    });
  }

  /**
   * One pass: at most one page of every authority shard's log and of deposits, and the payouts of
   * up to {@link #REDEEM_SENDERS} senders' unpaid redeems. Returns how many entries it read (0: nothing new).
   */
  public synchronized int runOnce() throws SQLException {
    boolean held = lock.tryTake();
    if (held != indexing) {
      indexing = held;
      if (held) {
        LOG.info("indexing: this hub holds the indexer lock on its database");
      } else {
        LOG.warn("not indexing: another hub holds the indexer lock on this database; this hub serves reads only");
      }
    }
    if (!held) {
      return 0;
    }
    // Every log's page is asked for at once, with one deadline for the pass: an authority that does
    // not answer delays the others by one wait at most, not one wait per shard. The pages' rows and
    // cursors then commit in one transaction (one commit per pass, not one per log).
    List<String> names = new ArrayList<>();
    for (int a = 0; a < committee.size(); a++) {
      names.add(committee.name(a).key().bytes().toHex());
    }
    Map<String, Long> positions = database.read(c -> cursors(c, names));
    List<LogCursor> cursors = new ArrayList<>();
    List<java.util.concurrent.CompletableFuture<AppliedLogReply>> pages = new ArrayList<>();
    for (int a = 0; a < committee.size(); a++) {
      for (int s = 0; s < committee.shardCount(); s++) {
        long from = positions.getOrDefault(names.get(a) + "/" + s, 0L);
        cursors.add(new LogCursor(a, s, from));
        pages.add(committee.appliedLog(a, s, from, PAGE));
      }
    }
    long deadline = System.nanoTime() + wait.toNanos();
    int added = 0;
    List<LogPage> read = new ArrayList<>();
    for (int i = 0; i < pages.size(); i++) {
      LogCursor log = cursors.get(i);
      Optional<LogPage> page = readLog(log.authority(), log.shard(), log.from(), pages.get(i), deadline);
      if (page.isPresent()) {
        read.add(page.get());
        added += (int) (page.get().next() - log.from());
      }
    }
    if (!read.isEmpty()) {
      Instant now = clock.instant();
      publish(lock.transaction(c -> {
        List<HistoryEntry> entries = new ArrayList<>();
        for (LogPage page : read) {
          for (Certificate certificate : page.valid()) {
            entries.addAll(insertCertificate(c, certificate, now));
          }
          setCursor(c, page.authority(), page.shard(), page.next());
        }
        return entries;
      }));
    }
    return added + readDeposits() + readRedeemPayouts();
  }

  /**
   * Asks the primary how far it has paid the redeems of the next senders with unpaid redeem
   * certificates, and marks those paid with a {@code redeem_paid} history row each. Senders are
   * taken in turn (by account, from where the last pass stopped) rather than oldest first, so redeems
   * that are never submitted to the primary cannot keep newer ones from being seen. The primary's
   * redeem log only grows and wallets pay an account's redeems in order, so a last redeemed sequence
   * number at or above a certificate's means that certificate was paid (docs/PROTOCOL.md, "Redeem log").
   */
  private int readRedeemPayouts() throws SQLException {
    List<String> senders = database.read(c -> {
      List<String> next = new ArrayList<>();
      try (PreparedStatement select = c.prepareStatement("SELECT DISTINCT owner FROM certificates WHERE kind = 'redeem'"
          + " AND paid_at IS NULL AND owner > ? ORDER BY owner LIMIT ?")) {
        select.setString(1, redeemCursor);
        select.setInt(2, REDEEM_SENDERS);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            next.add(rows.getString(1));
          }
        }
      }
      return next;
    });
    redeemCursor = senders.size() < REDEEM_SENDERS ? "" : senders.getLast();
    int paid = 0;
    for (String sender : senders) {
      OptionalLong last;
      try {
        last = primary.lastRedeemed(AccountId.parse(sender));
      } catch (IOException | RuntimeException e) {
        LOG.debug("primary unreachable: {}", e.getMessage());
        return paid;
      } catch (ProtocolException e) {
        throw new IllegalStateException("a stored redeem's owner is not an account: " + sender, e);
      }
      if (last.isEmpty()) {
        continue;
      }
      Instant now = clock.instant();
      List<HistoryEntry> entries = lock.transaction(c -> markPaid(c, sender, last.getAsLong(), now));
      publish(entries);
      paid += entries.size();
    }
    return paid;
  }

  /** A redeem certificate just marked paid, as stored. */
  private record PaidRedeem(long sequenceNumber, String sender, String primaryAddress, String asset, long amount) {}

  /** Marks {@code sender}'s unpaid redeems up to {@code through} paid, each with its history row, once. */
  private static List<HistoryEntry> markPaid(Connection c, String sender, long through, Instant now) throws SQLException {
    List<HistoryEntry> entries = new ArrayList<>();
    try (PreparedStatement update = c.prepareStatement("UPDATE certificates SET paid_at = ? WHERE (owner, sequence_number) IN"
        + " (SELECT owner, sequence_number FROM certificates WHERE kind = 'redeem' AND paid_at IS NULL AND owner = ?"
        + " AND sequence_number <= ? ORDER BY sequence_number LIMIT ?)"
        + " RETURNING sequence_number, from_account, primary_address, asset, amount")) {
      update.setTimestamp(1, Timestamp.from(now));
      update.setString(2, sender);
      update.setLong(3, through);
      update.setInt(4, REDEEMS_PER_SENDER);
      List<PaidRedeem> paid = new ArrayList<>();
      try (ResultSet rows = update.executeQuery()) {
        while (rows.next()) {
          paid.add(new PaidRedeem(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getLong(5)));
        }
      }
      paid.sort(java.util.Comparator.comparingLong(PaidRedeem::sequenceNumber));
      for (PaidRedeem redeem : paid) {
        entries.add(history(c, redeem.sender(), "out", REDEEM_PAID, redeem.primaryAddress(), redeem.asset(), redeem.amount(),
            sender, redeem.sequenceNumber(), null, now));
      }
    }
    return entries;
  }

  /** Where one authority shard's log is read from this pass. */
  private record LogCursor(int authority, int shard, long from) {}

  /** A page of one authority shard's log: its valid certificates, and where the next page starts. */
  private record LogPage(String authority, int shard, long next, List<Certificate> valid) {}

  /** The page {@code asked} for, once it came; empty if it did not come by {@code deadline}, is empty or breaks the protocol. */
  private Optional<LogPage> readLog(int authority, int shard, long from, java.util.concurrent.CompletableFuture<AppliedLogReply> asked,
      long deadline) {
    String name = committee.name(authority).key().bytes().toHex();
    AppliedLogReply page;
    try {
      page = asked.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (Exception e) {
      asked.cancel(true);
      LOG.debug("authority {} shard {} unreachable: {}", name, shard, e.getMessage());
      return Optional.empty();
    }
    if (page.getCertificatesCount() == 0) {
      return Optional.empty();
    }
    if (page.getCertificatesCount() > PAGE) {
      // More than asked for: the authority is not following the protocol; its log is not read this pass.
      LOG.warn("authority {} shard {} returned {} log entries for a page of {}, ignored", name, shard, page.getCertificatesCount(), PAGE);
      return Optional.empty();
    }
    Committee members = committee.committee();
    List<Certificate> valid = new ArrayList<>();
    for (int i = 0; i < page.getCertificatesCount(); i++) {
      try {
        ByteString bytes = page.getCertificates(i);
        Certificate certificate = Certificate.decode(bytes.toByteArray());
        if (checked.get(bytes) == null) {
          VerifiedCertificate.check(certificate, members);
          checked.put(bytes, Boolean.TRUE);
        }
        valid.add(certificate);
      } catch (ProtocolException e) {
        // The hub is not fooled by a lying authority: its entry is skipped, the real certificates come from the others.
        LOG.warn("authority {} shard {} log entry {} is not a valid certificate, skipped: {}", name, shard, from + i, e.getMessage());
      }
    }
    return Optional.of(new LogPage(name, shard, from + page.getCertificatesCount(), valid));
  }

  private int readDeposits() throws SQLException {
    long from = database.read(Indexer::depositCursor);
    List<PrimaryDeposit> deposits;
    try {
      deposits = primary.confirmedDeposits(from, DEPOSIT_PAGE, committee.depositConfirmations());
    } catch (IOException | RuntimeException e) {
      LOG.debug("primary unreachable: {}", e.getMessage());
      return 0;
    }
    if (deposits.isEmpty()) {
      return 0;
    }
    Instant now = clock.instant();
    List<HistoryEntry> entries = lock.transaction(c -> {
      List<HistoryEntry> added = new ArrayList<>();
      long next = from;
      for (PrimaryDeposit deposit : deposits) {
        if (deposit.index() != next) {
          break; // Only in order: a gap is read again on the next pass.
        }
        added.addAll(insertDeposit(c, deposit, now));
        next++;
      }
      try (PreparedStatement update = c.prepareStatement(
          "INSERT INTO deposit_cursor (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = EXCLUDED.position")) {
        update.setLong(1, next);
        update.executeUpdate();
      }
      return added;
    });
    publish(entries);
    return deposits.size();
  }

  private void publish(List<HistoryEntry> entries) {
    if (!entries.isEmpty()) {
      try {
        committed.accept(List.copyOf(entries));
      } catch (RuntimeException e) {
        LOG.warn("a listener of the indexer failed: {}", e.getMessage());
      }
    }
  }

  /** The cursors of {@code authorities}' logs, by "authority/shard", in one read. */
  private static Map<String, Long> cursors(Connection c, List<String> authorities) throws SQLException {
    Map<String, Long> positions = new java.util.HashMap<>();
    try (PreparedStatement select = c.prepareStatement("SELECT authority, shard, position FROM log_cursors WHERE authority = ANY (?)")) {
      select.setArray(1, c.createArrayOf("text", authorities.toArray()));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          positions.put(rows.getString(1) + "/" + rows.getInt(2), rows.getLong(3));
        }
      }
    }
    return positions;
  }

  private static void setCursor(Connection c, String authority, int shard, long position) throws SQLException {
    try (PreparedStatement upsert = c.prepareStatement("INSERT INTO log_cursors (authority, shard, position) VALUES (?, ?, ?)"
        + " ON CONFLICT (authority, shard) DO UPDATE SET position = EXCLUDED.position")) {
      upsert.setString(1, authority);
      upsert.setInt(2, shard);
      upsert.setLong(3, position);
      upsert.executeUpdate();
    }
  }

  private static long depositCursor(Connection c) throws SQLException {
    try (Statement select = c.createStatement(); ResultSet rows = select.executeQuery("SELECT position FROM deposit_cursor WHERE id = 1")) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }

  /** Stores {@code certificate} once per slot; its history rows only the first time. */
  static List<HistoryEntry> insertCertificate(Connection c, Certificate certificate, Instant now) throws SQLException {
    CertificateFacts facts = CertificateFacts.of(certificate.order());
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO certificates (owner, sequence_number, kind, from_account,"
        + " to_account, primary_address, asset, amount, certificate, indexed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT (owner, sequence_number) DO NOTHING")) {
      insert.setString(1, facts.owner());
      insert.setLong(2, facts.sequenceNumber());
      insert.setString(3, facts.kind());
      insert.setString(4, facts.from().map(AccountId::hex).orElse(null));
      insert.setString(5, facts.to().map(AccountId::hex).orElse(null));
      insert.setString(6, facts.primaryAddress().orElse(null));
      insert.setString(7, facts.asset().orElse(null));
      insert.setLong(8, facts.amount());
      insert.setBytes(9, certificate.encode());
      insert.setTimestamp(10, Timestamp.from(now));
      if (insert.executeUpdate() == 0) {
        return List.of();
      }
    }
    List<HistoryEntry> entries = new ArrayList<>();
    String counterpartyOfSender = facts.to().map(AccountId::hex).orElse(facts.primaryAddress().orElse(null));
    if (facts.from().isPresent()) {
      entries.add(history(c, facts.from().get().hex(), "out", facts.kind(), counterpartyOfSender, facts.asset().orElse(null),
          facts.amount(), facts.owner(), facts.sequenceNumber(), null, now));
    }
    if (facts.to().isPresent()) {
      entries.add(history(c, facts.to().get().hex(), "in", facts.kind(), facts.from().map(AccountId::hex).orElse(null),
          facts.asset().orElse(null), facts.amount(), facts.owner(), facts.sequenceNumber(), null, now));
    }
    return entries;
  }

  static List<HistoryEntry> insertDeposit(Connection c, PrimaryDeposit deposit, Instant now) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO deposits (deposit_index, depositor, recipient, asset, amount,"
        + " indexed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (deposit_index) DO NOTHING")) {
      insert.setLong(1, deposit.index());
      insert.setString(2, deposit.depositor().toString());
      insert.setString(3, deposit.recipient().hex());
      insert.setString(4, deposit.asset().code());
      insert.setLong(5, deposit.amount().units());
      insert.setTimestamp(6, Timestamp.from(now));
      if (insert.executeUpdate() == 0) {
        return List.of();
      }
    }
    return List.of(history(c, deposit.recipient().hex(), "in", "deposit", deposit.depositor().toString(), deposit.asset().code(),
        deposit.amount().units(), null, null, deposit.index(), now));
  }

  private static HistoryEntry history(Connection c, String account, String direction, String kind, String counterparty,
      String asset, long amount, String owner, Long sequenceNumber, Long depositIndex, Instant now) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO history (account, direction, kind, counterparty, asset, amount,"
        + " owner, sequence_number, deposit_index, indexed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
      insert.setString(1, account);
      insert.setString(2, direction);
      insert.setString(3, kind);
      insert.setString(4, counterparty);
      insert.setString(5, asset);
      insert.setLong(6, amount);
      insert.setString(7, owner);
      insert.setObject(8, sequenceNumber);
      insert.setObject(9, depositIndex);
      insert.setTimestamp(10, Timestamp.from(now));
      try (ResultSet rows = insert.executeQuery()) {
        rows.next();
        return new HistoryEntry(rows.getLong(1), account, direction, kind, counterparty, asset, amount, owner, sequenceNumber,
            depositIndex, now.toString());
      }
    }
  }

  @Override
  public void close() {
    stopping = true;
    Thread running = thread;
    if (running != null) {
      running.interrupt();
      try {
        running.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    lock.close();
  }
}
