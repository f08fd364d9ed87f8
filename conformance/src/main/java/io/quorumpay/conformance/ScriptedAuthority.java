package io.quorumpay.conformance;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quorumpay.api.AccountInfoReply;
import io.quorumpay.api.AccountInfoRequest;
import io.quorumpay.api.AuthorityGrpc;
import io.quorumpay.api.Balance;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.messages.VoteSignature;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * An authority whose answers about the wallet under test a scenario scripts: which of the
 * certificates it has, whether it is down, whether its stream was reset, whether it lies. The
 * certificates themselves are genuine: the suite holds the committee's keys.
 */
final class ScriptedAuthority extends AuthorityGrpc.AuthorityImplBase {
  private final KeyPair key;
  private volatile List<Certificate> received = List.of();
  private volatile TreeMap<Long, Certificate> sent = new TreeMap<>();
  private volatile boolean down;
  private volatile boolean liar;

  ScriptedAuthority(KeyPair key) {
    this.key = key;
  }

  /** The certificates crediting the wallet that this authority has, in its log's order. */
  void received(List<Certificate> certificates) {
    received = List.copyOf(certificates);
  }

  /** The wallet's own certificates this authority has applied. */
  void sent(List<Certificate> certificates) {
    TreeMap<Long, Certificate> bySequence = new TreeMap<>();
    certificates.forEach(c -> bySequence.put(c.key().sequenceNumber().value(), c));
    sent = bySequence;
  }

  void down(boolean down) {
    this.down = down;
  }

  void liar(boolean liar) {
    this.liar = liar;
  }

  @Override
  public void accountInfo(AccountInfoRequest request, StreamObserver<AccountInfoReply> observer) {
    if (down) {
      observer.onError(Status.UNAVAILABLE.withDescription("scripted: down").asRuntimeException());
      return;
    }
    AccountId account = new AccountId(new io.quorumpay.core.crypto.PublicKey(
        io.quorumpay.core.encoding.Bytes.copyOf(request.getAccount().toByteArray())));
    AccountInfoReply.Builder reply = AccountInfoReply.newBuilder().setAccount(request.getAccount())
        .setReceivedFrom(request.getReceivedFrom());
    if (liar) {
      Certificate forged = forged(account);
      reply.addBalances(Balance.newBuilder().setAsset("QPC").setUnits(1_000_000)).setNextSequenceNumber(99)
          .addReceived(ByteString.copyFrom(forged.encode())).setReceivedTotal(request.getReceivedFrom() + 1)
          .setRequestedCertificate(ByteString.copyFrom(forged.encode()));
    } else {
      List<Certificate> log = received;
      int from = (int) Math.min(log.size(), request.getReceivedFrom());
      int to = (int) Math.min(log.size(), from + (long) request.getReceivedLimit());
      log.subList(from, to).forEach(c -> reply.addReceived(ByteString.copyFrom(c.encode())));
      reply.setReceivedTotal(log.size()).setNextSequenceNumber(sent.size());
      if (request.hasCertificateAt() && sent.containsKey(request.getCertificateAt())) {
        reply.setRequestedCertificate(ByteString.copyFrom(sent.get(request.getCertificateAt()).encode()));
      }
    }
    observer.onNext(reply.build());
    observer.onCompleted();
  }

  /** A certificate paying {@code account} a fortune, with this authority's vote and strangers'. */
  private Certificate forged(AccountId account) {
    SecureRandom random = new SecureRandom();
    TransferOrder order = new TransferOrder(ScenarioNetwork.NETWORK, new AccountId(KeyPair.generate(random).publicKey()),
        new Recipient.Account(account), new AssetId("QPC"), new Amount(1_000_000), SequenceNumber.ZERO, UserData.EMPTY);
    List<VoteSignature> votes = new ArrayList<>();
    votes.add(Vote.sign(order, key).toSignature());
    votes.add(Vote.sign(order, KeyPair.generate(random)).toSignature());
    votes.add(Vote.sign(order, KeyPair.generate(random)).toSignature());
    votes.sort(Comparator.comparing(VoteSignature::authority));
    return new Certificate(order, votes);
  }
}
