package io.quorumpay.api.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.PrimaryAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The public description of a network, shared by every authority and client: the network, how
 * deep a primary deposit must be before it counts, and each authority's key, weight and shard
 * addresses. YAML:
 *
 * <pre>
 * network: local                 # a name, or 0x and 64 hex digits
 * depositConfirmations: 1        # blocks a primary deposit needs before authorities and wallets count it
 * authorities:
 *   - name: 6f1c...              # the authority's public key, 64 hex digits
 *     weight: 1
 *     shards: [127.0.0.1:7100, 127.0.0.1:7101]
 *     ethereum: 0x19e7...          # optional: the address of its secp256k1 countersigning key (Ethereum primary)
 * </pre>
 *
 * Either every authority has an {@code ethereum} address or none: a network on the dev chain
 * needs none, a contract on Ethereum registers all of them.
 */
public record CommitteeFile(Committee committee, List<Member> members, int depositConfirmations) {
  /**
   * One authority: its name, weight, the client-facing address of each of its shards, and the
   * Ethereum address of its countersigning key if the network has one.
   */
  public record Member(AuthorityName name, long weight, List<String> shards, Optional<PrimaryAddress> ethereum) {
    /** A member without an Ethereum address. */
    public Member(AuthorityName name, long weight, List<String> shards) {
      this(name, weight, shards, Optional.empty());
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = false)
  record Raw(String network, Integer depositConfirmations, List<RawMember> authorities) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RawMember(String name, Long weight, List<String> shards, String ethereum) {}

  /** The YAML reader and writer of config files. */
  public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Reads and checks a committee file. */
  public static CommitteeFile read(Path file) throws ConfigException {
    Raw raw;
    try {
      raw = YAML.readValue(Files.readString(file), Raw.class);
    } catch (IOException e) {
      throw new ConfigException("cannot read committee file " + file + ": " + e.getMessage(), e);
    }
    if (raw == null || raw.network() == null || raw.authorities() == null || raw.authorities().isEmpty()) {
      throw new ConfigException(file + ": needs 'network' and a non-empty 'authorities' list");
    }
    NetworkId network;
    try {
      network = raw.network().startsWith("0x") ? NetworkId.fromHex(raw.network().substring(2)) : NetworkId.named(raw.network());
    } catch (ProtocolException e) {
      throw new ConfigException(file + ": network: " + e.getMessage());
    }
    List<Member> members = new ArrayList<>();
    TreeMap<AuthorityName, Long> weights = new TreeMap<>();
    int shardCount = -1;
    for (RawMember member : raw.authorities()) {
      if (member.name() == null || member.shards() == null || member.shards().isEmpty()) {
        throw new ConfigException(file + ": every authority needs 'name' and 'shards'");
      }
      AuthorityName name;
      try {
        name = new AuthorityName(PublicKey.parseValid(member.name()));
      } catch (ProtocolException e) {
        throw new ConfigException(file + ": authority name " + member.name() + ": " + e.getMessage());
      }
      long weight = member.weight() == null ? 1 : member.weight();
      if (weight <= 0) {
        throw new ConfigException(file + ": authority " + name.shortName() + " needs a positive weight");
      }
      if (weights.put(name, weight) != null) {
        throw new ConfigException(file + ": authority " + name.shortName() + " is listed twice");
      }
      if (shardCount != -1 && shardCount != member.shards().size()) {
        throw new ConfigException(file + ": every authority must run the same number of shards");
      }
      shardCount = member.shards().size();
      Optional<PrimaryAddress> ethereum;
      try {
        ethereum = member.ethereum() == null ? Optional.empty() : Optional.of(PrimaryAddress.parse(member.ethereum()));
      } catch (ProtocolException e) {
        throw new ConfigException(file + ": authority " + name.shortName() + ": ethereum: " + e.getMessage());
      }
      members.add(new Member(name, weight, List.copyOf(member.shards()), ethereum));
    }
    if (members.stream().map(m -> m.ethereum().isPresent()).distinct().count() > 1) {
      throw new ConfigException(file + ": either every authority has an 'ethereum' address or none");
    }
    int depth = raw.depositConfirmations() == null ? 1 : raw.depositConfirmations();
    if (depth < 1 || depth > 1_000_000) {
      throw new ConfigException(file + ": 'depositConfirmations' must be between 1 and 1000000");
    }
    return new CommitteeFile(new Committee(network, weights), List.copyOf(members), depth);
  }

  /** Writes a committee file (used by the local network setup). */
  public static void write(Path file, String network, int depositConfirmations, List<Member> members) throws IOException {
    List<RawMember> raw = members.stream().map(m -> new RawMember(m.name().toString(), m.weight(), m.shards(),
        m.ethereum().map(PrimaryAddress::toString).orElse(null))).toList();
    Files.writeString(file, YAML.writeValueAsString(new Raw(network, depositConfirmations, raw)));
  }

  /** Shards per authority. */
  public int shardCount() {
    return members.get(0).shards().size();
  }

  /**
   * Every authority's countersigning address, in committee order, if the committee file has them;
   * empty for a network without (the dev chain needs none).
   */
  public Optional<Map<AuthorityName, PrimaryAddress>> ethereumSigners() {
    if (members.get(0).ethereum().isEmpty()) {
      return Optional.empty();
    }
    Map<AuthorityName, PrimaryAddress> signers = new LinkedHashMap<>();
    members.forEach(m -> signers.put(m.name(), m.ethereum().orElseThrow()));
    return Optional.of(signers);
  }

  /** The member named {@code name}. */
  public Member member(AuthorityName name) throws ConfigException {
    return members.stream().filter(m -> m.name().equals(name)).findFirst()
        .orElseThrow(() -> new ConfigException("authority " + name.shortName() + " is not in the committee"));
  }
}
