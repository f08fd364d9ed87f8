package io.quorumpay.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quorumpay.authority.server.ShardWriter;
import io.quorumpay.core.authority.InMemoryShardStorage;
import io.quorumpay.core.authority.InMemorySigningRecord;
import io.quorumpay.core.authority.ShardAssignment;
import io.quorumpay.core.authority.ShardConfig;
import io.quorumpay.core.authority.ShardState;
import io.quorumpay.core.authority.ShardStorage;
import io.quorumpay.core.authority.SigningRecord;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.OwnVotes;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
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
import io.quorumpay.storage.ShardStore;
import io.quorumpay.storage.SigningStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * One authority with K shards in this process, like FastPay's bench: N accounts, pre-signed
 * orders and certificates pre-built by a committee (of four unless told otherwise), each carrying
 * a quorum of votes, this authority's among them. Requests go through the production
 * path without the network: decoding, checks and vote signing on worker threads, then each
 * shard's single writer with group commit, over in-memory or RocksDB storage (synced batches).
 * The workers are one pool for all shards, as an authority's shards in one process share the
 * transport's threads.
 */
final class AuthorityThroughput {
  static final AssetId QPC = new AssetId("QPC");

  record Result(int shards, boolean durable, int payments, double ordersPerSecond, double confirmationsPerSecond,
      double paymentsPerSecond, double cpuMicrosPerPayment) {}

  private AuthorityThroughput() {}

  /**
   * Runs {@code payments} payments over {@code shardCount} shards with {@code workers} worker threads,
   * for a committee of {@code committeeSize} equal members.
   */
  static Result run(int committeeSize, int shardCount, int payments, boolean durable, int workers, Path dir) throws Exception {
    SecureRandom random = new SecureRandom();
    List<KeyPair> authorities = IntStream.range(0, committeeSize).mapToObj(i -> KeyPair.generate(random)).toList();
    Committee committee = Committee.equalWeights(NetworkId.named("bench"),
        authorities.stream().map(k -> new AuthorityName(k.publicKey())).toList());
    int quorum = (int) committee.quorumThreshold();
    ShardAssignment assignment = new ShardAssignment(shardCount);
    ExecutorService pool = Executors.newFixedThreadPool(workers);

    // Senders and recipients on the same shard, so that each payment is one order and one confirmation.
    List<KeyPair> senders = new ArrayList<>();
    List<AccountId> recipients = new ArrayList<>();
    while (senders.size() < payments) {
      KeyPair sender = KeyPair.generate(random);
      KeyPair recipient = KeyPair.generate(random);
      if (assignment.shardOf(new AccountId(sender.publicKey())) == assignment.shardOf(new AccountId(recipient.publicKey()))) {
        senders.add(sender);
        recipients.add(new AccountId(recipient.publicKey()));
      }
    }
    List<byte[]> orders = parallel(pool, payments, i -> SignedOrder.sign(new TransferOrder(committee.network(),
        new AccountId(senders.get(i).publicKey()), new Recipient.Account(recipients.get(i)), QPC, new Amount(10),
        SequenceNumber.ZERO, UserData.EMPTY), senders.get(i)).encode());
    List<byte[]> certificates = parallel(pool, payments, i -> {
      TransferOrder order = SignedOrder.decodeTransfer(orders.get(i)).order();
      return new Certificate(order, authorities.subList(0, quorum).stream().map(k -> Vote.sign(order, k).toSignature())
          .sorted(Comparator.comparing(VoteSignature::authority)).toList()).encode();
    });

    List<ShardStorage> storages = new ArrayList<>();
    List<ShardWriter> writers = new ArrayList<>();
    byte[] faucet = new byte[PrimaryAddress.SIZE];
    faucet[0] = 1;
    for (int s = 0; s < shardCount; s++) {
      ShardConfig config = new ShardConfig(committee, authorities.get(0), s, shardCount);
      ShardStorage storage = durable ? ShardStore.open(dir.resolve("shard-" + s), config) : new InMemoryShardStorage(config);
      ShardState state = ShardState.create(config);
      for (int i = 0; i < payments; i++) {
        state.handleDeposit(new PrimaryDeposit(committee.network(), i, new PrimaryAddress(
            io.quorumpay.core.encoding.Bytes.copyOf(faucet)), new AccountId(senders.get(i).publicKey()), QPC, new Amount(100)));
      }
      storage.write(state.takeWrites());
      storages.add(storage);
      SigningRecord signing = durable ? SigningStore.open(dir.resolve("signing-" + s)) : new InMemorySigningRecord();
      writers.add(ShardWriter.start(state, storage, signing, new SimpleMeterRegistry(), failure -> { }));
    }

    OwnVotes ownVotes = new OwnVotes(authorities.get(0));
    long cpuStart = processCpuNanos();
    long start = System.nanoTime();
    run(pool, orders, bytes -> {
      SignedOrder<TransferOrder> signed = SignedOrder.decodeTransfer(bytes);
      VerifiedOrder verified = VerifiedOrder.check(signed, committee.network(), ownVotes);
      return writers.get(assignment.shardOf(signed.order().sender())).mutate(state -> state.handleOrder(verified));
    });
    long ordersDone = System.nanoTime();
    run(pool, certificates, bytes -> {
      Certificate certificate = Certificate.decode(bytes);
      VerifiedCertificate verified = VerifiedCertificate.check(certificate, committee, ownVotes);
      return writers.get(assignment.shardOf(certificate.order().home())).mutate(state -> state.handleConfirmation(verified));
    });
    long end = System.nanoTime();
    long cpu = processCpuNanos() - cpuStart;
    writers.forEach(ShardWriter::close);
    for (ShardStorage storage : storages) {
      if (storage instanceof ShardStore store) {
        store.close();
      }
    }
    pool.shutdown();
    return new Result(shardCount, durable, payments, payments / ((ordersDone - start) / 1e9), payments / ((end - ordersDone) / 1e9),
        payments / ((end - start) / 1e9), cpu / 1e3 / payments);
  }

  /**
   * {@code AuthorityThroughput COMMITTEE SHARDS PAYMENTS JSON}: an in-memory run with a worker per
   * core this JVM may use, after a run of the same size that warms up the JIT; for runs pinned to
   * cores (see {@link ChildJvm}).
   */
  public static void main(String[] args) throws Exception {
    int committee = Integer.parseInt(args[0]);
    int shards = Integer.parseInt(args[1]);
    int payments = Integer.parseInt(args[2]);
    int cores = Runtime.getRuntime().availableProcessors();
    Path unused = Path.of("in-memory");
    run(committee, shards, payments, false, cores, unused);
    ChildJvm.write(run(committee, shards, payments, false, cores, unused), args[3]);
  }

  @FunctionalInterface
  interface Submit {
    CompletableFuture<?> apply(byte[] request) throws Exception;
  }

  /** Hands every request to the pool (decode and check there), then waits for every reply. */
  private static void run(ExecutorService pool, List<byte[]> requests, Submit submit) throws Exception {
    List<CompletableFuture<?>> replies = new ArrayList<>(requests.size());
    List<java.util.concurrent.Future<CompletableFuture<?>>> handed = new ArrayList<>(requests.size());
    for (byte[] request : requests) {
      handed.add(pool.submit(() -> submit.apply(request)));
    }
    for (var future : handed) {
      replies.add(future.get());
    }
    CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).join();
  }

  @FunctionalInterface
  interface Make<T> {
    T make(int index) throws Exception;
  }

  static <T> List<T> parallel(ExecutorService pool, int count, Make<T> make) throws Exception {
    List<java.util.concurrent.Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int index = i;
      futures.add(pool.submit(() -> make.make(index)));
    }
    List<T> made = new ArrayList<>(count);
    for (var future : futures) {
      made.add(future.get());
    }
    return made;
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
