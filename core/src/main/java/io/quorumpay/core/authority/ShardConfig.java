package io.quorumpay.core.authority;

import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.types.AccountId;
import java.util.Objects;

/**
 * Who a shard is: one of {@code shardCount} shards of the authority holding {@code authorityKey},
 * member of {@code committee}.
 */
public record ShardConfig(Committee committee, KeyPair authorityKey, int shard, int shardCount) {
  public ShardConfig {
    Objects.requireNonNull(committee);
    Objects.requireNonNull(authorityKey);
    if (shardCount < 1 || shard < 0 || shard >= shardCount) {
      throw new IllegalArgumentException("shard " + shard + " is not one of " + shardCount + " shards");
    }
    if (!committee.isMember(new AuthorityName(authorityKey.publicKey()))) {
      throw new IllegalArgumentException("this authority key is not a member of the committee");
    }
  }

  public AuthorityName authority() {
    return new AuthorityName(authorityKey.publicKey());
  }

  public ShardAssignment assignment() {
    return new ShardAssignment(shardCount);
  }

  /** Refuses, naming the right shard, an account that this shard does not hold. */
  public void checkOwns(AccountId account) throws ProtocolException {
    int right = assignment().shardOf(account);
    if (right != shard) {
      throw new ProtocolException(new ProtocolError.WrongShard(account, right, shard));
    }
  }
}
