package io.quorumpay.authority.local;

import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.config.KeyFile;
import io.quorumpay.authority.tls.CertificateAuthority;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.ethereum.Anvil;
import io.quorumpay.ethereum.EthereumAsset;
import io.quorumpay.ethereum.EthereumNetworkFile;
import io.quorumpay.ethereum.EthereumPrimaryChain;
import io.quorumpay.ethereum.EthereumSettings;
import io.quorumpay.ethereum.RedeemCountersignature;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;
import org.web3j.crypto.ContractUtils;

/**
 * Writes a local development network into a folder: two keys per authority (owner-only: its
 * Ed25519 key and its secp256k1 countersigning key for an Ethereum primary, whose address the
 * committee file lists), the committee file, one config file per authority with a data directory
 * each, and the primary's settings: primary.yaml for the dev chain, or ethereum.yaml for a local
 * anvil that {@link LocalNetworkRunner} starts and deploys the contract on (anvil's first dev
 * account deploys and sends wallets' transactions; its contract address is known in advance, so
 * every config is written here). Everything listens on 127.0.0.1. With {@code tls}, a private CA signs a certificate for
 * every node: clients use TLS, shards of one authority mutual TLS; without, plaintext (local
 * development only).
 *
 * <pre>
 * committee.yaml
 * primary.yaml, primary/data/, primary/tls/
 * tls/ca.crt, tls/ca.key         (with TLS)
 * ethereum.yaml, ethereum/account.key, ethereum/anvil-state.json   (instead of primary.yaml, with Ethereum)
 * authority-0/authority.yaml, authority-0/authority.key, authority-0/ethereum.key, authority-0/data/, authority-0/signing/
 * ...
 * </pre>
 */
public final class LocalNetwork {
  private LocalNetwork() {}

  /** Which primary chain a network runs on. */
  public enum PrimaryKind {
    /** The embedded development chain, as its own process. */
    DEV,
    /** The QuorumPay contract on a local anvil. */
    ETHEREUM
  }

  /**
   * What was written. {@code primaryFile} is primary.yaml or ethereum.yaml; {@code primaryEndpoint}
   * is {@code host:port} of the dev chain or of anvil.
   */
  public record Layout(Path dir, PrimaryKind primary, Path committeeFile, Path primaryFile, List<Path> authorityFiles,
      String primaryEndpoint, Optional<Path> caFile) {}

  /** The asset a local Ethereum network registers: QPC in ETH, one QPC is 1 gwei. */
  public static final EthereumAsset ETHEREUM_QPC = EthereumAsset.ether(new AssetId("QPC"), BigInteger.TEN.pow(9));
  /** Blocks a deposit needs on a local Ethereum network (anvil mines one a second). */
  static final int ETHEREUM_CONFIRMATIONS = 2;

  /**
   * A name no other network has: {@code prefix} and 64 random bits. Every network made by
   * {@code qp net init}, {@code qp up} or the demo is its own, so a wallet bound to one (by its
   * committee) is never taken for a wallet of another.
   */
  public static String uniqueName(String prefix) {
    return prefix + "-" + java.util.HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
  }

  /** The layout of a network already written in {@code dir}. */
  public static Layout open(Path dir) throws IOException {
    Path committeeFile = dir.resolve("committee.yaml");
    Path primaryFile = dir.resolve("primary.yaml");
    Path ethereumFile = dir.resolve(EthereumNetworkFile.NAME);
    if (!Files.isRegularFile(committeeFile) || (!Files.isRegularFile(primaryFile) && !Files.isRegularFile(ethereumFile))) {
      throw new IOException("no network in " + dir + "; write one with qp net init");
    }
    List<Path> authorityFiles = new ArrayList<>();
    for (int a = 0; Files.isRegularFile(dir.resolve("authority-" + a + "/authority.yaml")); a++) {
      authorityFiles.add(dir.resolve("authority-" + a + "/authority.yaml"));
    }
    Path ca = dir.resolve("tls/ca.crt");
    Optional<Path> caFile = Files.isRegularFile(ca) ? Optional.of(ca) : Optional.empty();
    if (Files.isRegularFile(ethereumFile)) {
      String endpoint = URI.create(CommitteeFile.YAML.readTree(ethereumFile.toFile()).path("endpoint").asText()).getAuthority();
      return new Layout(dir, PrimaryKind.ETHEREUM, committeeFile, ethereumFile, List.copyOf(authorityFiles), endpoint, caFile);
    }
    String listen = String.valueOf(CommitteeFile.YAML.readTree(primaryFile.toFile()).path("listen").asText());
    return new Layout(dir, PrimaryKind.DEV, committeeFile, primaryFile, List.copyOf(authorityFiles), listen, caFile);
  }

  /**
   * Writes a network of {@code authorities} authorities with {@code shards} shards each, taking
   * ports from {@code ports} (sequential from a base for a fixed layout, or free ports in tests).
   */
  public static Layout init(Path dir, String network, int authorities, int shards, boolean tls, IntSupplier ports)
      throws IOException {
    return init(dir, network, authorities, shards, tls, PrimaryKind.DEV, ports);
  }

  /** Like {@link #init(Path, String, int, int, boolean, IntSupplier)}, on the primary {@code kind}. */
  public static Layout init(Path dir, String network, int authorities, int shards, boolean tls, PrimaryKind kind,
      IntSupplier ports) throws IOException {
    if (Files.exists(dir.resolve("committee.yaml"))) {
      throw new IOException(dir + " already holds a network (committee.yaml exists); choose another folder or delete it");
    }
    Files.createDirectories(dir);
    SecureRandom random = new SecureRandom();
    List<String> hosts = List.of("127.0.0.1", "localhost");
    CertificateAuthority ca = tls
        ? CertificateAuthority.create(network + " network CA", dir.resolve("tls/ca.crt"), dir.resolve("tls/ca.key"))
        : null;
    String primaryEndpoint = "127.0.0.1:" + ports.getAsInt();
    Credentials deployer = Credentials.create(Anvil.DEV_KEYS.get(0));
    // A fresh anvil's first contract from the deployer (nonce 0) lands here.
    EthereumSettings ethereum = new EthereumSettings("http://" + primaryEndpoint, Anvil.CHAIN_ID,
        new PrimaryAddress(Bytes.copyOf(Numeric.hexStringToByteArray(
            ContractUtils.generateContractAddress(deployer.getAddress(), BigInteger.ZERO)))), 0, 5_000,
        EthereumPrimaryChain.DEFAULT_MAX_BLOCK_RANGE);
    List<CommitteeFile.Member> members = new ArrayList<>();
    List<Path> authorityFiles = new ArrayList<>();
    for (int a = 0; a < authorities; a++) {
      KeyPair key = KeyPair.generate(random);
      Path home = dir.resolve("authority-" + a);
      KeyFile.write(home.resolve("authority.key"), key);
      ECKeyPair countersigning = countersigningKey(random);
      KeyFile.writeSecp256k1(home.resolve("ethereum.key"), Numeric.toBytesPadded(countersigning.getPrivateKey(), 32));
      List<String> clientAddresses = new ArrayList<>();
      List<String> peerAddresses = new ArrayList<>();
      for (int s = 0; s < shards; s++) {
        clientAddresses.add("127.0.0.1:" + ports.getAsInt());
        peerAddresses.add("127.0.0.1:" + ports.getAsInt());
      }
      members.add(new CommitteeFile.Member(new AuthorityName(key.publicKey()), 1, clientAddresses,
          Optional.of(RedeemCountersignature.address(countersigning))));
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("committee", "../committee.yaml");
      config.put("key", "authority.key");
      if (kind == PrimaryKind.ETHEREUM) {
        config.put("countersigningKey", "ethereum.key");
      }
      config.put("data", "data");
      config.put("signing", "signing");
      config.put("peers", peerAddresses);
      config.put("primary", switch (kind) {
        case DEV -> Map.of("endpoint", primaryEndpoint, "pollMillis", 100);
        case ETHEREUM -> Map.of("ethereum", ethereum.toYaml(), "pollMillis", 200);
      });
      if (ca != null) {
        ca.issue("authority-" + a, hosts, home.resolve("tls/node.crt"), home.resolve("tls/node.key"));
        config.put("tls", Map.of("enabled", true, "cert", "tls/node.crt", "key", "tls/node.key", "ca", "../tls/ca.crt"));
      } else {
        config.put("tls", Map.of("enabled", false));
      }
      config.put("metrics", Map.of("port", 0));
      Path file = home.resolve("authority.yaml");
      Files.writeString(file, CommitteeFile.YAML.writeValueAsString(config));
      authorityFiles.add(file);
    }
    Path committeeFile = dir.resolve("committee.yaml");
    CommitteeFile.write(committeeFile, network, kind == PrimaryKind.ETHEREUM ? ETHEREUM_CONFIRMATIONS : 1, members);
    Optional<Path> caFile = Optional.ofNullable(ca == null ? null : dir.resolve("tls/ca.crt"));
    if (kind == PrimaryKind.ETHEREUM) {
      KeyFile.writeSecp256k1(dir.resolve("ethereum/account.key"), Numeric.hexStringToByteArray(Anvil.DEV_KEYS.get(0)));
      Path file = dir.resolve(EthereumNetworkFile.NAME);
      EthereumNetworkFile.write(file, ethereum, "ethereum/account.key", Optional.of("ethereum/anvil-state.json"), 1);
      return new Layout(dir, kind, committeeFile, file, List.copyOf(authorityFiles), primaryEndpoint, caFile);
    }
    Path primaryFile = dir.resolve("primary.yaml");
    Map<String, Object> primary = new LinkedHashMap<>();
    primary.put("committee", "committee.yaml");
    primary.put("data", "primary/data");
    primary.put("listen", primaryEndpoint);
    primary.put("blockMillis", 200);
    if (ca != null) {
      ca.issue("primary", hosts, dir.resolve("primary/tls/node.crt"), dir.resolve("primary/tls/node.key"));
      primary.put("tls", Map.of("enabled", true, "cert", "primary/tls/node.crt", "key", "primary/tls/node.key"));
    } else {
      primary.put("tls", Map.of("enabled", false));
    }
    Files.writeString(primaryFile, CommitteeFile.YAML.writeValueAsString(primary));
    return new Layout(dir, kind, committeeFile, primaryFile, List.copyOf(authorityFiles), primaryEndpoint, caFile);
  }

  private static ECKeyPair countersigningKey(SecureRandom random) throws IOException {
    try {
      return Keys.createEcKeyPair(random);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot make a secp256k1 key: " + e.getMessage(), e);
    }
  }
}
