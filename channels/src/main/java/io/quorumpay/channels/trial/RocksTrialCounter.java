package io.quorumpay.channels.trial;

import io.quorumpay.channels.ledger.ChannelLedger;
import io.quorumpay.core.encoding.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.UInt64AddOperator;
import org.rocksdb.WriteOptions;

/**
 * Trial-call counts for one seller process in RocksDB. A use is taken by compare-and-set on the
 * count in memory, then recorded as a synced "+1" merge before the call is served: increments
 * commute, so concurrent uses never write an older count over a newer one, and the count on disk
 * is never below the calls served.
 */
public final class RocksTrialCounter implements TrialCounter {
  static {
    RocksDB.loadLibrary();
  }

  private static final int MAX_TOKENS_IN_MEMORY = 1_000_000;

  private final RocksDB db;
  private final Options options;
  private final UInt64AddOperator add;
  private final WriteOptions syncWrites = new WriteOptions().setSync(true);
  private final ConcurrentHashMap<Bytes, AtomicLong> used = new ConcurrentHashMap<>();
  private static final byte[] ONE = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1).array();

  private RocksTrialCounter(RocksDB db, Options options, UInt64AddOperator add) {
    this.db = db;
    this.options = options;
    this.add = add;
  }

  /** Opens (creating if needed) the counts in {@code dir}. */
  public static RocksTrialCounter open(Path dir) throws IOException {
    Files.createDirectories(dir);
    UInt64AddOperator add = new UInt64AddOperator();
    Options options = new Options().setCreateIfMissing(true).setParanoidChecks(true).setMergeOperator(add);
    try {
      return new RocksTrialCounter(RocksDB.open(options, dir.toString()), options, add);
    } catch (RocksDBException e) {
      options.close();
      add.close();
      throw new IOException("cannot open the trial counts in " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public long use(Bytes id, long limit) throws ChannelLedger.LedgerException {
    AtomicLong count = used.get(id);
    if (count == null) {
      if (used.size() >= MAX_TOKENS_IN_MEMORY) {
        used.clear(); // the counts are on disk; this only bounds memory
      }
      count = used.computeIfAbsent(id, k -> new AtomicLong(-1));
    }
    try {
      if (count.get() < 0) {
        byte[] stored = db.get(id.toArray());
        count.compareAndSet(-1, stored == null ? 0 : ByteBuffer.wrap(stored).order(ByteOrder.LITTLE_ENDIAN).getLong());
      }
      for (int attempt = 0; attempt < ChannelLedger.MAX_ATTEMPTS; attempt++) {
        long now = count.get();
        if (now >= limit) {
          return -1;
        }
        if (count.compareAndSet(now, now + 1)) {
          db.merge(syncWrites, id.toArray(), ONE);
          return now + 1;
        }
      }
    } catch (RocksDBException e) {
      throw new ChannelLedger.LedgerException("cannot count a trial call: " + e.getMessage(), e);
    }
    throw new ChannelLedger.LedgerException("too many concurrent uses of one trial token", null);
  }

  @Override
  public void close() {
    syncWrites.close();
    db.close();
    options.close();
    add.close();
  }
}
