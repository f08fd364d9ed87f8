package io.quorumpay.channels.claims;

import io.quorumpay.channels.directory.CommitteeChannelDirectory;
import io.quorumpay.channels.policy.Authorization;
import io.quorumpay.channels.policy.ChannelView;
import io.quorumpay.channels.policy.PendingClaim;
import io.quorumpay.client.PayKit;
import io.quorumpay.client.PayKitException;
import io.quorumpay.core.messages.PaymentAuthorization;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.SequenceNumber;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends claims with the seller's wallet: {@code PayKit.claim} signs the claim at the claim's nonce,
 * carrying the highest authorization as the planned amount and paying the seller what was served
 * there ({@link PendingClaim#actual()}; the rest stays in the channel), with the seller's account
 * key, gets it certified and confirmed, in the background; then the directory reads the channel
 * again, which shows its nonce past the claim. Submitting a claim again is safe: the wallet returns
 * the certificate it already holds, and a claim already on its way is not sent twice at once. A
 * failure is logged; the claim stays in flight in the ledger, and {@link Claims#resume()} sends it again.
 */
public final class CommitteeClaimSubmitter implements ClaimSubmitter, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CommitteeClaimSubmitter.class);

  private record InFlight(ChannelId channel, long nonce) {}

  private final PayKit seller;
  private final CommitteeChannelDirectory directory;
  private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();
  private final ExecutorService sender = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("claims").factory());

  /** Claims with the wallet {@code seller}, refreshing {@code directory} after each. */
  public CommitteeClaimSubmitter(PayKit seller, CommitteeChannelDirectory directory) {
    this.seller = seller;
    this.directory = directory;
  }

  @Override
  public void submit(ChannelView channel, PendingClaim claim) {
    InFlight key = new InFlight(channel.id(), claim.nonce());
    if (!inFlight.add(key)) {
      return;
    }
    Authorization authorization = claim.authorization();
    sender.execute(() -> {
      try {
        seller.claim(channel.sender(), new PaymentAuthorization(seller.network(), channel.id(), new SequenceNumber(claim.nonce()),
            new Amount(authorization.amount())), authorization.signature(), new Amount(claim.actual()), Amount.ZERO);
        directory.refresh(channel.id());
        log.info("claim certified on channel {} at nonce {} for {} (authorized {})", channel.id(), claim.nonce(), claim.actual(),
            authorization.amount());
      } catch (PayKitException | RuntimeException e) {
        log.warn("claim on channel {} at nonce {} not certified yet: {}", channel.id(), claim.nonce(), e.getMessage());
      } finally {
        inFlight.remove(key);
      }
    });
  }

  @Override
  public void close() {
    sender.shutdownNow();
  }
}
