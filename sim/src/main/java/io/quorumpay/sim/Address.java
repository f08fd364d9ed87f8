package io.quorumpay.sim;

/** A node of the simulated network: a shard of an authority, a client, or the primary chain. */
record Address(Kind kind, int index, int shard) implements Comparable<Address> {
  enum Kind { SHARD, CLIENT }

  static Address shard(int authority, int shard) {
    return new Address(Kind.SHARD, authority, shard);
  }

  static Address client(int index) {
    return new Address(Kind.CLIENT, index, 0);
  }

  @Override
  public int compareTo(Address other) {
    int byKind = kind.compareTo(other.kind);
    if (byKind != 0) {
      return byKind;
    }
    return index != other.index ? Integer.compare(index, other.index) : Integer.compare(shard, other.shard);
  }

  @Override
  public String toString() {
    return kind == Kind.SHARD ? "a" + index + "/s" + shard : "c" + index;
  }
}
