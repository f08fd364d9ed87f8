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
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.SignedTransferOrder;
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

/** Micro-benchmarks: Ed25519, payload encoding and decoding, and one shard-state step. Run: scripts/bench jmh ProtocolBenchmarks. */
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
  private ShardState shard;
  private List<VerifiedOrder> orders;
  private int next;

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
    orderBytes = SignedTransferOrder.sign(order, key).encode();
    certificateBytes = new Certificate(order, authorities.subList(0, 3).stream().map(k -> Vote.sign(order, k).toSignature())
        .sorted(Comparator.comparing(VoteSignature::authority)).toList()).encode();
    shard = ShardState.create(new ShardConfig(committee, authorities.get(0), 0, 1));
    orders = new ArrayList<>();
    byte[] depositor = new byte[PrimaryAddress.SIZE];
    depositor[0] = 1;
    for (int i = 0; i < STEPS; i++) {
      KeyPair sender = KeyPair.generate(random);
      AccountId id = new AccountId(sender.publicKey());
      shard.handleDeposit(new PrimaryDeposit(committee.network(), i, new PrimaryAddress(Bytes.copyOf(depositor)), id, new AssetId("QPC"),
          new Amount(100)));
      TransferOrder transfer = new TransferOrder(committee.network(), id, order.recipient(), new AssetId("QPC"), new Amount(1),
          SequenceNumber.ZERO, UserData.EMPTY);
      orders.add(VerifiedOrder.check(SignedTransferOrder.sign(transfer, sender), committee.network()));
    }
    shard.takeWrites();
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
  public SignedTransferOrder decodeOrder() throws ProtocolException {
    return SignedTransferOrder.decode(orderBytes);
  }

  @Benchmark
  public Certificate decodeCertificate() throws ProtocolException {
    return Certificate.decode(certificateBytes);
  }

  /** One vote: the shard's checks and state change, and signing the vote (the order's signature was checked before). */
  @Benchmark
  public Vote shardVotes() throws ProtocolException {
    // Each order is new to the shard (200,000 of them outlast the run), so every call votes.
    Vote vote = shard.handleTransferOrder(orders.get(next++ % STEPS));
    if (next % 1000 == 0) {
      shard.takeWrites();
    }
    return vote;
  }
}
