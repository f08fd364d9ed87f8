package io.quorumpay.bench.jmh;

import io.quorumpay.core.authority.ShardConfig;
import io.quorumpay.core.authority.ShardState;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.OwnVotes;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VerifiedOrder;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Micro-benchmarks: Ed25519, recognising an authority's own vote, payload encoding and decoding,
 * and one step of a shard's single writer. Run: scripts/bench jmh ProtocolBenchmarks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ProtocolBenchmarks {
  private static final int STEPS = 200_000;

  private KeyPair key;
  private byte[] payload;
  private Signature signature;
  private TransferOrder order;
  private byte[] orderBytes;
  private byte[] certificateBytes;
  private OwnVotes ownVotes;
  private Signature ownVote;

  @Setup
  public void setUp() throws ProtocolException {
    SplittableRandom random = new SplittableRandom(1);
    List<KeyPair> authorities = IntStream.range(0, 4).mapToObj(i -> KeyPair.generate(random)).toList();
    Committee committee = Committee.equalWeights(NetworkId.named("jmh"), authorities.stream().map(k -> new AuthorityName(k.publicKey())).toList());
    key = KeyPair.generate(random);
    order = new TransferOrder(committee.network(), new AccountId(key.publicKey()),
        new Recipient.Account(new AccountId(KeyPair.generate(random).publicKey())), new AssetId("QPC"), new Amount(10),
        SequenceNumber.ZERO, UserData.EMPTY);
    payload = Vote.signedBytes(order);
    signature = key.sign(payload);
    orderBytes = SignedOrder.sign(order, key).encode();
    certificateBytes = new Certificate(order, authorities.subList(0, 3).stream().map(k -> Vote.sign(order, k).toSignature())
        .sorted(Comparator.comparing(VoteSignature::authority)).toList()).encode();
    ownVotes = new OwnVotes(authorities.get(0));
    ownVote = ownVotes.sign(order).signature();
  }

  /**
   * A shard with {@value #STEPS} funded senders and an order from each, checked and with its vote
   * signed. A state of its own, so that the other benchmarks run without this large heap.
   */
  @State(Scope.Thread)
  public static class Shard {
    ShardState state;
    List<VerifiedOrder> orders;
    int next;

    @Setup
    public void setUp() throws ProtocolException {
      SplittableRandom random = new SplittableRandom(2);
      KeyPair authority = KeyPair.generate(random);
      Committee committee = Committee.equalWeights(NetworkId.named("jmh"), List.of(new AuthorityName(authority.publicKey())));
      OwnVotes ownVotes = new OwnVotes(authority);
      Recipient recipient = new Recipient.Account(new AccountId(KeyPair.generate(random).publicKey()));
      state = ShardState.create(new ShardConfig(committee, authority, 0, 1));
      orders = new ArrayList<>();
      byte[] depositor = new byte[PrimaryAddress.SIZE];
      depositor[0] = 1;
      for (int i = 0; i < STEPS; i++) {
        KeyPair sender = KeyPair.generate(random);
        AccountId id = new AccountId(sender.publicKey());
        state.handleDeposit(new PrimaryDeposit(committee.network(), i, new PrimaryAddress(Bytes.copyOf(depositor)), id,
            new AssetId("QPC"), new Amount(100)));
        TransferOrder transfer = new TransferOrder(committee.network(), id, recipient, new AssetId("QPC"), new Amount(1),
            SequenceNumber.ZERO, UserData.EMPTY);
        orders.add(VerifiedOrder.check(SignedOrder.sign(transfer, sender), committee.network(), ownVotes));
      }
      state.takeWrites();
    }
  }

  @Benchmark
  public Signature sign() {
    return key.sign(payload);
  }

  @Benchmark
  public boolean verify() {
    return key.publicKey().verifies(payload, signature);
  }

  @Benchmark
  public byte[] encodeOrder() {
    return order.encode();
  }

  @Benchmark
  public SignedOrder<TransferOrder> decodeOrder() throws ProtocolException {
    return SignedOrder.decodeTransfer(orderBytes);
  }

  @Benchmark
  public Certificate decodeCertificate() throws ProtocolException {
    return Certificate.decode(certificateBytes);
  }

  /** An authority's own vote in a certificate, recognised from its table of recent votes. */
  @Benchmark
  public boolean ownVoteFromTable() {
    return ownVotes.signed(order, ownVote);
  }

  /**
   * What the single writer does for a new order: the shard's checks and state change (the order's
   * signature was checked and the vote signed before, in parallel).
   */
  @Benchmark
  public Vote shardStep(Shard shard) throws ProtocolException {
    // Each order is new to the shard (200,000 of them outlast the run), so every call votes.
    Vote vote = shard.state.handleOrder(shard.orders.get(shard.next++ % STEPS));
    if (shard.next % 1000 == 0) {
      shard.state.takeWrites();
    }
    return vote;
  }
}
