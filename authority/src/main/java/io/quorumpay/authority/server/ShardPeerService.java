package io.quorumpay.authority.server;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.quorumpay.api.CreditReply;
import io.quorumpay.api.CreditRequest;
import io.quorumpay.api.ShardPeerGrpc;
import io.quorumpay.core.authority.ShardRequests;
import io.quorumpay.core.error.ProtocolError;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives cross-shard credits from the sibling shards of this authority, many per request, so
 * that a backlog drains in few round trips and few group commits. Every check is
 * {@link ShardRequests#credits}'s: credits not sealed by this authority are refused, and logged.
 */
final class ShardPeerService extends ShardPeerGrpc.ShardPeerImplBase {
  private static final Logger log = LoggerFactory.getLogger(ShardPeerService.class);

  private final ShardRequests requests;
  private final ShardWriter writer;
  private final ShardMetrics metrics;

  ShardPeerService(ShardRequests requests, ShardWriter writer, ShardMetrics metrics) {
    this.requests = requests;
    this.writer = writer;
    this.metrics = metrics;
  }

  @Override
  public void credit(CreditRequest request, StreamObserver<CreditReply> observer) {
    String caller = RemoteAddress.current();
    Replies.send(observer, () -> {
      List<byte[]> credits = request.getCreditsList().stream().map(ByteString::toByteArray).toList();
      ShardRequests.CheckedCredits checked = requests.credits(credits, request.getSeal().toByteArray());
      return writer.mutate(state -> ShardRequests.applyCredits(state, checked));
    }, next -> CreditReply.newBuilder().setNextIndex(next).build(), outcome -> {
      metrics.request("credit", outcome);
      if (outcome.equals(ProtocolError.Code.NOT_A_SIBLING.name()) || outcome.equals(ProtocolError.Code.CREDIT_REPLAYED.name())) {
        // Nothing honest sends these: another party reached the internal port, or a sibling is broken.
        log.atWarn().addKeyValue("shard", requests.config().shard()).addKeyValue("refusal", outcome)
            .addKeyValue("caller", caller)
            .log("refused cross-shard credits that no sibling of this authority sent");
      }
    });
  }
}
