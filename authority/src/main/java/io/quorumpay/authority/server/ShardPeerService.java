package io.quorumpay.authority.server;

import io.grpc.stub.StreamObserver;
import io.quorumpay.api.CreditReply;
import io.quorumpay.api.CreditRequest;
import io.quorumpay.api.ShardPeerGrpc;
import io.quorumpay.core.authority.ShardConfig;
import io.quorumpay.core.messages.CrossShardCredit;
import io.quorumpay.core.messages.VerifiedCertificate;

/** Receives cross-shard credits from the sibling shards of this authority. */
final class ShardPeerService extends ShardPeerGrpc.ShardPeerImplBase {
  private final ShardConfig config;
  private final ShardWriter writer;
  private final ShardMetrics metrics;

  ShardPeerService(ShardConfig config, ShardWriter writer, ShardMetrics metrics) {
    this.config = config;
    this.writer = writer;
    this.metrics = metrics;
  }

  @Override
  public void credit(CreditRequest request, StreamObserver<CreditReply> observer) {
    Replies.send(observer, () -> {
      CrossShardCredit credit = CrossShardCredit.decode(request.getCredit().toByteArray());
      VerifiedCertificate verified = VerifiedCertificate.check(credit.certificate(), config.committee(), config.authorityKey());
      return writer.mutate(state -> {
        state.handleCrossShardCredit(credit.sourceShard(), credit.destShard(), credit.index(), verified);
        return state.nextCreditIndex(credit.sourceShard());
      });
    }, next -> CreditReply.newBuilder().setNextIndex(next).build(), outcome -> metrics.request("credit", outcome));
  }
}
