package io.quorumpay.core.authority;

import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.VerifiedCertificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a shard catches up from its peers by itself, without waiting for clients. The same shard of
 * every authority keeps an applied log (every certificate it applied, in order). This shard reads
 * each peer's log from a cursor kept in its progress, skips what it already holds without
 * verifying it, verifies the rest, and applies it in order. Nothing a peer says is believed
 * without a quorum certificate; a peer that lies only stalls its own cursor.
 *
 * <p>Three steps, so that verification runs off the single writer: {@link #missing} (a read),
 * {@link ShardRequests#certificate} for each (any thread), then {@link #apply} (a write). Run by
 * the production loop and by the simulator alike.
 */
public final class CatchUp {
  /** Entries per page of an applied log. */
  public static final int PAGE = 256;

  private CatchUp() {}

  /** A page of member {@code member}'s applied log from position {@code from}, checked for shape and decoded. */
  public record Page(int member, long from, List<Certificate> certificates, long total) {
    public Page {
      certificates = List.copyOf(certificates);
    }

    /** Whether the peer has more after this page. */
    public boolean more() {
      return from + certificates.size() < total;
    }
  }

  /**
   * Checks a peer's answer to a request for {@code limit} entries from {@code from}: no more than
   * asked, a total that covers them, every certificate decodes. A bad page is refused whole.
   */
  public static Page page(int member, long from, int limit, List<byte[]> certificates, long total) throws ProtocolException {
    if (certificates.size() > limit) {
      throw new ProtocolException(new ProtocolError.OutOfRange("applied log page", certificates.size() + " entries, asked for "
          + limit));
    }
    if (total < from + certificates.size()) {
      throw new ProtocolException(new ProtocolError.OutOfRange("applied log total", total + " is below the page's end "
          + (from + certificates.size())));
    }
    List<Certificate> decoded = new ArrayList<>(certificates.size());
    for (byte[] bytes : certificates) {
      decoded.add(Certificate.decode(bytes));
    }
    return new Page(member, from, decoded, total);
  }

  /** The writer's read: the page's certificates this shard has not applied, in page order. */
  public static List<Certificate> missing(ShardState state, Page page) {
    return page.certificates().stream().filter(certificate -> !state.isApplied(certificate.key())).toList();
  }

  /**
   * Verifies {@code missing} in order, stopping at the first that does not check: what follows a
   * bad entry is not trusted either.
   */
  public static List<VerifiedCertificate> verify(ShardRequests checks, List<Certificate> missing) {
    List<VerifiedCertificate> verified = new ArrayList<>(missing.size());
    for (Certificate certificate : missing) {
      try {
        verified.add(checks.certificate(certificate));
      } catch (ProtocolException e) {
        break;
      }
    }
    return verified;
  }

  /**
   * The writer's step: goes through the page in order, applying the verified certificates, and moves
   * the peer's cursor past everything settled. It stops at an entry it cannot settle (not verified,
   * or refused, e.g. because an earlier certificate is still missing here), so that entry is read
   * again next time. Returns how many certificates were applied.
   */
  public static int apply(ShardState state, Page page, List<VerifiedCertificate> verified) {
    Map<Certificate, VerifiedCertificate> checked = new HashMap<>();
    verified.forEach(v -> checked.put(v.certificate(), v));
    int applied = 0;
    long position = page.from();
    for (Certificate certificate : page.certificates()) {
      if (!state.isApplied(certificate.key())) {
        VerifiedCertificate check = checked.get(certificate);
        if (check == null) {
          break;
        }
        try {
          state.handleConfirmation(check);
          applied++;
        } catch (ProtocolException e) {
          break;
        }
      }
      position++;
    }
    state.advancePeerCursor(page.member(), position);
    return applied;
  }
}
