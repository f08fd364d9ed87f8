package io.quorumpay.authority.server;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quorumpay.api.AccountInfoReply;
import io.quorumpay.api.AccountInfoRequest;
import io.quorumpay.api.AppliedLogReply;
import io.quorumpay.api.AppliedLogRequest;
import io.quorumpay.api.AuthorityGrpc;
import io.quorumpay.api.Balance;
import io.quorumpay.api.ChannelInfoReply;
import io.quorumpay.api.ChannelInfoRequest;
import io.quorumpay.api.ConfirmReply;
import io.quorumpay.api.ConfirmRequest;
import io.quorumpay.api.CountersignReply;
import io.quorumpay.api.CountersignRequest;
import io.quorumpay.api.HealthReply;
import io.quorumpay.api.HealthRequest;
import io.quorumpay.api.OrderRequest;
import io.quorumpay.api.PeerProgress;
import io.quorumpay.api.VoteReply;
import io.quorumpay.api.Wire;
import io.quorumpay.core.authority.CatchUp;
import io.quorumpay.core.authority.ShardConfig;
import io.quorumpay.core.authority.ShardRequests;
import io.quorumpay.core.authority.ShardState.ConfirmationOutcome;
import io.quorumpay.core.authority.ShardStorage;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.messages.AccountInfoResponse;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.ChannelInfoResponse;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.messages.VerifiedOrder;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.ethereum.RedeemCountersigning;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The client-facing gRPC service of one shard. Decoding, the shard check, signature and
 * certificate verification and the signing of this authority's vote run here, on gRPC's threads,
 * in parallel; only checked inputs reach the single writer.
 */
final class AuthorityService extends AuthorityGrpc.AuthorityImplBase {
  private final ShardConfig config;
  private final ShardRequests requests;
  private final ShardWriter writer;
  private final ShardStorage store;
  private final ShardMetrics metrics;
  private final PeerCatchUp catchUp;
  private final Optional<RedeemCountersigning> countersigning;

  AuthorityService(ShardRequests requests, ShardWriter writer, ShardStorage store, ShardMetrics metrics, PeerCatchUp catchUp,
      Optional<RedeemCountersigning> countersigning) {
    this.countersigning = countersigning;
    this.config = requests.config();
    this.requests = requests;
    this.writer = writer;
    this.store = store;
    this.metrics = metrics;
    this.catchUp = catchUp;
  }

  @Override
  public void submitOrder(OrderRequest request, StreamObserver<VoteReply> observer) {
    Replies.send(observer, () -> {
      VerifiedOrder verified = requests.order(request.getSignedOrder().toByteArray());
      return writer.mutate(state -> state.handleOrder(verified));
    }, vote -> VoteReply.newBuilder().setVote(ByteString.copyFrom(vote.encode())).build(),
        outcome -> metrics.request("order", outcome));
  }

  @Override
  public void confirm(ConfirmRequest request, StreamObserver<ConfirmReply> observer) {
    Replies.send(observer, () -> {
      VerifiedCertificate verified = requests.confirmation(request.getCertificate().toByteArray());
      return writer.mutate(state -> state.handleConfirmation(verified));
    }, outcome -> ConfirmReply.newBuilder().setOutcome(outcome == ConfirmationOutcome.APPLIED
        ? ConfirmReply.Outcome.APPLIED : ConfirmReply.Outcome.ALREADY_APPLIED).build(),
        outcome -> metrics.request("confirmation", outcome));
  }

  @Override
  public void accountInfo(AccountInfoRequest request, StreamObserver<AccountInfoReply> observer) {
    Replies.send(observer, () -> {
      AccountId account = Wire.account(request.getAccount());
      config.checkOwns(account);
      int receivedLimit = Wire.uint32("received_limit", request.getReceivedLimit(),
          io.quorumpay.core.messages.AccountInfoRequest.MAX_RECEIVED);
      Optional<SequenceNumber> certificateAt = request.hasCertificateAt()
          ? Optional.of(new SequenceNumber(Wire.index("certificate_at", request.getCertificateAt())))
          : Optional.empty();
      var query = new io.quorumpay.core.messages.AccountInfoRequest(account, certificateAt,
          Wire.index("received_from", request.getReceivedFrom()), receivedLimit);
      return writer.read(state -> state.accountInfo(query, store));
    }, AuthorityService::toReply, outcome -> metrics.request("query", outcome));
  }

  @Override
  public void channelInfo(ChannelInfoRequest request, StreamObserver<ChannelInfoReply> observer) {
    Replies.send(observer, () -> {
      ChannelId channel = Wire.channel(request.getChannel());
      AccountId sender = Wire.account(request.getSender());
      config.checkOwns(sender);
      Optional<SequenceNumber> certificateAt = request.hasCertificateAt()
          ? Optional.of(new SequenceNumber(Wire.index("certificate_at", request.getCertificateAt())))
          : Optional.empty();
      var query = new io.quorumpay.core.messages.ChannelInfoRequest(channel, sender, certificateAt);
      return writer.read(state -> state.channelInfo(query, store));
    }, AuthorityService::toReply, outcome -> metrics.request("query", outcome));
  }

  @Override
  public void health(HealthRequest request, StreamObserver<HealthReply> observer) {
    Replies.send(observer, () -> writer.read(state -> {
      HealthReply.Builder reply = HealthReply.newBuilder()
          .setAuthority(ByteString.copyFrom(config.authority().key().bytes().toArray()))
          .setShard(config.shard()).setShardCount(config.shardCount())
          .setNetwork(ByteString.copyFrom(config.committee().network().bytes().toArray()))
          .setNextDepositIndex(state.nextDepositIndex()).setAccounts(state.accountCount())
          .setAppliedCount(state.appliedCount());
      List<AuthorityName> members = config.committee().members();
      for (int member = 0; member < members.size(); member++) {
        if (!members.get(member).equals(config.authority())) {
          reply.addPeers(PeerProgress.newBuilder().setAuthority(ByteString.copyFrom(members.get(member).key().bytes().toArray()))
              .setCursor(state.peerCursor(member)).setTotal(catchUp.total(member)));
        }
      }
      return reply.build();
    }), reply -> reply, outcome -> metrics.request("health", outcome));
  }

  @Override
  public void appliedLog(AppliedLogRequest request, StreamObserver<AppliedLogReply> observer) {
    Replies.send(observer, () -> {
      long from = Wire.index("from", request.getFrom());
      int limit = Wire.uint32("limit", request.getLimit(), CatchUp.PAGE);
      // Served from storage, off the writer: the log holds only what is durable.
      long total = store.appliedLogSize();
      List<Certificate> page = store.appliedLog(from, limit == 0 ? CatchUp.PAGE : limit);
      AppliedLogReply.Builder reply = AppliedLogReply.newBuilder().setFrom(from).setTotal(Math.max(total, from + page.size()));
      page.forEach(certificate -> reply.addCertificates(ByteString.copyFrom(certificate.encode())));
      return java.util.concurrent.CompletableFuture.completedFuture(reply.build());
    }, reply -> reply, outcome -> metrics.request("applied-log", outcome));
  }

  /**
   * Countersigns a redeem for this authority's Ethereum contract: the certificate is checked like
   * a confirmation (for a sender of this shard, valid for the committee), the rule is
   * {@link RedeemCountersigning}'s; nothing is stored, so no writer is involved.
   */
  @Override
  public void countersign(CountersignRequest request, StreamObserver<CountersignReply> observer) {
    if (countersigning.isEmpty()) {
      metrics.request("countersign", "not-ethereum");
      observer.onError(Status.FAILED_PRECONDITION.withDescription("this authority does not countersign redeems: its primary"
          + " chain is not Ethereum").asRuntimeException());
      return;
    }
    RedeemCountersigning signing = countersigning.get();
    Replies.send(observer, () -> CompletableFuture.completedFuture(
        signing.countersign(requests.confirmation(request.getCertificate().toByteArray()))),
        signature -> CountersignReply.newBuilder().setChainId(signing.chainId())
            .setContract(ByteString.copyFrom(signing.contract().bytes().toArray()))
            .setSigner(ByteString.copyFrom(signature.signer().bytes().toArray()))
            .setSignature(ByteString.copyFrom(signature.signature())).build(),
        outcome -> metrics.request("countersign", outcome));
  }

  private static ChannelInfoReply toReply(ChannelInfoResponse response) {
    ChannelInfoReply.Builder reply = ChannelInfoReply.newBuilder()
        .setChannel(ByteString.copyFrom(response.channel().bytes().toArray()))
        .setOpen(response.open())
        .setValue(response.value())
        .setNonce(response.nonce().value())
        .setExpiration(response.expiration());
    response.pendingVote().ifPresent(vote -> reply.setPendingVote(ByteString.copyFrom(vote.encode())));
    response.openCertificate().ifPresent(c -> reply.setOpenCertificate(ByteString.copyFrom(c.encode())));
    response.requestedCertificate().ifPresent(c -> reply.setRequestedCertificate(ByteString.copyFrom(c.encode())));
    response.fundCertificates().forEach(c -> reply.addFundCertificates(ByteString.copyFrom(c.encode())));
    return reply.build();
  }

  private static AccountInfoReply toReply(AccountInfoResponse response) {
    AccountInfoReply.Builder reply = AccountInfoReply.newBuilder()
        .setAccount(Wire.bytes(response.account()))
        .setNextSequenceNumber(response.nextSequenceNumber().value())
        .setReceivedFrom(response.receivedFrom())
        .setReceivedTotal(response.receivedTotal());
    response.balances().forEach((asset, units) -> reply.addBalances(Balance.newBuilder().setAsset(asset.code()).setUnits(units)));
    response.pendingVote().ifPresent(vote -> reply.setPendingVote(ByteString.copyFrom(vote.encode())));
    response.requestedCertificate().ifPresent(c -> reply.setRequestedCertificate(ByteString.copyFrom(c.encode())));
    response.received().forEach(c -> reply.addReceived(ByteString.copyFrom(c.encode())));
    return reply.build();
  }
}
