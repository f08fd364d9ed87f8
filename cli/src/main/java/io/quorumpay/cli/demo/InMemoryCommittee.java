package io.quorumpay.cli.demo;

import io.quorumpay.core.authority.AccountState;
import io.quorumpay.core.authority.ShardAssignment;
import io.quorumpay.core.authority.ShardConfig;
import io.quorumpay.core.authority.ShardState;
import io.quorumpay.core.client.VoteCollector;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.CrossShardCredit;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.SignedTransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.messages.VerifiedOrder;
import io.quorumpay.core.primary.PrimaryContract;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.AssetId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A whole committee in one process, in memory: every authority's shards as state machines, with
 * messages delivered by direct calls. For the demo; the real network runs each shard behind gRPC.
 */
public final class InMemoryCommittee {
  private final Committee committee;
  private final ShardAssignment assignment;
  private final List<List<ShardState>> authorities = new ArrayList<>();

  public InMemoryCommittee(Committee committee, List<KeyPair> authorityKeys, int shardCount) {
    this.committee = committee;
    this.assignment = new ShardAssignment(shardCount);
    for (KeyPair key : authorityKeys) {
      List<ShardState> shards = new ArrayList<>();
      for (int shard = 0; shard < shardCount; shard++) {
        shards.add(ShardState.create(new ShardConfig(committee, key, shard, shardCount)));
      }
      authorities.add(shards);
    }
  }

  public int size() {
    return authorities.size();
  }

  /** Each shard of each authority applies the primary's deposits it has not applied yet. */
  public void followPrimary(PrimaryContract primary) throws ProtocolException {
    for (List<ShardState> shards : authorities) {
      for (ShardState shard : shards) {
        for (PrimaryDeposit deposit : primary.deposits(shard.progress().nextDepositIndex(), Integer.MAX_VALUE)) {
          shard.handleDeposit(deposit);
        }
        shard.takeWrites();
      }
    }
  }

  /** Asks every authority for its vote until a quorum forms; returns the certificate. */
  public Certificate certify(SignedTransferOrder order) throws ProtocolException {
    VerifiedOrder verified = VerifiedOrder.check(order, committee.network());
    VoteCollector votes = new VoteCollector(committee, order.order());
    Optional<Certificate> certificate = Optional.empty();
    for (int a = 0; a < authorities.size() && certificate.isEmpty(); a++) {
      ShardState shard = shardOf(a, order.order().sender());
      certificate = votes.add(shard.handleTransferOrder(verified));
      shard.takeWrites();
    }
    return certificate.orElseThrow();
  }

  /** Sends the certificate to every authority and delivers the cross-shard credits it causes. */
  public void confirm(Certificate certificate) throws ProtocolException {
    VerifiedCertificate verified = VerifiedCertificate.check(certificate, committee);
    for (int a = 0; a < authorities.size(); a++) {
      ShardState shard = shardOf(a, certificate.order().sender());
      shard.handleConfirmation(verified);
      shard.takeWrites();
      deliverCredits(authorities.get(a));
    }
  }

  private void deliverCredits(List<ShardState> shards) throws ProtocolException {
    for (ShardState from : shards) {
      for (ShardState to : shards) {
        if (from == to) {
          continue;
        }
        int dest = to.config().shard();
        for (CrossShardCredit credit : from.pendingCredits(dest)) {
          to.handleCrossShardCredit(credit.sourceShard(), credit.destShard(), credit.index(),
              VerifiedCertificate.check(credit.certificate(), committee));
        }
        from.acknowledgeCredits(dest, to.progress().nextInboxIndex().get(from.config().shard()));
        from.takeWrites();
        to.takeWrites();
      }
    }
  }

  /** The account as authority {@code authority} knows it. */
  public AccountState account(int authority, AccountId account) {
    return shardOf(authority, account).account(account);
  }

  public int shardOf(AccountId account) {
    return assignment.shardOf(account);
  }

  /** One authority's books for one asset, summed over its shards. */
  public record Books(long balances, long redeemed, long deposited) {
    /** Money is conserved: balances + redeemed = deposited. */
    public boolean balanced() {
      return balances + redeemed == deposited;
    }
  }

  /** Authority {@code authority}'s books for {@code asset}. */
  public Books books(int authority, AssetId asset) {
    long balances = 0;
    long redeemed = 0;
    long deposited = 0;
    for (ShardState shard : authorities.get(authority)) {
      balances += shard.accounts().values().stream().mapToLong(s -> s.balance(asset)).sum();
      redeemed += shard.progress().redeemed().getOrDefault(asset, 0L);
      deposited += shard.progress().deposited().getOrDefault(asset, 0L);
    }
    return new Books(balances, redeemed, deposited);
  }

  private ShardState shardOf(int authority, AccountId account) {
    return authorities.get(authority).get(assignment.shardOf(account));
  }
}
