package io.quorumpay.client;

import com.google.protobuf.ByteString;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quorumpay.api.AccountInfoReply;
import io.quorumpay.api.AccountInfoRequest;
import io.quorumpay.api.AuthorityGrpc;
import io.quorumpay.api.ConfirmReply;
import io.quorumpay.api.ConfirmRequest;
import io.quorumpay.api.OrderRequest;
import io.quorumpay.api.RpcErrors;
import io.quorumpay.api.Wire;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.core.authority.ShardAssignment;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.SequenceNumber;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Connections to every shard of every authority, shared by any number of wallets in a process.
 * Every call is asynchronous with a deadline; a refusal completes the future with a
 * {@link ProtocolException}, anything else (down, slow, unreachable) with an {@link IOException}.
 */
public final class CommitteeClient implements AutoCloseable {
  private final CommitteeFile file;
  private final ShardAssignment assignment;
  private final List<List<ManagedChannel>> channels = new ArrayList<>();
  private final Duration deadline;

  public CommitteeClient(CommitteeFile file, ChannelCredentials credentials, Duration deadline) {
    this.file = file;
    this.assignment = new ShardAssignment(file.shardCount());
    this.deadline = deadline;
    for (CommitteeFile.Member member : file.members()) {
      channels.add(member.shards().stream().map(address -> Grpc.newChannelBuilder(address, credentials).build()).toList());
    }
  }

  public Committee committee() {
    return file.committee();
  }

  /** How many blocks deep a primary deposit must be before it counts (the committee file's). */
  public int depositConfirmations() {
    return file.depositConfirmations();
  }

  /** How many authorities. */
  public int size() {
    return channels.size();
  }

  public AuthorityName name(int authority) {
    return file.members().get(authority).name();
  }

  public long weight(int authority) {
    return file.members().get(authority).weight();
  }

  public int shardOf(AccountId account) {
    return assignment.shardOf(account);
  }

  private AuthorityGrpc.AuthorityStub stub(int authority, AccountId account) {
    return AuthorityGrpc.newStub(channels.get(authority).get(assignment.shardOf(account)))
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Authority {@code authority}'s vote for {@code order}. */
  public CompletableFuture<Vote> vote(int authority, SignedOrder<? extends Order> order) {
    CompletableFuture<Vote> vote = new CompletableFuture<>();
    this.<io.quorumpay.api.VoteReply>call(observer -> stub(authority, order.order().home())
        .submitOrder(OrderRequest.newBuilder().setSignedOrder(ByteString.copyFrom(order.encode())).build(), observer))
        .whenComplete((reply, failure) -> {
          if (failure != null) {
            vote.completeExceptionally(failure);
            return;
          }
          try {
            vote.complete(Vote.decode(reply.getVote().toByteArray()));
          } catch (ProtocolException e) {
            vote.completeExceptionally(e);
          }
        });
    return vote;
  }

  /** Sends {@code certificate} to authority {@code authority} as a confirmation. */
  public CompletableFuture<ConfirmReply.Outcome> confirm(int authority, Certificate certificate) {
    return this.<ConfirmReply>call(observer -> stub(authority, certificate.order().home())
            .confirm(ConfirmRequest.newBuilder().setCertificate(ByteString.copyFrom(certificate.encode())).build(), observer))
        .thenApply(ConfirmReply::getOutcome);
  }

  /** Account info: optionally the certificate at a sequence number, and received certificates from a position. */
  public CompletableFuture<AccountInfoReply> accountInfo(int authority, AccountId account, Optional<SequenceNumber> certificateAt,
      long receivedFrom, int receivedLimit) {
    AccountInfoRequest.Builder request = AccountInfoRequest.newBuilder().setAccount(Wire.bytes(account))
        .setReceivedFrom(receivedFrom).setReceivedLimit(receivedLimit);
    certificateAt.ifPresent(sequence -> request.setCertificateAt(sequence.value()));
    return call(observer -> stub(authority, account).accountInfo(request.build(), observer));
  }

  /** What authority {@code authority} holds of {@code channel} of {@code sender}, and optionally its certificate at nonce {@code certificateAt}. */
  public CompletableFuture<io.quorumpay.api.ChannelInfoReply> channelInfo(int authority, ChannelId channel, AccountId sender,
      Optional<SequenceNumber> certificateAt) {
    io.quorumpay.api.ChannelInfoRequest.Builder request = io.quorumpay.api.ChannelInfoRequest.newBuilder()
        .setChannel(ByteString.copyFrom(channel.bytes().toArray())).setSender(Wire.bytes(sender));
    certificateAt.ifPresent(nonce -> request.setCertificateAt(nonce.value()));
    return call(observer -> stub(authority, sender).channelInfo(request.build(), observer));
  }

  /** How many shards each authority has. */
  public int shardCount() {
    return file.shardCount();
  }

  /** Whether shard {@code shard} of authority {@code authority} is up, and where it stands. */
  public CompletableFuture<io.quorumpay.api.HealthReply> health(int authority, int shard) {
    return call(observer -> AuthorityGrpc.newStub(channels.get(authority).get(shard))
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .health(io.quorumpay.api.HealthRequest.getDefaultInstance(), observer));
  }

  /**
   * A page of the applied log of shard {@code shard} of authority {@code authority}: at most
   * {@code limit} (1 to 256) certificates from position {@code from}, unverified (the caller checks them).
   */
  public CompletableFuture<io.quorumpay.api.AppliedLogReply> appliedLog(int authority, int shard, long from, int limit) {
    return call(observer -> AuthorityGrpc.newStub(channels.get(authority).get(shard))
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .appliedLog(io.quorumpay.api.AppliedLogRequest.newBuilder().setFrom(from).setLimit(limit).build(), observer));
  }

  private <T> CompletableFuture<T> call(Consumer<StreamObserver<T>> start) {
    CompletableFuture<T> result = new CompletableFuture<>();
    start.accept(new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        result.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        Optional<ProtocolError.Refused> refusal = RpcErrors.refusal(t);
        Status status = Status.fromThrowable(t);
        result.completeExceptionally(refusal.isPresent()
            ? new ProtocolException(refusal.get())
            : new IOException(status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription()), t));
      }

      @Override
      public void onCompleted() {}
    });
    return result;
  }

  /**
   * Lets connections that failed be tried again at once, instead of after gRPC's growing back-off:
   * an authority that came back is used by the next operation, not minutes later.
   */
  public void retryFailedConnections() {
    channels.forEach(list -> list.forEach(ManagedChannel::resetConnectBackoff));
  }

  @Override
  public void close() {
    channels.forEach(list -> list.forEach(ManagedChannel::shutdown));
    for (List<ManagedChannel> list : channels) {
      for (ManagedChannel channel : list) {
        try {
          if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
            channel.shutdownNow();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          channel.shutdownNow();
        }
      }
    }
  }
}
