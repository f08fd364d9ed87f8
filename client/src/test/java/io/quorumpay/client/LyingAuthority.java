package io.quorumpay.client;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.quorumpay.api.AccountInfoReply;
import io.quorumpay.api.AccountInfoRequest;
import io.quorumpay.api.AuthorityGrpc;
import io.quorumpay.api.Balance;
import io.quorumpay.api.ConfirmReply;
import io.quorumpay.api.ConfirmRequest;
import io.quorumpay.api.HealthReply;
import io.quorumpay.api.HealthRequest;
import io.quorumpay.api.OrderRequest;
import io.quorumpay.api.VoteReply;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.messages.VoteSignature;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Byzantine authority for tests: it claims huge balances, offers forged received certificates,
 * reports a sequence number far ahead, votes with signatures that do not verify, and acknowledges
 * every confirmation without applying anything. In {@link Mode#ENDLESS_PAGES} its received stream
 * never ends (every page full, always one more); in {@link Mode#RESETS} it alternates full pages
 * and a stream that has just been emptied.
 */
final class LyingAuthority extends AuthorityGrpc.AuthorityImplBase implements AutoCloseable {
  /** How it lies about a received stream. */
  enum Mode { FORGED, ENDLESS_PAGES, RESETS }

  volatile Mode mode = Mode.FORGED;
  private final java.util.concurrent.atomic.AtomicLong pages = new java.util.concurrent.atomic.AtomicLong();
  private final NetworkId network;
  private final SecureRandom random = new SecureRandom();
  private final List<Server> servers = new ArrayList<>();

  LyingAuthority(NetworkId network, List<String> addresses) throws IOException {
    this.network = network;
    for (String address : addresses) {
      int colon = address.lastIndexOf(':');
      servers.add(NettyServerBuilder.forAddress(new InetSocketAddress(address.substring(0, colon),
          Integer.parseInt(address.substring(colon + 1)))).addService(this).build().start());
    }
  }

  @Override
  public void submitOrder(OrderRequest request, StreamObserver<VoteReply> observer) {
    try {
      TransferOrder order = SignedOrder.decodeTransfer(request.getSignedOrder().toByteArray()).order();
      Vote honest = Vote.sign(order, KeyPair.generate(random));
      byte[] forged = honest.signature().bytes().toArray();
      forged[0] ^= 1;
      Vote bad = new Vote(order, honest.authority(), new io.quorumpay.core.crypto.Signature(Bytes.copyOf(forged)));
      observer.onNext(VoteReply.newBuilder().setVote(ByteString.copyFrom(bad.encode())).build());
      observer.onCompleted();
    } catch (Exception e) {
      observer.onError(e);
    }
  }

  @Override
  public void confirm(ConfirmRequest request, StreamObserver<ConfirmReply> observer) {
    observer.onNext(ConfirmReply.newBuilder().setOutcome(ConfirmReply.Outcome.APPLIED).build());
    observer.onCompleted();
  }

  @Override
  public void accountInfo(AccountInfoRequest request, StreamObserver<AccountInfoReply> observer) {
    AccountId account = new AccountId(new PublicKey(Bytes.copyOf(request.getAccount().toByteArray())));
    TransferOrder gift = new TransferOrder(network, new AccountId(KeyPair.generate(random).publicKey()),
        new Recipient.Account(account), new AssetId("QPC"), new Amount(1_000_000_000), SequenceNumber.ZERO, UserData.EMPTY);
    List<VoteSignature> votes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      votes.add(Vote.sign(gift, KeyPair.generate(random)).toSignature());
    }
    votes.sort(Comparator.comparing(VoteSignature::authority));
    Certificate forged = new Certificate(gift, votes);
    if (mode != Mode.FORGED && request.getReceivedLimit() > 0) {
      long page = pages.incrementAndGet();
      boolean emptied = mode == Mode.RESETS && page % 2 == 0;
      AccountInfoReply.Builder reply = AccountInfoReply.newBuilder().setAccount(request.getAccount())
          .setReceivedFrom(request.getReceivedFrom())
          .setReceivedTotal(emptied ? 0 : request.getReceivedFrom() + request.getReceivedLimit() + 1);
      for (int i = 0; !emptied && i < request.getReceivedLimit(); i++) {
        reply.addReceived(ByteString.copyFrom(forged.encode()));
      }
      observer.onNext(reply.build());
      observer.onCompleted();
      return;
    }
    observer.onNext(AccountInfoReply.newBuilder().setAccount(request.getAccount())
        .addBalances(Balance.newBuilder().setAsset("QPC").setUnits(1_000_000_000))
        .setNextSequenceNumber(999)
        .setRequestedCertificate(ByteString.copyFrom(forged.encode()))
        .setReceivedFrom(request.getReceivedFrom())
        .addReceived(ByteString.copyFrom(forged.encode()))
        .addReceived(ByteString.copyFrom(new byte[] {1, 2, 3}))
        .setReceivedTotal(request.getReceivedFrom() + 2)
        .build());
    observer.onCompleted();
  }

  /** How many pages of a received stream it has served. */
  long pagesServed() {
    return pages.get();
  }

  @Override
  public void health(HealthRequest request, StreamObserver<HealthReply> observer) {
    observer.onNext(HealthReply.getDefaultInstance());
    observer.onCompleted();
  }

  @Override
  public void close() {
    for (Server server : servers) {
      try {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
