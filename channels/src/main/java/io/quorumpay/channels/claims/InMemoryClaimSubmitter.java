package io.quorumpay.channels.claims;

import io.quorumpay.channels.policy.ChannelView;
import io.quorumpay.channels.policy.PendingClaim;
import java.util.ArrayList;
import java.util.List;

/** Records the claims submitted, for tests and local runs without a committee. */
public final class InMemoryClaimSubmitter implements ClaimSubmitter {
  private static final int MAX_KEPT = 100_000;
  private final List<PendingClaim> submitted = new ArrayList<>();

  @Override
  public synchronized void submit(ChannelView channel, PendingClaim claim) {
    if (submitted.size() < MAX_KEPT) {
      submitted.add(claim);
    }
  }

  /** The claims submitted so far, in order. */
  public synchronized List<PendingClaim> submitted() {
    return List.copyOf(submitted);
  }
}
