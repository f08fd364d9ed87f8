package io.quorumpay.storage;

import java.io.IOException;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/** Checks on RocksDB iterators. */
final class Iterators {
  private Iterators() {}

  /**
   * Throws if {@code it} stopped on a read error rather than at the end of the data. RocksDB
   * reports an I/O or checksum failure only here: {@code isValid()} just turns false, which a
   * loop would take for the end and so silently return part of the data.
   */
  static void checkStatus(RocksIterator it, String what) throws IOException {
    try {
      it.status();
    } catch (RocksDBException e) {
      throw new IOException("cannot read " + what + ": " + e.getMessage(), e);
    }
  }
}
