package io.quorumpay.core.messages;

import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.crypto.Signature;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * An authority's own votes: it signs them, and recognises them inside certificates without
 * verifying them again. Every vote it signs is remembered in a fixed table of recent votes (a
 * newer vote takes an older one's slot); a certificate's vote from this authority is its own if
 * the table holds exactly that order with exactly that signature, else if signing the order again
 * gives that signature (Ed25519 is deterministic), which costs less than a verification. The
 * table only saves work: the answer is the same with or without it. Safe for concurrent use.
 */
public final class OwnVotes {
  private static final int SLOTS = 1 << 16;

  private final KeyPair key;
  private final AuthorityName authority;
  private final AtomicReferenceArray<Vote> recent = new AtomicReferenceArray<>(SLOTS);

  public OwnVotes(KeyPair key) {
    this.key = key;
    this.authority = new AuthorityName(key.publicKey());
  }

  public AuthorityName authority() {
    return authority;
  }

  /** This authority's vote for {@code order}; remembered for {@link #signed}. */
  public Vote sign(Order order) {
    Vote vote = Vote.sign(order, key);
    recent.set(slot(order), vote);
    return vote;
  }

  /** Whether {@code signature} is this authority's valid vote signature for {@code order}. */
  public boolean signed(Order order, Signature signature) {
    Vote remembered = recent.get(slot(order));
    if (remembered != null && remembered.signature().equals(signature) && remembered.order().equals(order)) {
      return true;
    }
    return key.sign(Vote.signedBytes(order)).equals(signature);
  }

  private static int slot(Order order) {
    int hash = order.key().hashCode();
    return (hash ^ (hash >>> 16)) & (SLOTS - 1);
  }
}
