package io.quorumpay.authority;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.quorumpay.api.AccountInfoReply;
import io.quorumpay.api.AccountInfoRequest;
import io.quorumpay.api.AuthorityGrpc;
import io.quorumpay.api.ConfirmReply;
import io.quorumpay.api.ConfirmRequest;
import io.quorumpay.api.HealthRequest;
import io.quorumpay.api.OrderRequest;
import io.quorumpay.api.Wire;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.core.authority.ShardAssignment;
import io.quorumpay.core.client.VoteCollector;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.AssetId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A bare client for tests: one channel per shard of every authority, votes gathered into certificates. */
final class TestClient implements AutoCloseable {
  final CommitteeFile committeeFile;
  final Committee committee;
  final ShardAssignment assignment;
  final List<List<ManagedChannel>> channels = new ArrayList<>();

  TestClient(CommitteeFile committeeFile) {
    this(committeeFile, io.grpc.InsecureChannelCredentials.create());
  }

  TestClient(CommitteeFile committeeFile, io.grpc.ChannelCredentials credentials) {
    this.committeeFile = committeeFile;
    this.committee = committeeFile.committee();
    this.assignment = new ShardAssignment(committeeFile.shardCount());
    for (CommitteeFile.Member member : committeeFile.members()) {
      channels.add(member.shards().stream().map(a -> io.grpc.Grpc.newChannelBuilder(a, credentials).build()).toList());
    }
  }

  int size() {
    return channels.size();
  }

  AuthorityGrpc.AuthorityBlockingStub stub(int authority, int shard) {
    return AuthorityGrpc.newBlockingStub(channels.get(authority).get(shard)).withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  AuthorityGrpc.AuthorityBlockingStub stub(int authority, AccountId account) {
    return stub(authority, assignment.shardOf(account));
  }

  Vote vote(int authority, SignedOrder<? extends Order> order) throws ProtocolException, IOException {
    byte[] vote = Wire.call(() -> stub(authority, order.order().home())
        .submitOrder(OrderRequest.newBuilder().setSignedOrder(ByteString.copyFrom(order.encode())).build())).getVote().toByteArray();
    return Vote.decode(vote);
  }

  ConfirmReply.Outcome confirm(int authority, Certificate certificate) throws ProtocolException, IOException {
    return Wire.call(() -> stub(authority, certificate.order().home())
        .confirm(ConfirmRequest.newBuilder().setCertificate(ByteString.copyFrom(certificate.encode())).build())).getOutcome();
  }

  /** Asks every authority for its vote (skipping unreachable ones) until a quorum forms. */
  Optional<Certificate> certify(SignedOrder<? extends Order> order) throws ProtocolException {
    VoteCollector votes = new VoteCollector(committee, order.order());
    for (int a = 0; a < size(); a++) {
      try {
        Optional<Certificate> certificate = votes.add(vote(a, order));
        if (certificate.isPresent()) {
          return certificate;
        }
      } catch (IOException | ProtocolException unavailableOrRefused) {
        // Another authority may still vote.
      }
    }
    return Optional.empty();
  }

  /** Confirms at every reachable authority; returns how many applied or had applied it. */
  int confirmEverywhere(Certificate certificate) {
    int confirmed = 0;
    for (int a = 0; a < size(); a++) {
      try {
        confirm(a, certificate);
        confirmed++;
      } catch (IOException | ProtocolException e) {
        // Unreachable or behind: a later sync brings it up to date.
      }
    }
    return confirmed;
  }

  /** Certifies and confirms everywhere; fails the test if no certificate forms. */
  Certificate pay(SignedOrder<? extends Order> order) throws ProtocolException {
    Certificate certificate = certify(order).orElseThrow(() -> new AssertionError("no quorum for " + order.order().key()));
    confirmEverywhere(certificate);
    return certificate;
  }

  AccountInfoReply info(int authority, AccountId account) throws ProtocolException, IOException {
    return Wire.call(() -> stub(authority, account).accountInfo(AccountInfoRequest.newBuilder().setAccount(Wire.bytes(account)).build()));
  }

  long balance(int authority, AccountId account, AssetId asset) throws ProtocolException, IOException {
    return info(authority, account).getBalancesList().stream().filter(b -> b.getAsset().equals(asset.code()))
        .mapToLong(b -> b.getUnits()).sum();
  }

  /** True when every shard of {@code authority} answers its health check. */
  boolean healthy(int authority) {
    for (int s = 0; s < channels.get(authority).size(); s++) {
      try {
        stub(authority, s).withDeadlineAfter(1, TimeUnit.SECONDS).health(HealthRequest.getDefaultInstance());
      } catch (RuntimeException e) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    channels.forEach(list -> list.forEach(ManagedChannel::shutdownNow));
  }
}
