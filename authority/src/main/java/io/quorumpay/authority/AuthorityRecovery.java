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
import java.util.function.Consumer;

/**
 * {@code qp authority recover}: brings back an authority whose data was lost or restored from an
 * older copy, without it ever signing a second order at a (sender, sequence number).
 *
 * <p>Every shard the config names is rebuilt from nothing: its old data folder is moved aside
 * (never deleted), and a new one starts with the votes of the shard's signing record and the
 * record's commit count ({@link ShardState#rebuild}). When the authority starts, each shard
 * catches up from the same shard of the other authorities and from the primary chain. All shards
 * of an authority must be rebuilt together, so that the cross-shard credits between them stay
 * numbered alike; an authority split over several processes runs this in each.
 */
public final class AuthorityRecovery {
  private AuthorityRecovery() {}

  /** Rebuilds every shard of {@code config}; {@code report} is told what was done, a line per shard. */
  public static void recover(AuthorityConfig config, Clock clock, Consumer<String> report) throws IOException {
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(clock.getZone()).format(clock.instant());
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
        ShardState state = ShardState.rebuild(shardConfig, record.lastCommit(), record.lastVotes());
        ShardWrites writes = state.takeWrites();
        try (ShardStore store = ShardStore.open(data, shardConfig)) {
          store.write(writes);
        }
        record.record(writes.progress().orElseThrow().commits(), List.of());
        report.accept("shard " + shard + ": rebuilt with " + record.lastVotes().size() + " votes from its signing record"
            + " (commit " + writes.progress().orElseThrow().commits() + "); it catches up from its peers when started");
      }
    }
    if (!moved.isEmpty()) {
      report.accept("the replaced data is kept in " + moved + "; delete it once the authority has caught up");
    }
  }
}
