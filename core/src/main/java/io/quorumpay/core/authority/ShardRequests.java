package io.quorumpay.core.authority;

import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.CrossShardCredit;
import io.quorumpay.core.messages.OwnVotes;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.messages.VerifiedOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks a request to a shard passes before its single writer sees it (decoding, the shard
 * check, sibling authentication, signature and certificate verification) and the writer steps
 * they lead to. Pure and safe on any thread: the gRPC services run it on transport threads and the
 * simulator on its one thread, so both decide alike.
 */
public final class ShardRequests {
  /** The most credits one request carries: their checks run on one thread, so few enough to stay brief. */
  public static final int MAX_CREDITS = 64;

  /** Credits that passed every check that needs no state: one source, this authority's seal, certificates verified. */
  public record CheckedCredits(int source, List<CrossShardCredit> credits, List<VerifiedCertificate> certificates) {
    public CheckedCredits {
      credits = List.copyOf(credits);
      certificates = List.copyOf(certificates);
    }
  }

  /** Credits for one sibling, encoded and sealed: what travels. */
  public record SealedCredits(int dest, List<byte[]> credits, byte[] seal) {
    public SealedCredits {
      credits = List.copyOf(credits);
    }
  }

  private final ShardConfig config;
  private final OwnVotes ownVotes;
  private final SiblingSeal seal;
  private final long epoch;

  /**
   * The checks of the shard {@code config} describes, in its authority's recovery epoch
   * {@code epoch} (its progress's); {@code ownVotes} signs with its authority's key.
   */
  public ShardRequests(ShardConfig config, OwnVotes ownVotes, long epoch) {
    this.config = config;
    this.ownVotes = ownVotes;
    this.seal = new SiblingSeal(config.authorityKey());
    this.epoch = epoch;
  }

  public ShardConfig config() {
    return config;
  }

  /** A signed order of any kind for this shard, decoded and verified, this authority's vote signed ahead. */
  public VerifiedOrder order(byte[] signedOrder) throws ProtocolException {
    SignedOrder<Order> signed = SignedOrder.decode(signedOrder);
    config.checkOwns(signed.order().home());
    return VerifiedOrder.check(signed, config.committee().network(), ownVotes);
  }

  /** A certificate whose slot this shard holds, decoded and verified. */
  public VerifiedCertificate confirmation(byte[] certificate) throws ProtocolException {
    return certificate(Certificate.decode(certificate));
  }

  /** A decoded certificate for a sender of this shard, verified. */
  public VerifiedCertificate certificate(Certificate certificate) throws ProtocolException {
    config.checkOwns(certificate.order().home());
    return VerifiedCertificate.check(certificate, config.committee(), ownVotes);
  }

  /**
   * Cross-shard credits as they arrived: 1 to {@link #MAX_CREDITS} of them, sealed by a shard of
   * this authority (checked first, so that strangers cost one MAC), all from one source shard,
   * their certificates verified.
   */
  public CheckedCredits credits(List<byte[]> encoded, byte[] sealed) throws ProtocolException {
    if (encoded.isEmpty() || encoded.size() > MAX_CREDITS) {
      throw new ProtocolException(new ProtocolError.OutOfRange("credits", "1 to " + MAX_CREDITS + " per request"));
    }
    seal.check(config.committee().network(), epoch, config.shard(), encoded, sealed);
    List<CrossShardCredit> credits = new ArrayList<>(encoded.size());
    List<VerifiedCertificate> certificates = new ArrayList<>(encoded.size());
    for (byte[] bytes : encoded) {
      CrossShardCredit credit = CrossShardCredit.decode(bytes);
      if (!credits.isEmpty() && credit.sourceShard() != credits.get(0).sourceShard()) {
        throw new ProtocolException(new ProtocolError.CreditMisrouted("credits from more than one shard in one request"));
      }
      credits.add(credit);
      certificates.add(VerifiedCertificate.check(credit.certificate(), config.committee(), ownVotes));
    }
    return new CheckedCredits(credits.get(0).sourceShard(), credits, certificates);
  }

  /**
   * The writer step for checked credits: applies them in order and returns the index this shard
   * expects next from their source. Each applies on its own: a refused one ends the step with its
   * refusal, and those before it stay applied (they are idempotent by index).
   */
  public static long applyCredits(ShardState state, CheckedCredits checked) throws ProtocolException {
    for (int i = 0; i < checked.credits().size(); i++) {
      CrossShardCredit credit = checked.credits().get(i);
      state.handleCrossShardCredit(credit.sourceShard(), credit.destShard(), credit.index(), checked.certificates().get(i));
    }
    return state.nextCreditIndex(checked.source());
  }

  /** Encodes and seals up to {@link #MAX_CREDITS} pending credits for sibling {@code dest}, oldest first. */
  public SealedCredits seal(int dest, List<CrossShardCredit> pending) {
    List<byte[]> encoded = pending.stream().limit(MAX_CREDITS).map(CrossShardCredit::encode).toList();
    return new SealedCredits(dest, encoded, seal.seal(config.committee().network(), epoch, dest, encoded));
  }
}
