package io.quorumpay.authority;

import io.quorumpay.authority.config.AuthorityConfig;
import io.quorumpay.core.authority.ShardConfig;
import io.quorumpay.core.authority.ShardState;
import io.quorumpay.core.authority.ShardWrites;
import io.quorumpay.storage.ShardStore;
import io.quorumpay.storage.SigningStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * {@code qp authority recover}: brings back an authority whose data was lost or restored from an
 * older copy, without it ever signing a second order at a (sender, sequence number).
 *
 * <p>Every shard the config names is rebuilt from nothing: its old data folder is moved aside
 * (never deleted), and a new one starts with the votes of the shard's signing record and the
 * record's commit count ({@link ShardState#rebuild}). When the authority starts, each shard
 * catches up from the same shard of the other authorities and from the primary chain. All shards
 * of an authority are rebuilt together into one new recovery epoch, so that the cross-shard
 * credits between them are numbered alike, and credits sealed before the rebuild are refused; an
 * authority split over several processes runs this in each, with the same {@code --epoch}.
 */
public final class AuthorityRecovery {
  private AuthorityRecovery() {}

  /**
   * Rebuilds every shard of {@code config} into one new recovery epoch: {@code epoch} if given,
   * else one above the highest any of them recorded. {@code report} is told what was done.
   */
  public static void recover(AuthorityConfig config, OptionalLong epoch, Clock clock, Consumer<String> report) throws IOException {
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(clock.getZone()).format(clock.instant());
    long highest = 0;
    for (int shard : config.shards()) {
      try (SigningStore record = SigningStore.open(config.signingDir().resolve("shard-" + shard))) {
        highest = Math.max(highest, record.epoch());
      }
    }
    long next = epoch.orElse(highest + 1);
    if (next <= highest) {
      throw new IOException("epoch " + next + " is not above the highest recorded, " + highest + "; credits sealed before the"
          + " recovery would still be accepted");
    }
    List<Path> moved = new ArrayList<>();
    for (int shard : config.shards()) {
      ShardConfig shardConfig = new ShardConfig(config.committee().committee(), config.key(), shard,
          config.committee().shardCount());
      Path data = config.dataDir().resolve("shard-" + shard);
      try (SigningStore record = SigningStore.open(config.signingDir().resolve("shard-" + shard))) {
        if (Files.exists(data)) {
          Path aside = data.resolveSibling("shard-" + shard + ".replaced-" + stamp);
          Files.move(data, aside);
          moved.add(aside);
        }
        record.beginEpoch(next);
        ShardState state = ShardState.rebuild(shardConfig, record.lastCommit(), next, record.lastVotes());
        ShardWrites writes = state.takeWrites();
        try (ShardStore store = ShardStore.open(data, shardConfig)) {
          store.write(writes);
        }
        record.record(writes.progress().orElseThrow().commits(), List.of());
        report.accept("shard " + shard + ": rebuilt with " + record.lastVotes().size() + " votes from its signing record"
            + " (commit " + writes.progress().orElseThrow().commits() + ", epoch " + next + "); it catches up from its peers"
            + " when started");
      }
    }
    if (!moved.isEmpty()) {
      report.accept("the replaced data is kept in " + moved + "; delete it once the authority has caught up");
    }
    if (config.shards().size() < config.committee().shardCount()) {
      report.accept("this process runs only shards " + config.shards() + ": recover the others too, with --epoch " + next);
    }
  }
}
