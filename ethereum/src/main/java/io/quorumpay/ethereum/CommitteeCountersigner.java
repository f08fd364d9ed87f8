package io.quorumpay.ethereum;

import com.google.protobuf.ByteString;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.quorumpay.api.AuthorityGrpc;
import io.quorumpay.api.CountersignReply;
import io.quorumpay.api.CountersignRequest;
import io.quorumpay.api.RpcErrors;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.authority.ShardAssignment;
import io.quorumpay.core.types.PrimaryAddress;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Gets a redeem's countersignatures from the committee over gRPC (the {@code Countersign} call of
 * each authority's shard that holds the sender): asks every authority, keeps a countersignature
 * only if it is for the asked chain and contract and recovers to the address the committee file
 * registers for that authority, and stops as soon as the kept ones reach a quorum of weight. At
 * most {@code rounds} rounds, each bounded by {@code deadline}. When the authorities that refused
 * leave no quorum possible, their refusal is the answer (a ProtocolException with its code);
 * otherwise, out of rounds, an IOException says who did not answer and why.
 */
public final class CommitteeCountersigner implements Countersigner {
  private final CommitteeFile committee;
  private final Map<AuthorityName, PrimaryAddress> signers;
  private final ChannelCredentials credentials;
  private final Duration deadline;
  private final int rounds;
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  /**
   * Countersigning by the authorities of {@code committee} (whose file must give every authority's
   * {@code ethereum} address), reached with {@code credentials}.
   */
  public CommitteeCountersigner(CommitteeFile committee, ChannelCredentials credentials, Duration deadline, int rounds)
      throws IOException {
    this.committee = committee;
    this.signers = committee.ethereumSigners().orElseThrow(() -> new IOException(
        "the committee file gives no 'ethereum' address for its authorities: it is not a network on Ethereum"));
    this.credentials = Objects.requireNonNull(credentials);
    this.deadline = deadline;
    this.rounds = Math.max(1, rounds);
  }

  @Override
  public List<RedeemCountersignature> countersign(VerifiedCertificate certificate, long chainId, PrimaryAddress contract)
      throws ProtocolException, IOException {
    TransferOrder order = certificate.redeemOrder();
    int shard = new ShardAssignment(committee.shardCount()).shardOf(order.sender());
    CountersignRequest request = CountersignRequest.newBuilder()
        .setCertificate(ByteString.copyFrom(certificate.certificate().encode())).build();
    long quorum = committee.committee().quorumThreshold();
    long total = committee.committee().totalWeight();
    Map<AuthorityName, RedeemCountersignature> kept = new LinkedHashMap<>();
    Map<AuthorityName, String> missing = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      Map<AuthorityName, Future<CountersignReply>> asked = new LinkedHashMap<>();
      for (CommitteeFile.Member member : committee.members()) {
        if (!kept.containsKey(member.name())) {
          asked.put(member.name(), AuthorityGrpc.newFutureStub(channel(member.shards().get(shard)))
              .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS).countersign(request));
        }
      }
      Map<AuthorityName, ProtocolError> refused = new LinkedHashMap<>();
      long refusedWeight = 0;
      for (Map.Entry<AuthorityName, Future<CountersignReply>> answer : asked.entrySet()) {
        AuthorityName name = answer.getKey();
        try {
          CountersignReply reply = answer.getValue().get(deadline.toMillis() + 1000, TimeUnit.MILLISECONDS);
          RedeemCountersignature countersignature = accept(name, reply, order, chainId, contract);
          if (countersignature == null) {
            missing.put(name, "answered a countersignature that is not its own for this contract");
          } else {
            kept.put(name, countersignature);
            missing.remove(name);
          }
        } catch (ExecutionException e) {
          var refusal = RpcErrors.refusal(e.getCause());
          if (refusal.isPresent()) {
            refused.put(name, refusal.get());
            refusedWeight += committee.committee().weights().get(name);
          }
          missing.put(name, refusal.map(ProtocolError::message).orElse(String.valueOf(e.getCause().getMessage())));
        } catch (TimeoutException e) {
          answer.getValue().cancel(true);
          missing.put(name, "no answer in time");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while gathering countersignatures", e);
        }
      }
      if (weight(kept) >= quorum) {
        return new ArrayList<>(kept.values());
      }
      if (refusedWeight > total - quorum) {
        // Too many honest refusals for a quorum ever to countersign: the refusal is the answer.
        throw new ProtocolException(refused.values().iterator().next());
      }
    }
    throw new IOException("only weight " + weight(kept) + " of the " + quorum + " needed countersigned the redeem; "
        + missing.entrySet().stream().map(e -> e.getKey().shortName() + ": " + e.getValue()).toList());
  }

  private RedeemCountersignature accept(AuthorityName name, CountersignReply reply, TransferOrder order,
      long chainId, PrimaryAddress contract) {
    if (reply.getChainId() != chainId || reply.getSigner().size() != PrimaryAddress.SIZE
        || reply.getSignature().size() != RedeemCountersignature.SIZE
        || !Bytes.copyOf(reply.getContract().toByteArray()).equals(contract.bytes())) {
      return null;
    }
    PrimaryAddress signer = new PrimaryAddress(Bytes.copyOf(reply.getSigner().toByteArray()));
    RedeemCountersignature countersignature = new RedeemCountersignature(signer, reply.getSignature().toByteArray());
    return signer.equals(signers.get(name)) && countersignature.verifies(chainId, contract, order)
        ? countersignature : null;
  }

  private long weight(Map<AuthorityName, RedeemCountersignature> kept) {
    return kept.keySet().stream().mapToLong(name -> committee.committee().weights().get(name)).sum();
  }

  private ManagedChannel channel(String address) {
    return channels.computeIfAbsent(address, a -> Grpc.newChannelBuilder(a, credentials).build());
  }

  /** Closes the connections to the authorities. */
  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
  }

  @Override
  public String toString() {
    return "CommitteeCountersigner[" + committee.members().size() + " authorities]";
  }
}
