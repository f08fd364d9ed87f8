package io.quorumpay.authority.config;

import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.config.ConfigException;
import io.quorumpay.api.config.KeyFile;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.ethereum.EthereumSettings;
import io.quorumpay.ethereum.RedeemCountersignature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.web3j.crypto.ECKeyPair;

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
 * # or, with the primary on Ethereum (see EthereumSettings):
 * # primary: {ethereum: {endpoint: http://127.0.0.1:8545, chainId: 31337, contract: 0x5fbd..., fromBlock: 0}, pollMillis: 1000}
 * # countersigningKey: ethereum.key   # the authority's secp256k1 key (owner-only), registered in the contract
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

  /** How this authority follows the primary chain: which one, at what depth, how often. */
  public record Primary(Source source, int confirmations, long pollMillis) {}

  /** The primary chain an authority follows. */
  public sealed interface Source permits DevChain, Ethereum {}

  /** The development chain, a QuorumPay process at {@code endpoint} ({@code host:port}). */
  public record DevChain(String endpoint) implements Source {}

  /**
   * The QuorumPay contract on Ethereum, and this authority's secp256k1 countersigning key (whose
   * address the committee file and the contract register for it).
   */
  public record Ethereum(EthereumSettings settings, ECKeyPair countersigningKey) implements Source {
    @Override
    public String toString() {
      // The key stays out of logs.
      return "Ethereum[" + settings + ", countersigner " + RedeemCountersignature.address(countersigningKey) + "]";
    }
  }

  /** TLS: a certificate and key for this authority's servers, and the CA that signs every node of the network. */
  public record Tls(boolean enabled, Path cert, Path key, Path ca) {}

  record Raw(String committee, String key, String countersigningKey, String data, String signing, List<Integer> shards,
      List<String> peers, String listen, RawPrimary primary, RawTls tls, RawMetrics metrics, Long catchUpMillis) {}

  record RawPrimary(String endpoint, EthereumSettings.Raw ethereum, Integer confirmations, Long pollMillis) {}

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
        || raw.primary() == null || (raw.primary().endpoint() == null) == (raw.primary().ethereum() == null)) {
      throw new ConfigException(file + ": needs 'committee', 'key', 'data', 'peers' and one of 'primary.endpoint' (the dev"
          + " chain) and 'primary.ethereum'");
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
    Source source;
    if (raw.primary().ethereum() != null) {
      if (raw.countersigningKey() == null) {
        throw new ConfigException(file + ": an authority on Ethereum needs 'countersigningKey', its secp256k1 key file");
      }
      ECKeyPair countersigning = ECKeyPair.create(KeyFile.readSecp256k1(base.resolve(raw.countersigningKey())));
      PrimaryAddress registered = member.ethereum().orElseThrow(() -> new ConfigException(file + ": the committee file gives"
          + " no 'ethereum' address for this authority; the contract could not know its countersignatures"));
      if (!RedeemCountersignature.address(countersigning).equals(registered)) {
        throw new ConfigException(file + ": countersigningKey is not the key of this authority's address in the committee"
            + " file (" + registered + ")");
      }
      source = new Ethereum(EthereumSettings.of(raw.primary().ethereum(), file + ": primary.ethereum"), countersigning);
    } else {
      source = new DevChain(raw.primary().endpoint());
    }
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
        List.copyOf(raw.peers()), raw.listen(), new Primary(source, confirmations, poll), resolvedTls,
        metricsPort, catchUp);
  }

  @Override
  public String toString() {
    // The key stays out of logs.
    return "AuthorityConfig[" + file + ", authority " + name.shortName() + ", shards " + shards + "]";
  }
}
