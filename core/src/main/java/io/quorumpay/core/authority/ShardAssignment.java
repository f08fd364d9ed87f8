package io.quorumpay.core.authority;

import io.quorumpay.core.types.AccountId;

/**
 * Which shard of an authority holds an account: the first 8 bytes of the account's public key,
 * read as an unsigned big-endian integer, modulo the number of shards. Keys are uniformly
 * distributed, so shards fill evenly; the rule is simple to implement in any language.
 */
public record ShardAssignment(int shardCount) {
  public ShardAssignment {
    if (shardCount < 1) {
      throw new IllegalArgumentException("an authority has at least one shard");
    }
  }

  public int shardOf(AccountId account) {
    long prefix = 0;
    for (int i = 0; i < 8; i++) {
      prefix = (prefix << 8) | (account.key().bytes().get(i) & 0xff);
    }
    return (int) Long.remainderUnsigned(prefix, shardCount);
  }
}
