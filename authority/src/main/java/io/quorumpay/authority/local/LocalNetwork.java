package io.quorumpay.authority.local;

import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.config.KeyFile;
import io.quorumpay.authority.tls.CertificateAuthority;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.crypto.KeyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * Writes a local development network into a folder: a key per authority (owner-only), the
 * committee file, one config file per authority with a data directory each, and the primary's
 * settings. Everything listens on 127.0.0.1. With {@code tls}, a private CA signs a certificate for
 * every node: clients use TLS, shards of one authority mutual TLS; without, plaintext (local
 * development only).
 *
 * <pre>
 * committee.yaml
 * primary.yaml, primary/data/, primary/tls/
 * tls/ca.crt, tls/ca.key         (with TLS)
 * authority-0/authority.yaml, authority-0/authority.key, authority-0/data/, authority-0/signing/
 * ...
 * </pre>
 */
public final class LocalNetwork {
  private LocalNetwork() {}

  /** What was written. */
  public record Layout(Path dir, Path committeeFile, Path primaryFile, List<Path> authorityFiles, String primaryEndpoint,
      Optional<Path> caFile) {}

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
    if (!Files.isRegularFile(committeeFile) || !Files.isRegularFile(primaryFile)) {
      throw new IOException("no network in " + dir + "; write one with qp net init");
    }
    List<Path> authorityFiles = new ArrayList<>();
    for (int a = 0; Files.isRegularFile(dir.resolve("authority-" + a + "/authority.yaml")); a++) {
      authorityFiles.add(dir.resolve("authority-" + a + "/authority.yaml"));
    }
    String listen = String.valueOf(CommitteeFile.YAML.readTree(primaryFile.toFile()).path("listen").asText());
    Path ca = dir.resolve("tls/ca.crt");
    return new Layout(dir, committeeFile, primaryFile, List.copyOf(authorityFiles), listen,
        Files.isRegularFile(ca) ? Optional.of(ca) : Optional.empty());
  }

  /**
   * Writes a network of {@code authorities} authorities with {@code shards} shards each, taking
   * ports from {@code ports} (sequential from a base for a fixed layout, or free ports in tests).
   */
  public static Layout init(Path dir, String network, int authorities, int shards, boolean tls, IntSupplier ports)
      throws IOException {
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
    List<CommitteeFile.Member> members = new ArrayList<>();
    List<Path> authorityFiles = new ArrayList<>();
    for (int a = 0; a < authorities; a++) {
      KeyPair key = KeyPair.generate(random);
      Path home = dir.resolve("authority-" + a);
      KeyFile.write(home.resolve("authority.key"), key);
      List<String> clientAddresses = new ArrayList<>();
      List<String> peerAddresses = new ArrayList<>();
      for (int s = 0; s < shards; s++) {
        clientAddresses.add("127.0.0.1:" + ports.getAsInt());
        peerAddresses.add("127.0.0.1:" + ports.getAsInt());
      }
      members.add(new CommitteeFile.Member(new AuthorityName(key.publicKey()), 1, clientAddresses));
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("committee", "../committee.yaml");
      config.put("key", "authority.key");
      config.put("data", "data");
      config.put("signing", "signing");
      config.put("peers", peerAddresses);
      config.put("primary", Map.of("endpoint", primaryEndpoint, "pollMillis", 100));
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
    CommitteeFile.write(committeeFile, network, 1, members);
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
    return new Layout(dir, committeeFile, primaryFile, List.copyOf(authorityFiles), primaryEndpoint,
        Optional.ofNullable(ca == null ? null : dir.resolve("tls/ca.crt")));
  }
}
