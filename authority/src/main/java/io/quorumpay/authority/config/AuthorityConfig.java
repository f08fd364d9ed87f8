package io.quorumpay.authority.config;

import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.config.ConfigException;
import io.quorumpay.api.config.KeyFile;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.crypto.KeyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Everything one authority process needs, from one YAML file. Paths are relative to the file.
 *
 * <pre>
 * committee: committee.yaml      # the network's public description
 * key: authority-0.key           # this authority's secret key (owner-only)
 * data: data/authority-0         # one RocksDB directory per shard is made below it
 * signing: signing               # the signing record, one per shard: apart from data, never restored from a backup
 * catchUpMillis: 1000            # how often to read the other authorities' applied logs when caught up
 * shards: [0, 1]                 # which shards this process runs (default: all)
 * peers: [127.0.0.1:7200, 127.0.0.1:7201]   # internal address of each shard, for cross-shard credits
 * listen: 127.0.0.1              # bind host (default: the host of each address)
 * primary: {endpoint: 127.0.0.1:7000, pollMillis: 200}   # deposits count at the committee file's depositConfirmations
 * tls: {cert: tls/node.crt, key: tls/node.key, ca: tls/ca.crt}   # on unless enabled: false
 * metrics: {port: 9100}          # Prometheus endpoint at /metrics; 0 turns it off
 * </pre>
 */
public record AuthorityConfig(
    Path file,
    CommitteeFile committee,
    KeyPair key,
    AuthorityName name,
    Path dataDir,
    Path signingDir,
    List<Integer> shards,
    List<String> clientAddresses,
    List<String> peerAddresses,
    String listenHost,
    Primary primary,
    Tls tls,
    int metricsPort,
    long catchUpMillis) {

  /** How this authority follows the primary chain. */
  public record Primary(String endpoint, int confirmations, long pollMillis) {}

  /** TLS: a certificate and key for this authority's servers, and the CA that signs every node of the network. */
  public record Tls(boolean enabled, Path cert, Path key, Path ca) {}

  record Raw(String committee, String key, String data, String signing, List<Integer> shards, List<String> peers,
      String listen, RawPrimary primary, RawTls tls, RawMetrics metrics, Long catchUpMillis) {}

  record RawPrimary(String endpoint, Integer confirmations, Long pollMillis) {}

  record RawTls(Boolean enabled, String cert, String key, String ca) {}

  record RawMetrics(Integer port) {}

  /** Reads, resolves and checks an authority config file. */
  public static AuthorityConfig read(Path file) throws ConfigException {
    Raw raw;
    try {
      raw = CommitteeFile.YAML.readValue(Files.readString(file), Raw.class);
    } catch (IOException e) {
      throw new ConfigException("cannot read authority config " + file + ": " + e.getMessage(), e);
    }
    if (raw == null || raw.committee() == null || raw.key() == null || raw.data() == null || raw.peers() == null
        || raw.primary() == null || raw.primary().endpoint() == null) {
      throw new ConfigException(file + ": needs 'committee', 'key', 'data', 'peers' and 'primary.endpoint'");
    }
    Path base = file.toAbsolutePath().getParent();
    CommitteeFile committee = CommitteeFile.read(base.resolve(raw.committee()));
    KeyPair key = KeyFile.read(base.resolve(raw.key()));
    AuthorityName name = new AuthorityName(key.publicKey());
    CommitteeFile.Member member = committee.member(name);
    int shardCount = committee.shardCount();
    if (raw.peers().size() != shardCount) {
      throw new ConfigException(file + ": 'peers' needs one address per shard (" + shardCount + ")");
    }
    List<Integer> shards = raw.shards() == null ? IntStream.range(0, shardCount).boxed().toList() : List.copyOf(raw.shards());
    for (int shard : shards) {
      if (shard < 0 || shard >= shardCount) {
        throw new ConfigException(file + ": shard " + shard + " is not one of this authority's " + shardCount + " shards");
      }
    }
    // The depth is the committee's, so that wallets count a deposit exactly when authorities credit it.
    int confirmations = committee.depositConfirmations();
    if (raw.primary().confirmations() != null && raw.primary().confirmations() != confirmations) {
      throw new ConfigException(file + ": primary.confirmations (" + raw.primary().confirmations() + ") differs from the committee's"
          + " depositConfirmations (" + confirmations + "); remove it: the committee file sets the depth for everyone");
    }
    long poll = raw.primary().pollMillis() == null ? 200 : raw.primary().pollMillis();
    // TLS is on unless a config turns it off explicitly (local development networks do).
    RawTls tls = raw.tls() == null ? new RawTls(null, null, null, null) : raw.tls();
    boolean tlsOn = tls.enabled() == null || tls.enabled();
    if (tlsOn && (tls.cert() == null || tls.key() == null || tls.ca() == null)) {
      throw new ConfigException(file + ": TLS is on by default and needs tls.cert, tls.key and tls.ca"
          + " (see docs/OPERATIONS.md), or 'tls: {enabled: false}' for local development");
    }
    Tls resolvedTls = new Tls(tlsOn, tlsOn ? base.resolve(tls.cert()) : null, tlsOn ? base.resolve(tls.key()) : null,
        tlsOn ? base.resolve(tls.ca()) : null);
    int metricsPort = raw.metrics() == null || raw.metrics().port() == null ? 0 : raw.metrics().port();
    Path data = base.resolve(raw.data()).normalize();
    Path signing = base.resolve(raw.signing() == null ? "signing" : raw.signing()).normalize();
    if (signing.startsWith(data) || data.startsWith(signing)) {
      throw new ConfigException(file + ": 'signing' (" + signing + ") must lie outside 'data' (" + data
          + "): a restored copy of the data must never bring an old signing record with it");
    }
    long catchUp = raw.catchUpMillis() == null ? 1000 : raw.catchUpMillis();
    if (catchUp < 10 || catchUp > 600_000) {
      throw new ConfigException(file + ": 'catchUpMillis' must be between 10 and 600000");
    }
    return new AuthorityConfig(file, committee, key, name, data, signing, shards, member.shards(),
        List.copyOf(raw.peers()), raw.listen(), new Primary(raw.primary().endpoint(), confirmations, poll), resolvedTls,
        metricsPort, catchUp);
  }

  @Override
  public String toString() {
    // The key stays out of logs.
    return "AuthorityConfig[" + file + ", authority " + name.shortName() + ", shards " + shards + "]";
  }
}
