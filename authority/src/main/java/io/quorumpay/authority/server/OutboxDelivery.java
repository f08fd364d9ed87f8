package io.quorumpay.authority.server;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.quorumpay.api.CreditRequest;
import io.quorumpay.api.ShardPeerGrpc;
import io.quorumpay.api.Wire;
import io.quorumpay.core.authority.ShardRequests;
import io.quorumpay.core.authority.ShardStorage;
import io.quorumpay.core.messages.CrossShardCredit;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one shard's outbox to one sibling shard: in index order, up to
 * {@link ShardRequests#MAX_CREDITS} sealed credits per request, with retries until the sibling
 * acknowledges, then has the writer forget what was acknowledged. A sibling that is down only
 * delays its credits; they stay in the durable outbox until it is back. A bug stops the shard.
 */
final class OutboxDelivery implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxDelivery.class);
  private static final Duration IDLE_WAIT = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

  private final int source;
  private final int dest;
  private final ShardRequests requests;
  private final ShardStorage store;
  private final ShardWriter writer;
  private final ManagedChannel channel;
  private final ShardPeerGrpc.ShardPeerBlockingStub stub;
  private final Consumer<Throwable> onFatal;
  private final Object signal = new Object();
  private final DaemonLoop loop;

  OutboxDelivery(ShardRequests requests, int dest, ShardStorage store, ShardWriter writer, ManagedChannel channel,
      Consumer<Throwable> onFatal) {
    this.source = requests.config().shard();
    this.dest = dest;
    this.requests = requests;
    this.store = store;
    this.writer = writer;
    this.channel = channel;
    this.stub = ShardPeerGrpc.newBlockingStub(channel);
    this.onFatal = onFatal;
    this.loop = new DaemonLoop("shard-" + source + "-outbox-to-" + dest, this::deliver);
  }

  /** Wakes the delivery thread: new credits were committed. */
  void wake() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  private void deliver() {
    long backoff = 50;
    boolean failing = false;
    long from = 0; // below it, everything is acknowledged
    while (DaemonLoop.running()) {
      try {
        List<CrossShardCredit> credits = store.outbox(dest, from, ShardRequests.MAX_CREDITS);
        if (credits.isEmpty()) {
          synchronized (signal) {
            signal.wait(IDLE_WAIT.toMillis());
          }
          continue;
        }
        ShardRequests.SealedCredits sealed = requests.seal(dest, credits);
        CreditRequest.Builder request = CreditRequest.newBuilder().setSeal(ByteString.copyFrom(sealed.seal()));
        sealed.credits().forEach(credit -> request.addCredits(ByteString.copyFrom(credit)));
        long acknowledged = Wire.call(() -> stub.withDeadlineAfter(5, TimeUnit.SECONDS).credit(request.build())).getNextIndex();
        writer.mutate(state -> {
          state.acknowledgeCredits(dest, acknowledged);
          return null;
        }).get();
        from = acknowledged;
        if (failing) {
          log.atInfo().addKeyValue("from", source).addKeyValue("to", dest).log("cross-shard delivery resumed");
        }
        failing = false;
        backoff = 50;
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        if (!DaemonLoop.retries(e, "cross-shard delivery from shard " + source + " to " + dest, log, onFatal)) {
          return;
        }
        if (!failing) {
          log.atWarn().addKeyValue("from", source).addKeyValue("to", dest).addKeyValue("reason", e.getMessage())
              .log("cross-shard delivery failing; credits stay in the outbox and will be retried");
        }
        failing = true;
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          return;
        }
        backoff = Math.min(MAX_BACKOFF.toMillis(), backoff * 2);
      }
    }
  }

  @Override
  public void close() {
    loop.close();
    channel.shutdownNow();
  }
}
