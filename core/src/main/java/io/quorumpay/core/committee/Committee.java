package io.quorumpay.core.committee;

import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.crypto.Ed25519;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.types.NetworkId;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The authorities of one network and their voting weights.
 *
 * <p>With total weight {@code N}, a <em>quorum</em> is more than 2N/3 and <em>validity</em> is at
 * least N/3. Any two quorums share a validity's worth of weight, so as long as less than N/3 is
 * faulty, two quorums always share an honest authority: two conflicting certificates cannot exist.
 */
public final class Committee {
  private final NetworkId network;
  private final NavigableMap<AuthorityName, Long> weights;
  /** Each member's key decoded once: votes are checked against these on every certificate. */
  private final Map<AuthorityName, Ed25519.Verifier> verifiers = new HashMap<>();

  public Committee(NetworkId network, NavigableMap<AuthorityName, Long> weights) {
    Objects.requireNonNull(network);
    if (weights.isEmpty()) {
      throw new IllegalArgumentException("a committee has at least one authority");
    }
    long total = 0;
    for (Map.Entry<AuthorityName, Long> entry : weights.entrySet()) {
      if (entry.getValue() <= 0) {
        throw new IllegalArgumentException("authority " + entry.getKey() + " has non-positive weight " + entry.getValue());
      }
      total = Math.addExact(total, entry.getValue());
    }
    if (total > Long.MAX_VALUE / 2) {
      throw new IllegalArgumentException("total weight is too large");
    }
    this.network = network;
    this.weights = Collections.unmodifiableNavigableMap(new TreeMap<>(weights));
    for (AuthorityName name : this.weights.keySet()) {
      Ed25519.Verifier verifier = Ed25519.Verifier.of(name.key());
      if (verifier != null) {
        verifiers.put(name, verifier);
      }
    }
  }

  public NetworkId network() {
    return network;
  }

  public NavigableMap<AuthorityName, Long> weights() {
    return weights;
  }

  /** True when {@code signature} over {@code message} is the member {@code name}'s (false for non-members). */
  public boolean verifies(AuthorityName name, byte[] message, Signature signature) {
    Ed25519.Verifier verifier = verifiers.get(name);
    return verifier != null && verifier.verifies(message, signature);
  }

  /** A committee where every authority has weight 1. */
  public static Committee equalWeights(NetworkId network, Iterable<AuthorityName> names) {
    TreeMap<AuthorityName, Long> weights = new TreeMap<>();
    for (AuthorityName name : names) {
      weights.put(name, 1L);
    }
    return new Committee(network, weights);
  }

  public long totalWeight() {
    return weights.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The smallest weight that is more than two thirds of the total. */
  public long quorumThreshold() {
    return quorumThreshold(totalWeight());
  }

  /** The smallest weight that is more than two thirds of {@code totalWeight}. */
  public static long quorumThreshold(long totalWeight) {
    return 2 * totalWeight / 3 + 1;
  }

  /** The smallest weight that is at least one third of the total (so it contains an honest authority). */
  public long validityThreshold() {
    return (totalWeight() + 2) / 3;
  }

  /** The members in committee order (by name): a member's position here is its index. */
  public List<AuthorityName> members() {
    return List.copyOf(weights.keySet());
  }

  /**
   * A digest of this committee: SHA-256 of the network id and, in committee order, each member's
   * name and weight. Two committees with the same digest are the same committee.
   */
  public Bytes digest() {
    try {
      java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
      sha256.update(network.bytes().toArray());
      for (Map.Entry<AuthorityName, Long> member : weights.entrySet()) {
        sha256.update(member.getKey().key().bytes().toArray());
        sha256.update(java.nio.ByteBuffer.allocate(8).putLong(member.getValue()).array());
      }
      return Bytes.copyOf(sha256.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** The position of {@code name} in {@link #members()}, or -1 for a non-member. */
  public int indexOf(AuthorityName name) {
    return weights.containsKey(name) ? weights.headMap(name, false).size() : -1;
  }

  public boolean isMember(AuthorityName name) {
    return weights.containsKey(name);
  }

  /** The weight of {@code name}; refuses non-members with a typed error. */
  public long weight(AuthorityName name) throws ProtocolException {
    Long weight = weights.get(name);
    if (weight == null) {
      throw new ProtocolException(new ProtocolError.UnknownAuthority(name.shortName()));
    }
    return weight;
  }

  public int size() {
    return weights.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Committee other && network.equals(other.network) && weights.equals(other.weights);
  }

  @Override
  public int hashCode() {
    return Objects.hash(network, weights);
  }

  @Override
  public String toString() {
    return "Committee[network=" + network + ", " + weights.size() + " authorities, total weight " + totalWeight() + "]";
  }
}
