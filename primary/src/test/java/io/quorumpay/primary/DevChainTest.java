package io.quorumpay.primary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quorumpay.api.DepositsRequest;
import io.quorumpay.api.PrimaryGrpc;
import io.quorumpay.api.RpcErrors;
import io.quorumpay.api.primary.ChainStatus;
import io.quorumpay.api.primary.DepositReceipt;
import io.quorumpay.api.primary.RemotePrimaryChain;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.messages.VoteSignature;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevChainTest {
  static final SecureRandom RANDOM = new SecureRandom();
  static final List<KeyPair> AUTHORITIES = IntStream.range(0, 4).mapToObj(i -> KeyPair.generate(RANDOM)).toList();
  static final Committee COMMITTEE = Committee.equalWeights(NetworkId.named("primary-test"),
      AUTHORITIES.stream().map(k -> new AuthorityName(k.publicKey())).toList());
  static final AssetId QPC = new AssetId("QPC");
  static final KeyPair ALICE = KeyPair.generate(RANDOM);
  static final AccountId ALICE_ID = new AccountId(ALICE.publicKey());

  @TempDir
  Path dir;

  static Certificate redeem(long amount, long sequence) throws ProtocolException {
    TransferOrder order = new TransferOrder(COMMITTEE.network(), ALICE_ID,
        new Recipient.Primary(PrimaryAddress.parse("0x00000000000000000000000000000000000000b0")), QPC, new Amount(amount),
        new SequenceNumber(sequence), UserData.EMPTY);
    return new Certificate(order, AUTHORITIES.subList(0, 3).stream().map(k -> Vote.sign(order, k).toSignature())
        .sorted(Comparator.comparing(VoteSignature::authority)).toList());
  }

  @Test
  void depositsNeedBlocksAndEverythingSurvivesARestart() throws Exception {
    try (DevChain chain = DevChain.open(dir, COMMITTEE)) {
      DepositReceipt first = chain.deposit(DevChain.faucetAddress(), ALICE_ID, QPC, new Amount(100));
      assertThat(first.block()).isEqualTo(1);
      assertThat(chain.confirmedDeposits(0, 10, 1)).isEmpty();
      chain.produceBlock();
      assertThat(chain.confirmedDeposits(0, 10, 1)).containsExactly(first.deposit());
      assertThat(chain.confirmedDeposits(0, 10, 2)).isEmpty();
      chain.produceBlock();
      assertThat(chain.confirmedDeposits(0, 10, 2)).containsExactly(first.deposit());
      chain.deposit(DevChain.faucetAddress(), ALICE_ID, QPC, new Amount(50));
      chain.redeem(redeem(30, 0));
      catchThrowableOfType(ProtocolException.class, () -> chain.redeem(redeem(30, 0)));
    }
    try (DevChain chain = DevChain.open(dir, COMMITTEE)) {
      ChainStatus status = chain.status();
      assertThat(status.height()).isEqualTo(2);
      assertThat(status.depositCount()).isEqualTo(2);
      assertThat(status.funds()).containsEntry(QPC, 120L);
      assertThat(status.redeemed()).containsEntry(QPC, 30L);
      // The replay refusal was never journaled, and the paid redeem is still remembered.
      ProtocolException replay = catchThrowableOfType(ProtocolException.class, () -> chain.redeem(redeem(30, 0)));
      assertThat(replay.error().code().name()).isEqualTo("REDEEM_REPLAY");
      assertThat(chain.confirmedDeposits(0, 10, 1)).hasSize(1);
      chain.produceBlock();
      assertThat(chain.confirmedDeposits(0, 10, 1)).hasSize(2);
    }
  }

  @Test
  void refusesAChainOfAnotherCommittee() throws IOException {
    DevChain.open(dir, COMMITTEE).close();
    Committee other = Committee.equalWeights(NetworkId.named("other"), COMMITTEE.weights().keySet());
    assertThatThrownBy(() -> DevChain.open(dir, other)).isInstanceOf(IOException.class).hasMessageContaining("another network");
  }

  @Test
  void servesDepositsRedeemsAndRefusalsOverGrpc() throws Exception {
    try (PrimaryNode node = PrimaryNode.start(COMMITTEE, dir, new InetSocketAddress("127.0.0.1", 0), Duration.ofMillis(20),
        InsecureServerCredentials.create());
        RemotePrimaryChain remote = new RemotePrimaryChain(
            Grpc.newChannelBuilder("127.0.0.1:" + node.port(), InsecureChannelCredentials.create()).build())) {
      DepositReceipt receipt = remote.deposit(DevChain.faucetAddress(), ALICE_ID, QPC, new Amount(500));
      assertThat(receipt.deposit().index()).isZero();
      long deadline = System.currentTimeMillis() + 5000;
      while (remote.confirmedDeposits(0, 10, 2).isEmpty() && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertThat(remote.confirmedDeposits(0, 10, 2)).containsExactly(receipt.deposit());
      assertThat(remote.redeem(redeem(200, 0)).amount()).isEqualTo(new Amount(200));
      assertThat(catchThrowableOfType(ProtocolException.class, () -> remote.redeem(redeem(200, 0))).error().code().name())
          .isEqualTo("REDEEM_REPLAY");
      assertThat(catchThrowableOfType(ProtocolException.class,
          () -> remote.deposit(DevChain.faucetAddress(), ALICE_ID, QPC, Amount.ZERO)).error().code().name()).isEqualTo("ZERO_AMOUNT");
      Certificate weak = redeem(1, 1);
      Certificate twoVotes = new Certificate(weak.order(), weak.votes().subList(0, 2));
      assertThat(catchThrowableOfType(ProtocolException.class, () -> remote.redeem(twoVotes)).error().code().name())
          .isEqualTo("INSUFFICIENT_QUORUM");
      assertThat(remote.status().funds()).containsEntry(QPC, 300L);
    }
  }

  @Test
  void depositsRefusesNumbersOutOfRangeOverGrpc() throws Exception {
    try (PrimaryNode node = PrimaryNode.start(COMMITTEE, dir, new InetSocketAddress("127.0.0.1", 0), Duration.ofMillis(20),
        InsecureServerCredentials.create())) {
      ManagedChannel channel = Grpc.newChannelBuilder("127.0.0.1:" + node.port(), InsecureChannelCredentials.create()).build();
      try {
        DepositReceipt receipt = node.chain().deposit(DevChain.faucetAddress(), ALICE_ID, QPC, new Amount(5));
        node.chain().produceBlock();
        DepositsRequest request = DepositsRequest.newBuilder().setConfirmations(1).build();
        // A uint32 of 2^31 or more arrives in Java as a negative int.
        for (int limit : new int[] {1 << 31, 0xFFFFFFFF, 1001}) {
          assertOutOfRange(() -> stub(channel).deposits(request.toBuilder().setLimit(limit).build()), "limit");
        }
        for (int confirmations : new int[] {1 << 31, 0xFFFFFFFF}) {
          assertOutOfRange(() -> stub(channel).deposits(request.toBuilder().setConfirmations(confirmations).build()),
              "confirmations");
        }
        assertOutOfRange(() -> stub(channel).deposits(request.toBuilder().setFrom(1L << 63).build()), "from");

        // The chain still answers, and nothing changed.
        assertThat(stub(channel).deposits(request.toBuilder().setLimit(1000).build()).getDepositsList())
            .containsExactly(ByteString.copyFrom(receipt.deposit().encode()));
        assertThat(node.chain().status().depositCount()).isOne();
      } finally {
        channel.shutdownNow();
      }
    }
  }

  static PrimaryGrpc.PrimaryBlockingStub stub(ManagedChannel channel) {
    return PrimaryGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  static void assertOutOfRange(ThrowingCallable call, String field) {
    StatusRuntimeException refusal = catchThrowableOfType(StatusRuntimeException.class, call);
    assertThat(refusal).as("expected a refusal of %s", field).isNotNull();
    assertThat(refusal.getStatus().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
    assertThat(RpcErrors.errorCode(refusal)).contains(io.quorumpay.core.error.ProtocolError.Code.OUT_OF_RANGE);
    assertThat(refusal.getStatus().getDescription()).startsWith(field + " out of range");
  }
}
