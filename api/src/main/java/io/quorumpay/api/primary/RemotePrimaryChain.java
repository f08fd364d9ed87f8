package io.quorumpay.api.primary;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.quorumpay.api.Balance;
import io.quorumpay.api.DepositReply;
import io.quorumpay.api.DepositRequest;
import io.quorumpay.api.DepositsRequest;
import io.quorumpay.api.LastRedeemedReply;
import io.quorumpay.api.LastRedeemedRequest;
import io.quorumpay.api.PrimaryGrpc;
import io.quorumpay.api.PrimaryStatusReply;
import io.quorumpay.api.PrimaryStatusRequest;
import io.quorumpay.api.RedeemReply;
import io.quorumpay.api.RedeemRequest;
import io.quorumpay.api.Wire;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.primary.RedeemReceipt;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.PrimaryAddress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** A {@link PrimaryChain} in another process, reached over gRPC. Transport failures are IOExceptions. */
public final class RemotePrimaryChain implements PrimaryChain {
  private static final long DEADLINE_SECONDS = 10;

  private final ManagedChannel channel;
  private final PrimaryGrpc.PrimaryBlockingStub stub;

  public RemotePrimaryChain(ManagedChannel channel) {
    this.channel = channel;
    this.stub = PrimaryGrpc.newBlockingStub(channel);
  }

  private PrimaryGrpc.PrimaryBlockingStub stub() {
    return stub.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public DepositReceipt deposit(PrimaryAddress depositor, AccountId recipient, AssetId asset, Amount amount)
      throws ProtocolException, IOException {
    DepositReply reply = Wire.call(() -> stub().deposit(DepositRequest.newBuilder().setDepositor(depositor.toString())
        .setRecipient(Wire.bytes(recipient)).setAsset(asset.code()).setAmount(amount.units()).build()));
    return new DepositReceipt(PrimaryDeposit.decode(reply.getDeposit().toByteArray()), reply.getBlock());
  }

  @Override
  public RedeemReceipt redeem(Certificate certificate) throws ProtocolException, IOException {
    RedeemReply reply = Wire.call(() -> stub().redeem(
        RedeemRequest.newBuilder().setCertificate(ByteString.copyFrom(certificate.encode())).build()));
    return new RedeemReceipt(certificate.key(), PrimaryAddress.parse(reply.getTo()), AssetId.parse(reply.getAsset()),
        new Amount(reply.getAmount()));
  }

  @Override
  public List<PrimaryDeposit> confirmedDeposits(long from, int limit, int confirmations) throws IOException {
    try {
      List<PrimaryDeposit> deposits = new ArrayList<>();
      for (ByteString bytes : Wire.call(() -> stub().deposits(DepositsRequest.newBuilder().setFrom(from).setLimit(limit)
          .setConfirmations(confirmations).build())).getDepositsList()) {
        deposits.add(PrimaryDeposit.decode(bytes.toByteArray()));
      }
      return deposits;
    } catch (ProtocolException e) {
      throw new IOException("the primary sent a bad deposit: " + e.getMessage(), e);
    }
  }

  @Override
  public ChainStatus status() throws IOException {
    try {
      PrimaryStatusReply reply = Wire.call(() -> stub().status(PrimaryStatusRequest.getDefaultInstance()));
      return new ChainStatus(new NetworkId(io.quorumpay.core.encoding.Bytes.copyOf(reply.getNetwork().toByteArray())),
          reply.getHeight(), reply.getDepositCount(), totals(reply.getFundsList()), totals(reply.getRedeemedList()));
    } catch (ProtocolException | IllegalArgumentException e) {
      throw new IOException("the primary sent a bad status: " + e.getMessage(), e);
    }
  }

  @Override
  public OptionalLong lastRedeemed(AccountId sender) throws IOException {
    try {
      LastRedeemedReply reply = Wire.call(() -> stub().lastRedeemed(
          LastRedeemedRequest.newBuilder().setSender(Wire.bytes(sender)).build()));
      return reply.getAny() ? OptionalLong.of(Wire.index("sequence", reply.getSequence())) : OptionalLong.empty();
    } catch (ProtocolException e) {
      throw new IOException("the primary sent a bad redeem log entry: " + e.getMessage(), e);
    }
  }

  private static SortedMap<AssetId, Long> totals(List<Balance> balances) throws ProtocolException {
    SortedMap<AssetId, Long> totals = new TreeMap<>();
    for (Balance balance : balances) {
      totals.put(AssetId.parse(balance.getAsset()), balance.getUnits());
    }
    return totals;
  }

  @Override
  public void close() {
    channel.shutdown();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
