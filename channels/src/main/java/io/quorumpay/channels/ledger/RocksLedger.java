package io.quorumpay.channels.ledger;

import io.quorumpay.channels.policy.ChannelRecord;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.types.ChannelId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Channel records for one seller process: in memory, each in an {@link AtomicReference} updated by
 * compare-and-set, and on disk in RocksDB. One writer thread makes records durable with group
 * commit: every call waiting at the same moment shares one synced write of the latest records.
 *
 * <p>An update waits for that write only when the record last made durable for the channel does not
 * cover the new one ({@link ChannelRecord#coveredBy}): a buyer authorizing ahead has its calls paid
 * by an authorization already on disk while its newer one is written in the background. Such a
 * background write is queued without blocking, once per channel until the writer takes it; when the
 * queue is full it is skipped: the call is already covered by the durable record, and the newer
 * record goes to disk with the channel's next write (the writer always writes the latest record).
 * So a call admitted on the covered path is never refused afterwards. A call that waits and whose
 * wait fails ({@link LedgerException}) was counted in memory: like a call admitted then lost, the
 * buyer loses that call's price, never more.
 *
 * <p>The accepted total is not durable: a record read back from disk counts everything authorized
 * before as consumed (accepted = highest), which serves no replayed call. A buyer's next call is
 * then refused {@code INSUFFICIENT_PAYMENT} naming the amount needed, and the buyer's payer pays
 * from there and retries it once (docs/CHANNELS.md). A claim after a restart may take up to the part
 * of the highest authorization the buyer had not used yet: at most one window per restart.
 */
public final class RocksLedger implements ChannelLedger {
  static {
    RocksDB.loadLibrary();
  }

  private static final Logger log = LoggerFactory.getLogger(RocksLedger.class);
  private static final byte CHANNEL = 'c';
  private static final int QUEUE = 65_536;
  private static final int MAX_BATCH = 4_096;
  private static final long WAIT_SECONDS = 10;

  private final RocksDB db;
  private final WriteOptions syncWrites = new WriteOptions().setSync(true);
  private final ConcurrentHashMap<ChannelId, Slot> slots = new ConcurrentHashMap<>();
  private final BlockingQueue<Pending> queue;
  private final Thread writer;
  private volatile IOException failure;
  private volatile boolean closing;

  /** Test hook: while set, the writer waits on it before each write (null: never). */
  volatile CountDownLatch holdWrites;

  /** One channel's record in memory; {@code durable} is the record last on disk (null: none; written by the writer only). */
  private static final class Slot {
    final ChannelId channel;
    final AtomicReference<ChannelRecord> state;
    volatile ChannelRecord durable;
    /** Whether an unwaited write of this channel is in the queue (one is enough: the writer writes the latest record). */
    final AtomicBoolean queued = new AtomicBoolean();

    Slot(ChannelId channel, ChannelRecord loaded) {
      this.channel = channel;
      this.state = new AtomicReference<>(loaded);
      this.durable = loaded;
    }

    long durableVersion() {
      ChannelRecord d = durable;
      return d == null ? 0 : d.version();
    }
  }

  /** A record to write; {@code done} is null when nobody waits for it. */
  private record Pending(Slot slot, long version, CompletableFuture<Void> done) {}

  private RocksLedger(RocksDB db, int queueSize) {
    this.db = db;
    this.queue = new ArrayBlockingQueue<>(queueSize);
    this.writer = Thread.ofPlatform().name("channel-ledger-writer").daemon().start(this::writeLoop);
  }

  /** Opens (creating if needed) the ledger in {@code dir}. */
  public static RocksLedger open(Path dir) throws IOException {
    return open(dir, QUEUE);
  }

  /** Opens the ledger in {@code dir} with a write queue of {@code queueSize} records: tests fill a small one. */
  static RocksLedger open(Path dir, int queueSize) throws IOException {
    Files.createDirectories(dir);
    try (Options options = new Options().setCreateIfMissing(true).setParanoidChecks(true)) {
      return new RocksLedger(RocksDB.open(options, dir.toString()), queueSize);
    } catch (RocksDBException e) {
      throw new IOException("cannot open the channel ledger in " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public <T> T update(ChannelId channel, Step<T> step) throws LedgerException {
    Slot slot = slot(channel);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      checkHealthy();
      ChannelRecord current = slot.state.get();
      switch (step.apply(Optional.ofNullable(current))) {
        case Update.Keep<T> keep -> {
          return keep.result();
        }
        case Update.Write<T> write -> {
          long version = current == null ? 0 : current.version();
          if (current == null || !current.sameDurablePart(write.next())) {
            version++;
          }
          ChannelRecord next = write.next().withVersion(version);
          if (slot.state.compareAndSet(current, next)) {
            if (next.coveredBy(slot.durable)) {
              // Served on the durable record; a changed durable part still goes to disk, unwaited (see the class comment).
              if (slot.durableVersion() < version && slot.queued.compareAndSet(false, true)
                  && !queue.offer(new Pending(slot, version, null))) {
                slot.queued.set(false);
              }
            } else {
              awaitDurable(slot, version);
            }
            return write.result();
          }
        }
      }
    }
    throw new LedgerException("too many concurrent updates of channel " + channel, null);
  }

  @Override
  public List<Entry> list(int limit) throws LedgerException {
    checkHealthy();
    List<Entry> entries = new ArrayList<>();
    try (RocksIterator it = db.newIterator()) {
      for (it.seek(new byte[] {CHANNEL}); it.isValid() && it.key()[0] == CHANNEL && entries.size() < limit; it.next()) {
        ChannelId channel = channelOf(it.key());
        Slot slot = slots.get(channel);
        ChannelRecord record = slot != null && slot.state.get() != null ? slot.state.get() : loaded(it.value());
        entries.add(new Entry(channel, record));
      }
      it.status();
    } catch (RocksDBException | ProtocolException e) {
      throw new LedgerException("cannot list channel records: " + e.getMessage(), e);
    }
    return entries;
  }

  private Slot slot(ChannelId channel) throws LedgerException {
    Slot slot = slots.get(channel);
    if (slot != null) {
      return slot;
    }
    ChannelRecord loaded;
    try {
      byte[] bytes = db.get(key(channel));
      loaded = bytes == null ? null : loaded(bytes);
    } catch (RocksDBException | ProtocolException e) {
      throw new LedgerException("cannot read the record of channel " + channel + ": " + e.getMessage(), e);
    }
    Slot fresh = new Slot(channel, loaded);
    Slot raced = slots.putIfAbsent(channel, fresh);
    return raced == null ? fresh : raced;
  }

  private static ChannelRecord loaded(byte[] bytes) throws ProtocolException {
    // Everything authorized before this process started counts as served: see the class comment.
    ChannelRecord record = ChannelRecord.decode(bytes);
    return record.withAccepted(record.highestAmount());
  }

  /** The record last made durable for {@code channel}, if any: for tests. */
  Optional<ChannelRecord> durable(ChannelId channel) {
    Slot slot = slots.get(channel);
    return slot == null ? Optional.empty() : Optional.ofNullable(slot.durable);
  }

  private void awaitDurable(Slot slot, long version) throws LedgerException {
    if (slot.durableVersion() >= version) {
      return;
    }
    Pending pending = new Pending(slot, version, new CompletableFuture<>());
    enqueue(pending);
    try {
      pending.done().get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerException("interrupted while writing the channel ledger", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new LedgerException("the channel ledger's write did not complete", e);
    }
  }

  /** Queues a write someone waits for, waiting while the queue is full (back-pressure), at most {@link #WAIT_SECONDS}. */
  private void enqueue(Pending pending) throws LedgerException {
    try {
      if (!queue.offer(pending, WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new LedgerException("the channel ledger's write queue stayed full", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerException("interrupted while writing the channel ledger", e);
    }
  }

  /** Writes what is queued in batches until the ledger fails, or closes (then what is queued is written first). */
  private void writeLoop() {
    List<Pending> batch = new ArrayList<>(MAX_BATCH);
    while (failure == null) {
      try {
        boolean stopping = closing;
        Pending first = stopping ? queue.poll() : queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (stopping) {
            return;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        CountDownLatch hold = holdWrites;
        if (hold != null) {
          hold.await();
        }
        for (Pending p : batch) {
          if (p.done() == null) {
            p.slot().queued.set(false); // before the snapshot: a later change queues itself again
          }
        }
        Map<Slot, ChannelRecord> latest = new IdentityHashMap<>();
        for (Pending p : batch) {
          latest.computeIfAbsent(p.slot(), s -> s.state.get());
        }
        try (WriteBatch write = new WriteBatch()) {
          for (Map.Entry<Slot, ChannelRecord> e : latest.entrySet()) {
            write.put(key(e.getKey().channel), e.getValue().encode());
          }
          db.write(syncWrites, write);
        }
        // Versions only grow and only this thread sets durable: each snapshot is at least as new as the durable record.
        latest.forEach((slot, record) -> slot.durable = record);
        for (Pending p : batch) {
          complete(p, null);
        }
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RocksDBException | RuntimeException e) {
        // Fail-stop: a record may be in memory but not on disk, so nothing more is served until a restart reloads the disk.
        failure = new IOException("channel ledger write failed: " + e.getMessage(), e);
        batch.forEach(p -> complete(p, failure));
        queue.forEach(p -> complete(p, failure));
      }
    }
  }

  private static void complete(Pending pending, IOException failure) {
    if (pending.done() != null) {
      if (failure == null) {
        pending.done().complete(null);
      } else {
        pending.done().completeExceptionally(failure);
      }
    }
  }

  private void checkHealthy() throws LedgerException {
    if (failure != null) {
      throw new LedgerException(failure.getMessage(), failure);
    }
    if (closing) {
      throw new LedgerException("the channel ledger is closed", null);
    }
  }

  private static byte[] key(ChannelId channel) {
    byte[] key = new byte[1 + ChannelId.SIZE];
    key[0] = CHANNEL;
    channel.bytes().copyTo(key, 1);
    return key;
  }

  private static ChannelId channelOf(byte[] key) {
    byte[] id = new byte[ChannelId.SIZE];
    System.arraycopy(key, 1, id, 0, ChannelId.SIZE);
    return new ChannelId(Bytes.copyOf(id));
  }

  /**
   * Stops taking updates, lets the writer write what is queued, and closes RocksDB once the writer
   * has exited. A writer still writing after {@link #WAIT_SECONDS} (a stuck disk) keeps the database
   * open rather than have it closed under a native write; the process's exit releases it.
   */
  @Override
  public void close() {
    closing = true;
    boolean interrupted = false;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    } catch (InterruptedException e) {
      interrupted = true;
    }
    queue.forEach(p -> complete(p, new IOException("the channel ledger closed")));
    if (writer.isAlive()) {
      log.warn("the channel ledger's writer is still writing after {} s: RocksDB left open", WAIT_SECONDS);
    } else {
      syncWrites.close();
      db.close();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
