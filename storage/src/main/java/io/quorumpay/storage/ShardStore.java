package io.quorumpay.storage;

import io.quorumpay.core.authority.AccountState;
import io.quorumpay.core.authority.ChannelState;
import io.quorumpay.core.authority.ReceivedCertificate;
import io.quorumpay.core.authority.ShardConfig;
import io.quorumpay.core.authority.ShardProgress;
import io.quorumpay.core.authority.ShardState;
import io.quorumpay.core.authority.ShardStorage;
import io.quorumpay.core.authority.ShardWrites;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.CrossShardCredit;
import io.quorumpay.core.messages.OrderKey;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.SlotOwner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * One shard's durable state on RocksDB: accounts, progress, the unacknowledged outbox, and the
 * certificate logs. {@link #write} applies one {@link ShardWrites} as a single atomic batch and
 * returns only once it is synced to disk, so whatever a reply reports survives a crash, kill -9 included.
 *
 * <p>Reads (the certificate log, {@link #outbox}) may run on any thread alongside the writer.
 */
public final class ShardStore implements ShardStorage, AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  private final RocksDB db;
  private final WriteOptions syncWrites;
  /** The applied log's durable length, for readers on other threads. */
  private volatile long appliedLogSize;

  private ShardStore(RocksDB db) {
    this.db = db;
    this.syncWrites = new WriteOptions().setSync(true);
  }

  /**
   * Opens (creating if needed) the store in {@code dir} for the shard described by {@code config}.
   * Refuses a directory that belongs to another network, authority or shard layout.
   */
  public static ShardStore open(Path dir, ShardConfig config) throws IOException {
    Files.createDirectories(dir);
    try (Options options = new Options().setCreateIfMissing(true)) {
      RocksDB db = RocksDB.open(options, dir.toString());
      ShardStore store = new ShardStore(db);
      byte[] identity = identity(config);
      byte[] stored = db.get(Keys.IDENTITY);
      if (stored == null) {
        db.put(store.syncWrites, Keys.IDENTITY, identity);
      } else if (!Arrays.equals(stored, identity)) {
        store.close();
        throw new IOException("data directory " + dir + " belongs to " + new String(stored, StandardCharsets.UTF_8)
            + ", not to " + new String(identity, StandardCharsets.UTF_8) + "; use that shard's own directory");
      }
      return store;
    } catch (RocksDBException e) {
      throw new IOException("cannot open the shard store in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static byte[] identity(ShardConfig config) {
    return ("network " + config.committee().network() + " authority " + config.authority() + " shard " + config.shard()
        + " of " + config.shardCount()).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public ShardState load(ShardConfig config) throws IOException {
    try {
      Map<AccountId, AccountState> accounts = new HashMap<>();
      try (RocksIterator it = db.newIterator()) {
        for (it.seek(new byte[] {Keys.ACCOUNT}); it.isValid() && it.key()[0] == Keys.ACCOUNT; it.next()) {
          accounts.put(Keys.accountIn(it.key()), StateCodec.decodeAccount(it.value()));
        }
        Iterators.checkStatus(it, "the accounts of shard " + config.shard());
      }
      Map<ChannelId, ChannelState> channels = new HashMap<>();
      try (RocksIterator it = db.newIterator()) {
        for (it.seek(new byte[] {Keys.CHANNEL}); it.isValid() && it.key()[0] == Keys.CHANNEL; it.next()) {
          channels.put(Keys.channelIn(it.key()), StateCodec.decodeChannel(it.value()));
        }
        Iterators.checkStatus(it, "the channels of shard " + config.shard());
      }
      Map<SlotOwner, Long> credited = new HashMap<>();
      try (RocksIterator it = db.newIterator()) {
        for (it.seek(new byte[] {Keys.CREDITED}); it.isValid() && it.key()[0] == Keys.CREDITED; it.next()) {
          credited.put(Keys.accountIn(it.key()), java.nio.ByteBuffer.wrap(it.value()).getLong());
        }
        Iterators.checkStatus(it, "the credited senders of shard " + config.shard());
      }
      try (RocksIterator it = db.newIterator()) {
        for (it.seek(new byte[] {Keys.CREDITED_CHANNEL}); it.isValid() && it.key()[0] == Keys.CREDITED_CHANNEL; it.next()) {
          credited.put(Keys.channelIn(it.key()), java.nio.ByteBuffer.wrap(it.value()).getLong());
        }
        Iterators.checkStatus(it, "the credited channels of shard " + config.shard());
      }
      byte[] progressBytes = db.get(Keys.PROGRESS);
      ShardProgress progress = progressBytes == null
          ? ShardProgress.initial(config)
          : StateCodec.decodeProgress(progressBytes);
      appliedLogSize = progress.appliedCount();
      List<CrossShardCredit> outbox = new ArrayList<>();
      for (int dest = 0; dest < config.shardCount(); dest++) {
        outbox.addAll(outbox(dest, 0, Integer.MAX_VALUE));
      }
      return ShardState.restore(config, accounts, channels, progress, outbox, credited);
    } catch (RocksDBException | ProtocolException e) {
      throw new IOException("cannot load the shard state: " + e.getMessage(), e);
    }
  }

  @Override
  public void write(ShardWrites writes) throws IOException {
    if (writes.isEmpty()) {
      return;
    }
    try (WriteBatch batch = new WriteBatch()) {
      for (Map.Entry<AccountId, AccountState> entry : writes.accounts().entrySet()) {
        batch.put(Keys.account(entry.getKey()), StateCodec.encodeAccount(entry.getValue()));
      }
      for (Map.Entry<ChannelId, ChannelState> entry : writes.channels().entrySet()) {
        batch.put(Keys.channel(entry.getKey()), StateCodec.encodeChannel(entry.getValue()));
      }
      long position = writes.appliedFrom();
      for (Certificate certificate : writes.applied()) {
        byte[] key = Keys.applied(certificate.key());
        batch.put(key, certificate.encode());
        batch.put(Keys.appliedLog(position++), key);
      }
      for (Map.Entry<SlotOwner, Long> entry : writes.creditedUpTo().entrySet()) {
        batch.put(Keys.credited(entry.getKey()), java.nio.ByteBuffer.allocate(8).putLong(entry.getValue()).array());
      }
      for (ReceivedCertificate entry : writes.received()) {
        batch.put(Keys.received(entry.recipient(), entry.position()), entry.certificate().encode());
      }
      for (CrossShardCredit credit : writes.outboxAdded()) {
        batch.put(Keys.outbox(credit.destShard(), credit.index()), credit.encode());
      }
      for (CrossShardCredit credit : writes.outboxAcknowledged()) {
        batch.delete(Keys.outbox(credit.destShard(), credit.index()));
      }
      if (writes.progress().isPresent()) {
        batch.put(Keys.PROGRESS, StateCodec.encodeProgress(writes.progress().get()));
      }
      db.write(syncWrites, batch);
      if (writes.progress().isPresent()) {
        appliedLogSize = writes.progress().get().appliedCount();
      }
    } catch (RocksDBException e) {
      throw new IOException("shard write failed: " + e.getMessage(), e);
    }
  }

  @Override
  public List<CrossShardCredit> outbox(int dest, long from, int limit) throws IOException {
    List<CrossShardCredit> credits = new ArrayList<>();
    byte[] prefix = Keys.outboxPrefix(dest);
    try (RocksIterator it = db.newIterator()) {
      for (it.seek(Keys.outbox(dest, from)); it.isValid() && Keys.hasPrefix(it.key(), prefix) && credits.size() < limit; it.next()) {
        credits.add(CrossShardCredit.decode(it.value()));
      }
      Iterators.checkStatus(it, "the outbox to shard " + dest);
    } catch (ProtocolException e) {
      throw new IOException("corrupt outbox entry: " + e.getMessage(), e);
    }
    return credits;
  }

  @Override
  public Optional<Certificate> applied(OrderKey key) {
    try {
      byte[] bytes = db.get(Keys.applied(key));
      return bytes == null ? Optional.empty() : Optional.of(Certificate.decode(bytes));
    } catch (RocksDBException | ProtocolException e) {
      throw new IllegalStateException("cannot read certificate " + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<Certificate> received(AccountId recipient, long from, int limit) {
    List<Certificate> certificates = new ArrayList<>();
    byte[] prefix = Keys.receivedPrefix(recipient);
    try (RocksIterator it = db.newIterator()) {
      for (it.seek(Keys.received(recipient, from)); it.isValid() && Keys.hasPrefix(it.key(), prefix)
          && certificates.size() < limit; it.next()) {
        certificates.add(Certificate.decode(it.value()));
      }
      Iterators.checkStatus(it, "the received log of " + recipient);
    } catch (ProtocolException e) {
      throw new IllegalStateException("corrupt received log of " + recipient + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    return certificates;
  }

  /** Flushes the memtable to table files on disk (tests use it to reach the table files). */
  void flush() throws IOException {
    try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
      db.flush(options);
    } catch (RocksDBException e) {
      throw new IOException("flush failed: " + e.getMessage(), e);
    }
  }

  @Override
  public List<Certificate> appliedLog(long from, int limit) {
    List<Certificate> certificates = new ArrayList<>();
    long end = Math.min(appliedLogSize, from + limit);
    try {
      for (long position = from; position < end; position++) {
        byte[] key = db.get(Keys.appliedLog(position));
        byte[] bytes = key == null ? null : db.get(key);
        if (bytes == null) {
          throw new IllegalStateException("the applied log has no certificate at position " + position);
        }
        certificates.add(Certificate.decode(bytes));
      }
    } catch (RocksDBException | ProtocolException e) {
      throw new IllegalStateException("cannot read the applied log at " + from + ": " + e.getMessage(), e);
    }
    return certificates;
  }

  @Override
  public long appliedLogSize() {
    return appliedLogSize;
  }

  @Override
  public void close() {
    syncWrites.close();
    db.close();
  }

}
