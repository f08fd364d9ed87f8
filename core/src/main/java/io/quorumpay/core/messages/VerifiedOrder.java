package io.quorumpay.core.messages;

import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.types.NetworkId;

/**
 * A signed order that passed every check that needs no state: well-formed for the network
 * ({@link Order#checkWellFormed}), a valid signature by its signer and, for a channel claim, a
 * payment authorisation that verifies with the key it names. Only {@link #check} makes one.
 *
 * <p>An authority's vote needs no state either, only its key, so {@link #check(SignedOrder,
 * NetworkId, OwnVotes)} signs it too, in parallel ahead of the shard's single writer; the writer
 * then only decides whether to give it.
 */
public final class VerifiedOrder {
  private final SignedOrder<? extends Order> signed;
  private final Vote vote; // null unless check(signed, network, self) signed it

  private VerifiedOrder(SignedOrder<? extends Order> signed, Vote vote) {
    this.signed = signed;
    this.vote = vote;
  }

  public static VerifiedOrder check(SignedOrder<? extends Order> signed, NetworkId network) throws ProtocolException {
    signed.order().checkWellFormed(network);
    signed.checkSignature();
    if (signed.order() instanceof ChannelClaim claim) {
      claim.checkAuthorization();
    }
    return new VerifiedOrder(signed, null);
  }

  /** Like {@link #check(SignedOrder, NetworkId)}, and signs {@code self}'s vote for the order. */
  public static VerifiedOrder check(SignedOrder<? extends Order> signed, NetworkId network, OwnVotes self)
      throws ProtocolException {
    check(signed, network);
    return new VerifiedOrder(signed, self.sign(signed.order()));
  }

  public SignedOrder<? extends Order> signed() {
    return signed;
  }

  public Order order() {
    return signed.order();
  }

  /** The vote of the authority holding {@code key}: the one signed by {@code check} if it was for that key, else signed now. */
  public Vote vote(KeyPair key) {
    return vote != null && vote.authority().key().equals(key.publicKey()) ? vote : Vote.sign(order(), key);
  }

  @Override
  public String toString() {
    return "VerifiedOrder[" + signed.order().key() + "]";
  }
}
