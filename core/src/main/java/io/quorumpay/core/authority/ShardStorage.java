package io.quorumpay.core.authority;

import io.quorumpay.core.messages.CrossShardCredit;
import java.io.IOException;
import java.util.List;

/**
 * Where a shard keeps what it must not lose: production uses RocksDB, the simulator an in-memory
 * store that forgets unsynced writes when it "crashes". Both sit behind this port.
 */
public interface ShardStorage extends CertificateLog {

  /** The shard as last written: accounts, progress, and the unacknowledged outbox. */
  ShardState load(ShardConfig config) throws IOException;

  /** Writes {@code writes} atomically; returns only once they are durable. */
  void write(ShardWrites writes) throws IOException;

  /**
   * Up to {@code limit} unacknowledged credits for {@code dest} from index {@code from} on, oldest
   * first. Starting where the reader left off matters on disk: acknowledged credits are deleted,
   * and a scan from the start would step over every deletion not yet compacted away.
   */
  List<CrossShardCredit> outbox(int dest, long from, int limit) throws IOException;
}
