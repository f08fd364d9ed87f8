package io.quorumpay.storage;

import io.quorumpay.core.authority.SigningRecord;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.ChannelId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A shard's {@link SigningRecord} on RocksDB, in its own directory apart from the shard's data:
 * per slot owner (account or channel) the last vote this authority gave, and the last commit number, each record one synced
 * batch. It is small (one vote per account or channel) and must never be restored from a backup.
 */
public final class SigningStore implements SigningRecord, AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  private static final byte VOTE = 'v';
  private static final byte CHANNEL_VOTE = 'w';
  private static final byte[] LAST_COMMIT = {'m', 'c'};
  private static final byte[] EPOCH = {'m', 'e'};

  private final RocksDB db;
  private final WriteOptions syncWrites = new WriteOptions().setSync(true);

  private SigningStore(RocksDB db) {
    this.db = db;
  }

  /** Opens (creating if needed) the record in {@code dir}. */
  public static SigningStore open(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (Options options = new Options().setCreateIfMissing(true).setParanoidChecks(true)) {
      return new SigningStore(RocksDB.open(options, dir.toString()));
    } catch (RocksDBException e) {
      throw new IOException("cannot open the signing record in " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public long lastCommit() throws IOException {
    try {
      byte[] bytes = db.get(LAST_COMMIT);
      return bytes == null ? 0 : ByteBuffer.wrap(bytes).getLong();
    } catch (RocksDBException e) {
      throw new IOException("cannot read the signing record: " + e.getMessage(), e);
    }
  }

  @Override
  public long epoch() throws IOException {
    try {
      byte[] bytes = db.get(EPOCH);
      return bytes == null ? 0 : ByteBuffer.wrap(bytes).getLong();
    } catch (RocksDBException e) {
      throw new IOException("cannot read the signing record: " + e.getMessage(), e);
    }
  }

  @Override
  public void beginEpoch(long epoch) throws IOException {
    try {
      db.put(syncWrites, EPOCH, ByteBuffer.allocate(8).putLong(epoch).array());
    } catch (RocksDBException e) {
      throw new IOException("signing record write failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void record(long commit, List<Vote> signed) throws IOException {
    try (WriteBatch batch = new WriteBatch()) {
      for (Vote vote : signed) {
        batch.put(voteKey(vote), vote.encode());
      }
      batch.put(LAST_COMMIT, ByteBuffer.allocate(8).putLong(commit).array());
      db.write(syncWrites, batch);
    } catch (RocksDBException e) {
      throw new IOException("signing record write failed: " + e.getMessage(), e);
    }
  }

  @Override
  public List<Vote> lastVotes() throws IOException {
    List<Vote> votes = new ArrayList<>();
    try (RocksIterator it = db.newIterator()) {
      for (it.seek(new byte[] {VOTE}); it.isValid() && (it.key()[0] == VOTE || it.key()[0] == CHANNEL_VOTE); it.next()) {
        votes.add(Vote.decode(it.value()));
      }
      Iterators.checkStatus(it, "the signing record");
    } catch (ProtocolException e) {
      throw new IOException("cannot read the signing record: " + e.getMessage(), e);
    }
    return votes;
  }

  private static byte[] voteKey(Vote vote) {
    // Accounts keep their original keys; a channel's slot has its own prefix, right after.
    return switch (vote.order().key().owner()) {
      case AccountId account -> ByteBuffer.allocate(33).put(VOTE).put(account.key().bytes().toArray()).array();
      case ChannelId channel -> ByteBuffer.allocate(33).put(CHANNEL_VOTE).put(channel.bytes().toArray()).array();
    };
  }

  @Override
  public void close() {
    syncWrites.close();
    db.close();
  }
}
