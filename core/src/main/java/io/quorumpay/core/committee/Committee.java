package io.quorumpay.core.committee;

import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.types.NetworkId;
import java.util.Collections;
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
public record Committee(NetworkId network, NavigableMap<AuthorityName, Long> weights) {

  public Committee {
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
    weights = Collections.unmodifiableNavigableMap(new TreeMap<>(weights));
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
    return 2 * totalWeight() / 3 + 1;
  }

  /** The smallest weight that is at least one third of the total (so it contains an honest authority). */
  public long validityThreshold() {
    return (totalWeight() + 2) / 3;
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
}
