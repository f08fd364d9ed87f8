package io.quorumpay.channels.claims;

import io.quorumpay.channels.directory.ChannelDirectory;
import io.quorumpay.channels.directory.PrimaryHeight;
import io.quorumpay.channels.ledger.ChannelLedger;
import io.quorumpay.channels.policy.Authorization;
import io.quorumpay.channels.policy.ChannelRecord;
import io.quorumpay.channels.policy.ChannelRefusal;
import io.quorumpay.channels.policy.ChannelView;
import io.quorumpay.channels.policy.PaymentPolicy;
import io.quorumpay.channels.policy.PendingClaim;
import io.quorumpay.core.types.ChannelId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seller's claims: listing what is unclaimed and what is in flight, starting a claim (the
 * claim record and the nonce bump are one record written by compare-and-set, see {@link ClaimPolicy}),
 * and the automatic policy ({@link #tick()}): finish claims whose certificate was seen, start those
 * that are due. A claim in flight survives a restart: {@link #resume()} submits every one again.
 */
public final class Claims {
  private static final Logger log = LoggerFactory.getLogger(Claims.class);
  /** Most channels one listing or one tick looks at. */
  public static final int PAGE = 10_000;

  private final ChannelLedger ledger;
  private final ChannelDirectory directory;
  private final PrimaryHeight height;
  private final ClaimSubmitter submitter;
  private final ClaimPolicy.Thresholds thresholds;

  /**
   * A channel with what can be claimed (or is being claimed) on it: the highest authorization at
   * {@code nonce} and what the claim takes, {@code served} (the price of the calls served there).
   */
  public record Claimable(ChannelView channel, long nonce, Authorization authorization, long served) {
    public Claimable {
      Objects.requireNonNull(channel);
      Objects.requireNonNull(authorization);
    }
  }

  /** What the seller holds on a channel: its nonce and the highest authorization there (empty: none yet). */
  public record Held(ChannelView channel, long nonce, Optional<Authorization> highest) {
    public Held {
      Objects.requireNonNull(channel);
      Objects.requireNonNull(highest);
    }
  }

  /** Outcome of starting a claim. */
  public sealed interface Outcome {
    record Started(ChannelView channel, PendingClaim claim) implements Outcome {}

    record Refused(ChannelRefusal refusal) implements Outcome {}
  }

  /** Claims over {@code ledger}'s records, submitted through {@code submitter}, automatically at {@code thresholds}. */
  public Claims(ChannelLedger ledger, ChannelDirectory directory, PrimaryHeight height, ClaimSubmitter submitter,
      ClaimPolicy.Thresholds thresholds) {
    this.ledger = ledger;
    this.directory = directory;
    this.height = height;
    this.submitter = submitter;
    this.thresholds = thresholds;
  }

  /** Channels with served calls not claimed yet (at most {@link #PAGE}). */
  public List<Claimable> unclaimed() throws ChannelLedger.LedgerException {
    List<Claimable> out = new ArrayList<>();
    for (ChannelLedger.Entry e : ledger.list(PAGE)) {
      Optional<ChannelView> view = directory.channel(e.channel());
      if (view.isPresent()) {
        ChannelRecord record = PaymentPolicy.current(view.get(), Optional.of(e.record()));
        if (record.unclaimed() > 0) {
          out.add(new Claimable(view.get(), record.nonce(), record.highest().orElseThrow(), record.unclaimed()));
        }
      }
    }
    return out;
  }

  /** Claims started whose certificate has not been seen yet (at most {@link #PAGE}). */
  public List<Claimable> inProgress() throws ChannelLedger.LedgerException {
    List<Claimable> out = new ArrayList<>();
    for (ChannelLedger.Entry e : ledger.list(PAGE)) {
      Optional<ChannelView> view = directory.channel(e.channel());
      if (view.isPresent()) {
        PaymentPolicy.current(view.get(), Optional.of(e.record())).claim()
            .ifPresent(c -> out.add(new Claimable(view.get(), c.nonce(), c.authorization(), c.actual())));
      }
    }
    return out;
  }

  /**
   * The seller's record of a known channel brought up to date with its proven state (nothing
   * written), or empty when the directory does not know the channel.
   */
  public Optional<Held> state(ChannelId channel) throws ChannelLedger.LedgerException {
    Optional<ChannelView> known = directory.channel(channel);
    if (known.isEmpty()) {
      return Optional.empty();
    }
    ChannelRecord record = ledger.update(channel, stored -> new ChannelLedger.Update.Keep<>(PaymentPolicy.current(known.get(), stored)));
    return Optional.of(new Held(known.get(), record.nonce(), record.highest()));
  }

  /** Starts a claim of everything served on {@code channel} at its nonce, then submits it. */
  public Outcome start(ChannelId channel) throws ChannelLedger.LedgerException {
    Optional<ChannelView> known = directory.channel(channel);
    if (known.isEmpty()) {
      return new Outcome.Refused(new ChannelRefusal.UnknownChannel(channel));
    }
    Outcome outcome = ledger.update(channel, current -> {
      ChannelView view = directory.channel(channel).orElse(known.get());
      return switch (ClaimPolicy.start(view, current)) {
        case ClaimPolicy.Start.Started s -> new ChannelLedger.Update.Write<Outcome>(s.next(), new Outcome.Started(view, s.claim()));
        case ClaimPolicy.Start.Refused r ->
            new ChannelLedger.Update.Keep<Outcome>(new Outcome.Refused(new ChannelRefusal.ClaimRefused(channel, r.why())));
      };
    });
    if (outcome instanceof Outcome.Started started) {
      submit(started.channel(), started.claim());
    }
    return outcome;
  }

  /** Submits every claim in flight again (after a restart). */
  public void resume() throws ChannelLedger.LedgerException {
    for (Claimable c : inProgress()) {
      submit(c.channel(), new PendingClaim(c.nonce(), c.authorization(), c.served()));
    }
  }

  /**
   * One round of the automatic policy: forget claims whose certificate was seen, and start a claim
   * on every channel whose unclaimed amount reached the threshold or whose expiration is near.
   */
  public void tick() throws ChannelLedger.LedgerException {
    long now = height.current();
    for (ChannelLedger.Entry e : ledger.list(PAGE)) {
      Optional<ChannelView> view = directory.channel(e.channel());
      if (view.isEmpty()) {
        continue;
      }
      ChannelRecord current = PaymentPolicy.current(view.get(), Optional.of(e.record()));
      if (e.record().claim().isPresent() && current.claim().isEmpty()) {
        finish(e.channel(), view.get());
      } else if (ClaimPolicy.due(view.get(), current, now, thresholds)) {
        switch (start(e.channel())) {
          case Outcome.Started s -> log.info("claim started on channel {} at nonce {} for {}", e.channel(), s.claim().nonce(),
              s.claim().actual());
          case Outcome.Refused r -> log.info("no automatic claim on channel {}: {}", e.channel(), r.refusal().message());
        }
      }
    }
    directory.retire(now, this::settled);
  }

  /** True when nothing is left to claim on {@code channel}: nothing authorized at its nonce and no claim in flight. */
  private boolean settled(ChannelId channel) {
    Optional<ChannelView> view = directory.channel(channel);
    if (view.isEmpty()) {
      return true;
    }
    try {
      return ledger.update(channel, stored -> {
        ChannelRecord current = PaymentPolicy.current(view.get(), stored);
        return new ChannelLedger.Update.Keep<>(current.claim().isEmpty() && current.highest().filter(h -> h.amount() > 0).isEmpty());
      });
    } catch (ChannelLedger.LedgerException e) {
      return false; // unsure: keep watching it
    }
  }

  private void finish(ChannelId channel, ChannelView view) throws ChannelLedger.LedgerException {
    ledger.update(channel, stored -> {
      ChannelRecord current = PaymentPolicy.current(directory.channel(channel).orElse(view), stored);
      return stored.isPresent() && stored.get().claim().isPresent() && current.claim().isEmpty()
          ? new ChannelLedger.Update.Write<>(current, true)
          : new ChannelLedger.Update.Keep<>(false);
    });
  }

  private void submit(ChannelView view, PendingClaim claim) {
    try {
      submitter.submit(view, claim);
    } catch (IOException e) {
      // The claim stays recorded as in flight; resume() or the next restart submits it again.
      log.warn("claim on channel {} at nonce {} not submitted yet: {}", view.id(), claim.nonce(), e.getMessage());
    }
  }
}
