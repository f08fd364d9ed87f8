package io.quorumpay.authority.server;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.quorumpay.api.CreditReply;
import io.quorumpay.api.CreditRequest;
import io.quorumpay.api.ShardPeerGrpc;
import io.quorumpay.core.authority.ShardConfig;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.CrossShardCredit;
import io.quorumpay.core.messages.OwnVotes;
import io.quorumpay.core.messages.VerifiedCertificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Receives cross-shard credits from the sibling shards of this authority, many per request, so
 * that a backlog drains in few round trips and few group commits.
 */
final class ShardPeerService extends ShardPeerGrpc.ShardPeerImplBase {
  /** The most credits one request carries; their checks run on one transport thread, so few enough to stay brief. */
  static final int MAX_CREDITS = 64;

  private record CheckedCredit(CrossShardCredit credit, VerifiedCertificate certificate) {}

  private final ShardConfig config;
  private final OwnVotes ownVotes;
  private final ShardWriter writer;
  private final ShardMetrics metrics;

  ShardPeerService(ShardConfig config, OwnVotes ownVotes, ShardWriter writer, ShardMetrics metrics) {
    this.config = config;
    this.ownVotes = ownVotes;
    this.writer = writer;
    this.metrics = metrics;
  }

  @Override
  public void credit(CreditRequest request, StreamObserver<CreditReply> observer) {
    Replies.send(observer, () -> {
      if (request.getCreditsCount() == 0 || request.getCreditsCount() > MAX_CREDITS) {
        throw new ProtocolException(new ProtocolError.OutOfRange("credits", "1 to " + MAX_CREDITS + " per request"));
      }
      List<CheckedCredit> credits = new ArrayList<>(request.getCreditsCount());
      for (ByteString bytes : request.getCreditsList()) {
        CrossShardCredit credit = CrossShardCredit.decode(bytes.toByteArray());
        if (!credits.isEmpty() && credit.sourceShard() != credits.get(0).credit().sourceShard()) {
          throw new ProtocolException(new ProtocolError.CreditMisrouted("credits from more than one shard in one request"));
        }
        credits.add(new CheckedCredit(credit, VerifiedCertificate.check(credit.certificate(), config.committee(), ownVotes)));
      }
      int source = credits.get(0).credit().sourceShard();
      return writer.mutate(state -> {
        for (CheckedCredit checked : credits) {
          CrossShardCredit credit = checked.credit();
          state.handleCrossShardCredit(credit.sourceShard(), credit.destShard(), credit.index(), checked.certificate());
        }
        return state.nextCreditIndex(source);
      });
    }, next -> CreditReply.newBuilder().setNextIndex(next).build(), outcome -> metrics.request("credit", outcome));
  }
}
