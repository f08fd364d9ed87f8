package io.quorumpay.authority.server;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.quorumpay.api.AppliedLogReply;
import io.quorumpay.api.AppliedLogRequest;
import io.quorumpay.api.AuthorityGrpc;
import io.quorumpay.api.Wire;
import io.quorumpay.core.authority.CatchUp;
import io.quorumpay.core.authority.ShardRequests;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.VerifiedCertificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catches one shard up from the same shard of every other authority, by itself: {@link CatchUp}'s
 * steps over gRPC. It reads each peer's applied log from the cursor kept in the shard's progress;
 * certificates the shard holds are skipped unverified, the rest verified off the writer and
 * applied in order. A peer that is down or lies is retried later; a bug stops the shard.
 */
final class PeerCatchUp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PeerCatchUp.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** Another authority's same shard: its committee index, name and a channel to its client port. */
  record Peer(int member, AuthorityName name, ManagedChannel channel) {}

  private final ShardRequests requests;
  private final ShardWriter writer;
  private final List<Peer> peers;
  private final Duration poll;
  private final Consumer<Throwable> onFatal;
  /** Per committee member: the peer's applied log length when last asked, and the cursor after the last step. */
  private final AtomicLongArray totals;
  private final AtomicLongArray cursors;
  private final DaemonLoop loop;

  PeerCatchUp(ShardRequests requests, ShardWriter writer, List<Peer> peers, Duration poll, ShardMetrics metrics,
      Consumer<Throwable> onFatal) {
    this.requests = requests;
    this.writer = writer;
    this.peers = List.copyOf(peers);
    this.poll = poll;
    this.onFatal = onFatal;
    int members = requests.config().committee().size();
    this.totals = new AtomicLongArray(members);
    this.cursors = new AtomicLongArray(members);
    metrics.gauge("qp.shard.catchup.behind", "Entries of other authorities' applied logs not yet read by catching up",
        this::behind);
    this.loop = new DaemonLoop("shard-" + requests.config().shard() + "-catch-up", this::run);
  }

  /** The peer's applied-log length when last asked (0 if never reached). */
  long total(int member) {
    return totals.get(member);
  }

  /** Entries of all peers' logs known to exist and not yet read. */
  long behind() {
    long behind = 0;
    for (Peer peer : peers) {
      behind += Math.max(0, totals.get(peer.member()) - cursors.get(peer.member()));
    }
    return behind;
  }

  private void run() {
    long[] retryAt = new long[totals.length()];
    java.util.Arrays.fill(retryAt, System.nanoTime()); // nanoTime may be negative: compare differences only
    long[] backoff = new long[totals.length()];
    while (DaemonLoop.running()) {
      boolean more = false;
      for (Peer peer : peers) {
        if (System.nanoTime() - retryAt[peer.member()] < 0) {
          continue;
        }
        try {
          more |= step(peer);
          if (backoff[peer.member()] > 0) {
            log.atInfo().addKeyValue("shard", requests.config().shard()).addKeyValue("peer", peer.name().shortName())
                .log("catching up from peer resumed");
          }
          backoff[peer.member()] = 0;
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          if (!DaemonLoop.retries(e, "catching up shard " + requests.config().shard(), log, onFatal)) {
            return;
          }
          if (backoff[peer.member()] == 0) {
            log.atInfo().addKeyValue("shard", requests.config().shard()).addKeyValue("peer", peer.name().shortName())
                .addKeyValue("reason", e.getMessage()).log("cannot catch up from peer now; retrying later");
          }
          backoff[peer.member()] = Math.min(MAX_BACKOFF.toNanos(), Math.max(poll.toNanos(), backoff[peer.member()] * 2));
          retryAt[peer.member()] = System.nanoTime() + backoff[peer.member()];
        }
      }
      if (!more) {
        try {
          Thread.sleep(poll.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** Reads one page of {@code peer}'s applied log and settles it; true when the peer has more and this page moved. */
  private boolean step(Peer peer) throws Exception {
    int member = peer.member();
    long from = writer.read(state -> state.peerCursor(member)).get();
    AppliedLogReply reply = Wire.call(() -> AuthorityGrpc.newBlockingStub(peer.channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
        .appliedLog(AppliedLogRequest.newBuilder().setFrom(from).setLimit(CatchUp.PAGE).build()));
    List<byte[]> entries = reply.getFrom() == from
        ? reply.getCertificatesList().stream().map(ByteString::toByteArray).toList()
        : List.of();
    CatchUp.Page page = CatchUp.page(member, from, CatchUp.PAGE, entries, reply.getTotal());
    totals.set(member, page.total());
    List<Certificate> missing = writer.read(state -> CatchUp.missing(state, page)).get();
    List<VerifiedCertificate> verified = CatchUp.verify(requests, missing);
    long cursor = writer.mutate(state -> {
      CatchUp.apply(state, page, verified);
      return state.peerCursor(member);
    }).get();
    cursors.set(member, cursor);
    return page.more() && cursor > from;
  }

  @Override
  public void close() {
    loop.close();
    peers.forEach(peer -> peer.channel().shutdownNow());
  }
}
