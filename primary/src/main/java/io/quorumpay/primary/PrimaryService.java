package io.quorumpay.primary;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quorumpay.api.Balance;
import io.quorumpay.api.DepositReply;
import io.quorumpay.api.DepositRequest;
import io.quorumpay.api.DepositsReply;
import io.quorumpay.api.DepositsRequest;
import io.quorumpay.api.LastRedeemedReply;
import io.quorumpay.api.LastRedeemedRequest;
import io.quorumpay.api.PrimaryGrpc;
import io.quorumpay.api.PrimaryStatusReply;
import io.quorumpay.api.PrimaryStatusRequest;
import io.quorumpay.api.RedeemReply;
import io.quorumpay.api.RedeemRequest;
import io.quorumpay.api.RpcErrors;
import io.quorumpay.api.Wire;
import io.quorumpay.api.primary.ChainStatus;
import io.quorumpay.api.primary.DepositReceipt;
import io.quorumpay.api.primary.PrimaryChain;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.primary.RedeemReceipt;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.PrimaryAddress;
import java.io.IOException;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The primary chain's gRPC API, over any {@link PrimaryChain}. */
public final class PrimaryService extends PrimaryGrpc.PrimaryImplBase {
  private static final Logger log = LoggerFactory.getLogger(PrimaryService.class);
  /** The most deposits one reply carries. */
  public static final int MAX_DEPOSITS = 1000;

  private final PrimaryChain chain;

  public PrimaryService(PrimaryChain chain) {
    this.chain = chain;
  }

  @Override
  public void deposit(DepositRequest request, StreamObserver<DepositReply> reply) {
    respond(reply, () -> {
      DepositReceipt receipt = chain.deposit(PrimaryAddress.parse(request.getDepositor()), Wire.account(request.getRecipient()),
          AssetId.parse(request.getAsset()), Wire.amount(request.getAmount()));
      log.atInfo().addKeyValue("index", receipt.deposit().index()).addKeyValue("asset", receipt.deposit().asset())
          .addKeyValue("amount", receipt.deposit().amount()).addKeyValue("block", receipt.block()).log("deposit");
      return DepositReply.newBuilder().setDeposit(ByteString.copyFrom(receipt.deposit().encode())).setBlock(receipt.block()).build();
    });
  }

  @Override
  public void redeem(RedeemRequest request, StreamObserver<RedeemReply> reply) {
    respond(reply, () -> {
      RedeemReceipt receipt = chain.redeem(Certificate.decode(request.getCertificate().toByteArray()));
      log.atInfo().addKeyValue("certificate", receipt.key()).addKeyValue("amount", receipt.amount()).log("redeem paid");
      return RedeemReply.newBuilder().setTo(receipt.to().toString()).setAsset(receipt.asset().code())
          .setAmount(receipt.amount().units()).build();
    });
  }

  @Override
  public void deposits(DepositsRequest request, StreamObserver<DepositsReply> reply) {
    respond(reply, () -> {
      long from = Wire.index("from", request.getFrom());
      int limit = Wire.uint32("limit", request.getLimit(), MAX_DEPOSITS);
      int confirmations = Wire.uint32("confirmations", request.getConfirmations(), Integer.MAX_VALUE);
      DepositsReply.Builder builder = DepositsReply.newBuilder();
      for (PrimaryDeposit deposit : chain.confirmedDeposits(from, limit == 0 ? MAX_DEPOSITS : limit, confirmations)) {
        builder.addDeposits(ByteString.copyFrom(deposit.encode()));
      }
      return builder.build();
    });
  }

  @Override
  public void status(PrimaryStatusRequest request, StreamObserver<PrimaryStatusReply> reply) {
    respond(reply, () -> {
      ChainStatus status = chain.status();
      return PrimaryStatusReply.newBuilder().setNetwork(ByteString.copyFrom(status.network().bytes().toArray()))
          .setHeight(status.height()).setDepositCount(status.depositCount())
          .addAllFunds(balances(status.funds())).addAllRedeemed(balances(status.redeemed())).build();
    });
  }

  @Override
  public void lastRedeemed(LastRedeemedRequest request, StreamObserver<LastRedeemedReply> reply) {
    respond(reply, () -> {
      OptionalLong last = chain.lastRedeemed(Wire.account(request.getSender()));
      LastRedeemedReply.Builder builder = LastRedeemedReply.newBuilder().setAny(last.isPresent());
      last.ifPresent(builder::setSequence);
      return builder.build();
    });
  }

  static Iterable<Balance> balances(SortedMap<AssetId, Long> totals) {
    return totals.entrySet().stream()
        .map((Map.Entry<AssetId, Long> e) -> Balance.newBuilder().setAsset(e.getKey().code()).setUnits(e.getValue()).build())
        .toList();
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws ProtocolException, IOException;
  }

  private static <T> void respond(StreamObserver<T> reply, Call<T> call) {
    try {
      reply.onNext(call.run());
      reply.onCompleted();
    } catch (ProtocolException e) {
      reply.onError(RpcErrors.toStatus(e.error()));
    } catch (IOException e) {
      log.error("primary chain storage failed", e);
      reply.onError(Status.UNAVAILABLE.withDescription("the primary chain cannot write; try again later").asRuntimeException());
    }
  }

}
