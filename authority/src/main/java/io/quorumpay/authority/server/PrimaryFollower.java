package io.quorumpay.authority.server;

import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.primary.PrimaryChain;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the primary chain for one shard: reads deposits from the shard's cursor once they are
 * deep enough and hands them to the writer in index order. The cursor lives in the shard's state
 * and is stored atomically with the credits, so a restart resumes exactly where it stopped.
 */
final class PrimaryFollower implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PrimaryFollower.class);
  private static final int BATCH = 500;

  private final int shard;
  private final PrimaryChain chain;
  private final ShardWriter writer;
  private final int confirmations;
  private final Duration poll;
  private final DaemonLoop loop;

  PrimaryFollower(int shard, PrimaryChain chain, ShardWriter writer, int confirmations, Duration poll) {
    this.shard = shard;
    this.chain = chain;
    this.writer = writer;
    this.confirmations = confirmations;
    this.poll = poll;
    this.loop = new DaemonLoop("shard-" + shard + "-primary-follower", this::follow);
  }

  private void follow() {
    boolean failing = false;
    while (DaemonLoop.running()) {
      try {
        long next = writer.read(state -> state.nextDepositIndex()).get();
        List<PrimaryDeposit> deposits = chain.confirmedDeposits(next, BATCH, confirmations);
        int applied = 0;
        for (PrimaryDeposit deposit : deposits) {
          // Deposits apply strictly in index order. A repeat from a misbehaving primary is skipped;
          // at a gap the rest waits for the next poll.
          if (deposit.index() < next + applied) {
            continue;
          }
          if (deposit.index() > next + applied) {
            log.atWarn().addKeyValue("shard", shard).addKeyValue("expected", next + applied)
                .addKeyValue("got", deposit.index()).log("primary returned deposits with a gap; waiting for the missing one");
            break;
          }
          try {
            writer.mutate(state -> state.handleDeposit(deposit)).get();
          } catch (ExecutionException e) {
            if (!(e.getCause() instanceof ProtocolException refusal
                && refusal.error() instanceof ProtocolError.DepositAlreadyApplied)) {
              throw e;
            }
          }
          applied++;
        }
        failing = false;
        if (applied < BATCH) {
          Thread.sleep(poll.toMillis());
        }
      } catch (InterruptedException e) {
        return;
      } catch (IOException | ExecutionException | RuntimeException e) {
        if (!failing) {
          log.atWarn().addKeyValue("shard", shard).addKeyValue("reason", e.getMessage())
              .log("cannot follow the primary chain; retrying");
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
