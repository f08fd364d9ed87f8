package io.quorumpay.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * A durable, append-only log of opaque entries numbered from 0, on RocksDB. {@link #append}
 * returns once the entry is synced. Replaying the entries rebuilds whatever was built from them.
 * Not thread-safe for appends: one writer.
 */
public final class Journal implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  private final RocksDB db;
  private final WriteOptions syncWrites = new WriteOptions().setSync(true);
  private long size;

  private Journal(RocksDB db, long size) {
    this.db = db;
    this.size = size;
  }

  /** Opens (creating if needed) the journal in {@code dir}. */
  public static Journal open(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (Options options = new Options().setCreateIfMissing(true)) {
      RocksDB db = RocksDB.open(options, dir.toString());
      long size = 0;
      try (RocksIterator it = db.newIterator()) {
        it.seekToLast();
        // An unreadable last entry must not pass for an empty journal: appends would overwrite it.
        Iterators.checkStatus(it, "the journal in " + dir);
        if (it.isValid()) {
          size = ByteBuffer.wrap(it.key()).getLong() + 1;
        }
      } catch (IOException e) {
        db.close();
        throw e;
      }
      return new Journal(db, size);
    } catch (RocksDBException e) {
      throw new IOException("cannot open the journal in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Appends {@code entry} durably; returns its number. */
  public long append(byte[] entry) throws IOException {
    try {
      db.put(syncWrites, key(size), entry);
      return size++;
    } catch (RocksDBException e) {
      throw new IOException("journal append failed: " + e.getMessage(), e);
    }
  }

  /**
   * Every entry in order. Throws if an entry cannot be read (I/O error, checksum mismatch), after
   * passing on those before it.
   */
  public void replay(Consumer<byte[]> consumer) throws IOException {
    try (RocksIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        consumer.accept(it.value());
      }
      Iterators.checkStatus(it, "the journal");
    }
  }

  public long size() {
    return size;
  }

  private static byte[] key(long index) {
    return ByteBuffer.allocate(8).putLong(index).array();
  }

  @Override
  public void close() {
    syncWrites.close();
    db.close();
  }
}
