package io.quorumpay.channels.ledger;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.quorumpay.channels.policy.ChannelRecord;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.types.ChannelId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Channel records shared by several replicas of one seller, in etcd: one key per channel holding
 * the whole record (highest authorization, accepted total, claim in flight), replaced by an etcd
 * transaction that compares the key's mod revision with the one the decision read. No etcd lock or
 * lease is used, so a replica killed at any moment leaves nothing held: its last transaction either
 * committed (durably, by etcd) or did not.
 *
 * <p>Each replica caches the records it last read or wrote; a stale copy costs one failed
 * transaction, whose answer carries the fresh record. A refusal decided on a cached copy is decided
 * again on a fresh read, so a replica never refuses a call that another replica's newer
 * authorization pays for.
 */
public final class EtcdLedger implements ChannelLedger {
  private static final long TIMEOUT_SECONDS = 5;

  private final Client client;
  private final KV kv;
  private final String prefix;
  private final ConcurrentHashMap<ChannelId, Cached> cache = new ConcurrentHashMap<>();

  /** A record as read at {@code modRevision} (0: the key did not exist). */
  private record Cached(ChannelRecord record, long modRevision) {}

  private EtcdLedger(Client client, String prefix) {
    this.client = client;
    this.kv = client.getKVClient();
    this.prefix = prefix;
  }

  /**
   * Connects to etcd at {@code endpoints} (e.g. {@code http://127.0.0.1:2379}); records live under
   * {@code prefix} (one per seller, e.g. {@code /quorumpay/channels/<group>/}).
   */
  public static EtcdLedger connect(List<String> endpoints, String prefix) {
    Client client = Client.builder()
        .endpoints(endpoints.toArray(String[]::new))
        .connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS))
        .retryMaxDuration(Duration.ofSeconds(TIMEOUT_SECONDS))
        .build();
    return new EtcdLedger(client, prefix);
  }

  @Override
  public <T> T update(ChannelId channel, Step<T> step) throws LedgerException {
    ByteSequence key = key(channel);
    Cached seen = cache.get(channel);
    boolean fresh = false;
    if (seen == null) {
      seen = read(channel, key);
      fresh = true;
    }
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      switch (step.apply(Optional.ofNullable(seen.record()))) {
        case Update.Keep<T> keep -> {
          if (fresh) {
            return keep.result();
          }
          seen = read(channel, key);
          fresh = true;
        }
        case Update.Write<T> write -> {
          Cmp unchanged = seen.modRevision() == 0
              ? new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0))
              : new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(seen.modRevision()));
          ChannelRecord next = write.next();
          TxnResponse response = await(kv.txn()
              .If(unchanged)
              .Then(Op.put(key, ByteSequence.from(next.encode()), PutOption.DEFAULT))
              .Else(Op.get(key, GetOption.DEFAULT))
              .commit(), "write channel " + channel);
          if (response.isSucceeded()) {
            cache.put(channel, new Cached(next, response.getHeader().getRevision()));
            return write.result();
          }
          seen = cached(channel, response.getGetResponses().getFirst());
          fresh = true;
        }
      }
    }
    throw new LedgerException("too many concurrent updates of channel " + channel, null);
  }

  @Override
  public List<Entry> list(int limit) throws LedgerException {
    ByteSequence start = ByteSequence.from(prefix, StandardCharsets.UTF_8);
    GetResponse response = await(kv.get(start, GetOption.builder().isPrefix(true).withLimit(limit).build()), "list channels");
    List<Entry> entries = new ArrayList<>();
    for (KeyValue kvs : response.getKvs()) {
      String hex = kvs.getKey().toString(StandardCharsets.UTF_8).substring(prefix.length());
      try {
        entries.add(new Entry(ChannelId.fromHex(hex), ChannelRecord.decode(kvs.getValue().getBytes())));
      } catch (ProtocolException e) {
        throw new LedgerException("bad channel record under " + kvs.getKey() + ": " + e.getMessage(), e);
      }
    }
    return entries;
  }

  private Cached read(ChannelId channel, ByteSequence key) throws LedgerException {
    return cached(channel, await(kv.get(key), "read channel " + channel));
  }

  private Cached cached(ChannelId channel, GetResponse response) throws LedgerException {
    Cached cached;
    if (response.getKvs().isEmpty()) {
      cached = new Cached(null, 0);
    } else {
      KeyValue found = response.getKvs().getFirst();
      try {
        cached = new Cached(ChannelRecord.decode(found.getValue().getBytes()), found.getModRevision());
      } catch (ProtocolException e) {
        throw new LedgerException("bad record of channel " + channel + " in etcd: " + e.getMessage(), e);
      }
    }
    cache.put(channel, cached);
    return cached;
  }

  private static <R> R await(CompletableFuture<R> future, String what) throws LedgerException {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerException("interrupted: " + what, e);
    } catch (ExecutionException | TimeoutException e) {
      future.cancel(true);
      throw new LedgerException("etcd did not answer (" + what + "): " + e, e);
    }
  }

  private ByteSequence key(ChannelId channel) {
    return ByteSequence.from(prefix + channel, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    client.close();
  }
}
