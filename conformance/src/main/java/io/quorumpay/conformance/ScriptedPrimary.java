package io.quorumpay.conformance;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.quorumpay.api.DepositsReply;
import io.quorumpay.api.DepositsRequest;
import io.quorumpay.api.PrimaryGrpc;
import io.quorumpay.core.messages.PrimaryDeposit;
import java.util.List;

/** The primary chain of a scenario: its deposits, and how many of them are confirmed so far. */
final class ScriptedPrimary extends PrimaryGrpc.PrimaryImplBase {
  private volatile List<PrimaryDeposit> deposits = List.of();
  private volatile int confirmed;

  void deposits(List<PrimaryDeposit> all, int confirmedCount) {
    deposits = List.copyOf(all);
    confirmed = confirmedCount;
  }

  int confirmed() {
    return confirmed;
  }

  @Override
  public void deposits(DepositsRequest request, StreamObserver<DepositsReply> observer) {
    DepositsReply.Builder reply = DepositsReply.newBuilder();
    for (long i = request.getFrom(); i < confirmed && i < request.getFrom() + Math.max(1, request.getLimit()); i++) {
      reply.addDeposits(ByteString.copyFrom(deposits.get((int) i).encode()));
    }
    observer.onNext(reply.build());
    observer.onCompleted();
  }
}
