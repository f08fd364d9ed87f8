package io.quorumpay.channels.claims;

import io.quorumpay.channels.directory.ChannelDirectory;
import io.quorumpay.channels.policy.ChannelView;
import io.quorumpay.channels.policy.PendingClaim;
import java.io.IOException;

/**
 * Sends a claim to the committee: builds the claim order (the channel's recipient claims
 * {@code claim.actual()} at {@code claim.nonce()} with the buyer's signed
 * {@code claim.authorization()}), gets it certified and confirmed. The committee-backed implementation lives with the client kit; the
 * seller learns the outcome from the channel's nonce moving past the claim's in its
 * {@link ChannelDirectory}. Must be idempotent: a claim in flight is submitted again after a restart.
 */
public interface ClaimSubmitter {
  /** Starts (or resumes) getting {@code claim} certified; returns without waiting for the certificate. */
  void submit(ChannelView channel, PendingClaim claim) throws IOException;
}
