package io.quorumpay.channels.trial;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.quorumpay.channels.ledger.ChannelLedger;
import io.quorumpay.core.encoding.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Trial-call counts shared by replicas in etcd: one key per token, raised by compare-and-swap on its mod revision. */
public final class EtcdTrialCounter implements TrialCounter {
  private static final long TIMEOUT_SECONDS = 5;
  private final Client client;
  private final KV kv;
  private final String prefix;

  private EtcdTrialCounter(Client client, String prefix) {
    this.client = client;
    this.kv = client.getKVClient();
    this.prefix = prefix;
  }

  /** Connects to etcd at {@code endpoints}; counts live under {@code prefix}. */
  public static EtcdTrialCounter connect(List<String> endpoints, String prefix) {
    return new EtcdTrialCounter(Client.builder().endpoints(endpoints.toArray(String[]::new))
        .connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS)).retryMaxDuration(Duration.ofSeconds(TIMEOUT_SECONDS)).build(), prefix);
  }

  @Override
  public long use(Bytes id, long limit) throws ChannelLedger.LedgerException {
    ByteSequence key = ByteSequence.from(prefix + id.toHex(), StandardCharsets.UTF_8);
    try {
      GetResponse seen = kv.get(key).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      for (int attempt = 0; attempt < ChannelLedger.MAX_ATTEMPTS; attempt++) {
        long count = seen.getKvs().isEmpty() ? 0 : ByteBuffer.wrap(seen.getKvs().getFirst().getValue().getBytes()).getLong();
        if (count >= limit) {
          return -1;
        }
        Cmp unchanged = seen.getKvs().isEmpty()
            ? new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0))
            : new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(seen.getKvs().getFirst().getModRevision()));
        TxnResponse response = kv.txn().If(unchanged)
            .Then(Op.put(key, ByteSequence.from(ByteBuffer.allocate(8).putLong(count + 1).array()), PutOption.DEFAULT))
            .Else(Op.get(key, GetOption.DEFAULT))
            .commit().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (response.isSucceeded()) {
          return count + 1;
        }
        seen = response.getGetResponses().getFirst();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChannelLedger.LedgerException("interrupted while counting a trial call", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new ChannelLedger.LedgerException("etcd did not answer: " + e, e);
    }
    throw new ChannelLedger.LedgerException("too many concurrent uses of one trial token", null);
  }

  @Override
  public void close() {
    client.close();
  }
}
