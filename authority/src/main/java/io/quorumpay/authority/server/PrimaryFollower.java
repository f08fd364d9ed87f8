package io.quorumpay.authority.server;

import io.quorumpay.api.primary.ConfirmedDeposits;
import io.quorumpay.api.primary.PrimaryChain;
import io.quorumpay.core.authority.DepositFollowing;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the primary chain for one shard: reads deposits from the shard's cursor once they are
 * deep enough and hands them to the writer as {@link DepositFollowing} plans (in index order,
 * repeats skipped, gaps waited for). The cursor, and the primary block where the next deposit
 * can first be, live in the shard's state and are stored atomically with the credits, so a restart
 * resumes exactly where it stopped, without reading the primary from its start again. It also feeds the
 * shard the chain's height ({@link io.quorumpay.core.authority.ShardState#observePrimaryHeight}),
 * which channel refunds wait for. A bug stops the shard.
 */
final class PrimaryFollower implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PrimaryFollower.class);
  private static final int BATCH = 500;

  private final int shard;
  private final PrimaryChain chain;
  private final ShardWriter writer;
  private final int confirmations;
  private final Duration poll;
  private final Consumer<Throwable> onFatal;
  private final DaemonLoop loop;

  PrimaryFollower(int shard, PrimaryChain chain, ShardWriter writer, int confirmations, Duration poll,
      Consumer<Throwable> onFatal) {
    this.shard = shard;
    this.chain = chain;
    this.writer = writer;
    this.confirmations = confirmations;
    this.poll = poll;
    this.onFatal = onFatal;
    this.loop = new DaemonLoop("shard-" + shard + "-primary-follower", this::follow);
  }

  private void follow() {
    boolean failing = false;
    while (DaemonLoop.running()) {
      try {
        long height = chain.status().height();
        if (height > writer.read(state -> state.primaryHeight()).get()) {
          writer.mutate(state -> {
            state.observePrimaryHeight(height);
            return height;
          }).get();
        }
        long[] cursor = writer.read(state -> new long[] {state.nextDepositIndex(), state.depositScanFrom()}).get();
        long next = cursor[0];
        ConfirmedDeposits fetched = chain.confirmedDeposits(next, cursor[1], BATCH, confirmations);
        DepositFollowing.Plan plan = DepositFollowing.plan(next, fetched.deposits(), fetched.scanFrom());
        if (plan.gap()) {
          log.atWarn().addKeyValue("shard", shard).addKeyValue("expected", next + plan.deposits().size())
              .log("primary returned deposits with a gap; waiting for the missing one");
        }
        if (!plan.deposits().isEmpty()) {
          writer.mutate(state -> DepositFollowing.apply(state, plan)).get();
        }
        failing = false;
        if (plan.deposits().size() < BATCH) {
          Thread.sleep(poll.toMillis());
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        if (!DaemonLoop.retries(e, "following the primary chain for shard " + shard, log, onFatal)) {
          return;
        }
        if (!failing) {
          log.atWarn().addKeyValue("shard", shard).addKeyValue("reason", e.getMessage()).log("cannot follow the primary chain; retrying");
        }
        failing = true;
        try {
          Thread.sleep(Math.max(poll.toMillis(), 500));
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    loop.close();
  }
}
