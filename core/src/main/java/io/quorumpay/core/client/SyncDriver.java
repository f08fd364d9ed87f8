package io.quorumpay.core.client;

import io.quorumpay.core.client.ClientReply.Confirmed;
import io.quorumpay.core.client.ClientReply.Deposits;
import io.quorumpay.core.client.ClientReply.Info;
import io.quorumpay.core.client.ClientReply.Refused;
import io.quorumpay.core.client.ClientReply.Unreachable;
import io.quorumpay.core.client.ClientReply.Voted;
import io.quorumpay.core.client.ClientRequest.AskDeposits;
import io.quorumpay.core.client.ClientRequest.AskInfo;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.OrderKey;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.types.SequenceNumber;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One sync of a wallet, as a pure state machine: reads from every authority the certificates the
 * account received since its cursor there, finds certificates of its own next orders that someone
 * else completed, and reads the primary's deposits at the committee's confirmation depth. Only
 * what verifies is recorded in the {@link ClientState}.
 *
 * <p>Every loop is bounded: at most {@link Limits#pages} pages per authority and per sync (an
 * authority that serves endless full pages only stops its own stream), at most one restart of a
 * stream that an authority says is shorter than the cursor, at most {@link Limits#discoveries}
 * own certificates found, at most {@link Limits#depositPages} pages of deposits. Authorities that
 * do not answer by the deadline are skipped. The paykit and the simulator both drive it.
 *
 * <p>What authorities answer when asked for the certificate at the account's next sequence number
 * (their next sequence number and pending vote there) is, at the end, the account's check
 * ({@link ClientState#check}): whether this client may sign a new order, or must adopt one.
 */
public final class SyncDriver {

  /** The bounds of one sync. */
  public record Limits(int page, int pages, int discoveries, int depositPages, long deadlineMillis) {
    public Limits {
      if (page < 1 || pages < 1 || discoveries < 0 || depositPages < 0 || deadlineMillis < 1) {
        throw new IllegalArgumentException("sync limits must be positive");
      }
    }

    /** What the paykit uses. */
    public static Limits standard() {
      return new Limits(1000, 100, 1000, 100, 10_000);
    }
  }

  /** What the driver asks its adapter to do, in order. */
  public sealed interface Output {
    /** Send this request; its answer comes back as a {@link ClientReply}. */
    record Send(ClientRequest request) implements Output {}

    /** Call {@link #tick} at this time (or later). */
    record WakeAt(long at) implements Output {}

    /**
     * Done: save the wallet if {@code changed} (the state, cursors or deposit cursor moved);
     * {@code counted} are new; {@code authoritiesHeard} answered at all (0: what the wallet shows
     * is only what it knew before).
     */
    record Finished(int counted, boolean changed, int authoritiesHeard) implements Output {}
  }

  private final Committee committee;
  private final ClientState state;
  private final Limits limits;
  private final int confirmations;
  private final long[] cursors;
  private final int[] pages;
  private final boolean[] restarted;
  private final boolean[] streaming;
  private final boolean[] discovering;
  private final boolean[] heard;
  /** Per authority, what it reported at the account's current next sequence number (null: nothing yet). */
  private final AccountCheck.Report[] reports;
  private long depositCursor;
  private int depositPages;
  private boolean depositsPending;
  private int discovered;
  private int counted;
  private boolean changed;
  private long deadline;
  private boolean timedOut;
  private boolean discoveryStarted;
  private boolean done;

  /**
   * A sync of {@code state}'s account: {@code cursors} is, per authority (committee order), how
   * far its received stream was read; deposits are read from {@code depositCursor} at
   * {@code confirmations} blocks deep (the committee's depth).
   */
  public SyncDriver(Committee committee, ClientState state, long[] cursors, long depositCursor, int confirmations, Limits limits) {
    if (cursors.length != committee.size()) {
      throw new IllegalArgumentException("one cursor per authority");
    }
    this.committee = committee;
    this.state = state;
    this.limits = limits;
    this.confirmations = confirmations;
    this.cursors = cursors.clone();
    this.pages = new int[cursors.length];
    this.restarted = new boolean[cursors.length];
    this.streaming = new boolean[cursors.length];
    this.discovering = new boolean[cursors.length];
    this.heard = new boolean[cursors.length];
    this.reports = new AccountCheck.Report[cursors.length];
    this.depositCursor = depositCursor;
  }

  /** Per authority, how far its received stream has been read. */
  public long[] cursors() {
    return cursors.clone();
  }

  /** The next primary deposit to read. */
  public long depositCursor() {
    return depositCursor;
  }

  /** Starts: a page from every authority, and the primary's deposits. */
  public List<Output> start(long now) {
    deadline = now + limits.deadlineMillis();
    List<Output> out = new ArrayList<>();
    for (int a = 0; a < cursors.length; a++) {
      streaming[a] = true;
      out.add(page(a));
    }
    if (limits.depositPages() > 0) {
      depositsPending = true;
      out.add(new Output.Send(new AskDeposits(depositCursor, limits.page(), confirmations)));
    }
    out.add(new Output.WakeAt(deadline));
    return out;
  }

  /** At the deadline, whatever has not answered is skipped. */
  public List<Output> tick(long now) {
    if (done || now < deadline) {
      return List.of();
    }
    timedOut = true;
    Arrays.fill(streaming, false);
    Arrays.fill(discovering, false);
    depositsPending = false;
    return finishIfDone();
  }

  /** An answer (or the absence of one) to a request this driver sent. */
  public List<Output> on(ClientReply reply) {
    if (done) {
      return List.of();
    }
    List<Output> out = new ArrayList<>();
    switch (reply.request()) {
      case AskInfo ask when !(reply instanceof Unreachable) -> heard[ask.authority()] = true;
      default -> { }
    }
    switch (reply) {
      case Info info when info.request().certificateAt().isPresent() -> onDiscovery(info, out);
      case Info info -> onPage(info, out);
      case Deposits deposits -> onDeposits(deposits, out);
      case Refused refused -> onFailure(refused.request(), out);
      case Unreachable unreachable -> onFailure(unreachable.request(), out);
      case Voted voted -> { }
      case Confirmed confirmed -> { }
    }
    out.addAll(finishIfDone());
    return out;
  }

  public boolean done() {
    return done;
  }

  // ---- received streams -------------------------------------------------------------------

  private Output page(int a) {
    pages[a]++;
    return new Output.Send(new AskInfo(a, state.account(), Optional.empty(), cursors[a], limits.page()));
  }

  private void onPage(Info info, List<Output> out) {
    int a = info.request().authority();
    if (!streaming[a] || info.request().receivedFrom() != cursors[a]) {
      return;
    }
    long from = cursors[a];
    if (info.receivedTotal() < from) {
      // The authority's stream is shorter than what was read: it lost or rebuilt its state. Read it
      // again from the start, once per sync: a liar that says so every time only stalls itself.
      if (!restarted[a]) {
        restarted[a] = true;
        cursors[a] = 0;
        changed = true;
        out.add(page(a));
      } else {
        streaming[a] = false;
      }
      return;
    }
    int entries = Math.min(info.received().size(), limits.page());
    for (byte[] bytes : info.received().subList(0, entries)) {
      try {
        if (state.recordReceived(VerifiedCertificate.check(Certificate.decode(bytes), committee))) {
          counted++;
          changed = true;
        }
      } catch (ProtocolException ignored) {
        // Not a valid certificate paying this account: a lying or broken authority; it does not count.
      }
    }
    cursors[a] = from + entries;
    changed |= entries > 0;
    if (entries == limits.page() && cursors[a] < info.receivedTotal() && pages[a] < limits.pages()) {
      out.add(page(a));
    } else {
      streaming[a] = false;
    }
  }

  private void onFailure(ClientRequest request, List<Output> out) {
    switch (request) {
      case AskInfo ask when ask.certificateAt().isPresent() -> {
        if (ask.certificateAt().get().equals(state.nextSequenceNumber())) {
          discovering[ask.authority()] = false; // not an earlier question, asked again since
        }
      }
      case AskInfo ask -> streaming[ask.authority()] = false;
      case AskDeposits ask -> depositsPending = false;
      case ClientRequest.AskVote ask -> { }
      case ClientRequest.Confirm confirm -> { }
    }
  }

  // ---- own certificates completed by someone else -----------------------------------------

  private void startDiscovery(List<Output> out) {
    SequenceNumber next = state.nextSequenceNumber();
    Arrays.fill(reports, null); // what was said of an earlier sequence number no longer counts
    for (int a = 0; a < cursors.length; a++) {
      discovering[a] = true;
      out.add(new Output.Send(new AskInfo(a, state.account(), Optional.of(next), 0, 0)));
    }
  }

  private void onDiscovery(Info info, List<Output> out) {
    int a = info.request().authority();
    SequenceNumber asked = info.request().certificateAt().orElseThrow();
    if (!discovering[a] || !asked.equals(state.nextSequenceNumber())) {
      // An answer about an earlier sequence number: its authority has been asked again since.
      return;
    }
    discovering[a] = false;
    reports[a] = new AccountCheck.Report(a, info.nextSequenceNumber(), info.pendingVote());
    if (info.certificate().isEmpty()) {
      return;
    }
    try {
      Certificate certificate = Certificate.decode(info.certificate().get());
      if (certificate.key().equals(new OrderKey(state.account(), asked))
          && state.recordSent(VerifiedCertificate.check(certificate, committee))) {
        counted++;
        changed = true;
        discovered++;
        Arrays.fill(reports, null);
        if (discovered < limits.discoveries()) {
          Arrays.fill(discovering, false);
          startDiscovery(out);
        }
      }
    } catch (ProtocolException ignored) {
      // Not this account's valid certificate at that sequence number: it does not count.
    }
  }

  // ---- primary deposits -------------------------------------------------------------------

  private void onDeposits(Deposits reply, List<Output> out) {
    if (!depositsPending || reply.request().from() != depositCursor) {
      return;
    }
    depositPages++;
    long expected = depositCursor;
    for (PrimaryDeposit deposit : reply.deposits().subList(0, Math.min(reply.deposits().size(), limits.page()))) {
      if (deposit.index() != expected) {
        break; // a gap or a repeat from the primary: read on from here next time
      }
      if (deposit.recipient().equals(state.account())) {
        try {
          if (state.recordDeposit(deposit)) {
            counted++;
          }
        } catch (ProtocolException ignored) {
          // A deposit for another network: it does not count.
        }
      }
      expected++;
    }
    changed |= expected != depositCursor;
    boolean full = expected - depositCursor == limits.page();
    depositCursor = expected;
    if (full && depositPages < limits.depositPages()) {
      out.add(new Output.Send(new AskDeposits(depositCursor, limits.page(), confirmations)));
    } else {
      depositsPending = false;
    }
  }

  // ---- the end ------------------------------------------------------------------------------

  /** Streams first, then the discovery of own certificates (it needs the streams' sent ones), deposits alongside. */
  private List<Output> finishIfDone() {
    if (any(streaming)) {
      return List.of();
    }
    List<Output> out = new ArrayList<>();
    if (!discoveryStarted && limits.discoveries() > 0 && !timedOut) {
      discoveryStarted = true;
      startDiscovery(out);
      return out;
    }
    if (any(discovering) || depositsPending) {
      return out;
    }
    done = true;
    if (discoveryStarted) {
      List<AccountCheck.Report> said = Arrays.stream(reports).filter(java.util.Objects::nonNull).toList();
      changed |= state.check(said);
    }
    int authoritiesHeard = 0;
    for (boolean h : heard) {
      authoritiesHeard += h ? 1 : 0;
    }
    out.add(new Output.Finished(counted, changed, authoritiesHeard));
    return out;
  }

  private static boolean any(boolean[] flags) {
    for (boolean flag : flags) {
      if (flag) {
        return true;
      }
    }
    return false;
  }
}
