package io.quorumpay.bench;

import io.quorumpay.core.authority.ShardConfig;
import io.quorumpay.core.authority.ShardState;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.storage.ShardStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.IntStream;

/** How long a shard with many accounts takes to restart (open RocksDB and load its state), and the heap that state takes. */
final class RestartBench {
  record Result(int accounts, double restartSeconds, double heapMegabytes) {}

  private RestartBench() {}

  static Result run(int accounts, Path dir) throws Exception {
    SecureRandom random = new SecureRandom();
    List<KeyPair> authorities = IntStream.range(0, 4).mapToObj(i -> KeyPair.generate(random)).toList();
    Committee committee = Committee.equalWeights(NetworkId.named("bench"),
        authorities.stream().map(k -> new AuthorityName(k.publicKey())).toList());
    ShardConfig config = new ShardConfig(committee, authorities.get(0), 0, 1);
    byte[] faucet = new byte[PrimaryAddress.SIZE];
    faucet[0] = 1;
    try (ShardStore store = ShardStore.open(dir, config)) {
      ShardState state = ShardState.create(config);
      byte[] key = new byte[32];
      for (int i = 0; i < accounts; i++) {
        random.nextBytes(key);
        state.handleDeposit(new PrimaryDeposit(committee.network(), i, new PrimaryAddress(Bytes.copyOf(faucet)),
            new AccountId(new PublicKey(Bytes.copyOf(key))), new AssetId("QPC"), new Amount(100)));
        if (i % 50_000 == 49_999) {
          store.write(state.takeWrites());
        }
      }
      store.write(state.takeWrites());
    }
    long start = System.nanoTime();
    ShardState loaded;
    try (ShardStore store = ShardStore.open(dir, config)) {
      loaded = store.load(config);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (loaded.accountCount() != accounts) {
      throw new IllegalStateException("loaded " + loaded.accountCount() + " accounts, wrote " + accounts);
    }
    // The heap the loaded state holds: used heap with it, minus used heap once it is unreachable.
    long withState = usedHeapAfterGc();
    loaded = null;
    long withoutState = usedHeapAfterGc();
    return new Result(accounts, seconds, (withState - withoutState) / 1e6);
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
