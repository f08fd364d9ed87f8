package io.quorumpay.core.messages;

import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.encoding.ByteReader;
import io.quorumpay.core.encoding.ByteWriter;
import io.quorumpay.core.encoding.DomainTag;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import java.util.Objects;

/**
 * An authority's signed promise that it accepts {@code order} and will never accept another
 * order at the same slot. It signs {@code VOTE tag || order bytes}.
 */
public record Vote(Order order, AuthorityName authority, Signature signature) {

  public Vote {
    Objects.requireNonNull(order);
    Objects.requireNonNull(authority);
    Objects.requireNonNull(signature);
  }

  /** The exact bytes an authority signs to vote for {@code order}. */
  public static byte[] signedBytes(Order order) {
    ByteWriter out = new ByteWriter(DomainTag.SIZE + order.encodedSize());
    out.bytes(DomainTag.VOTE.bytes());
    order.writeTo(out);
    return out.toBytes();
  }

  /** The vote of the authority holding {@code authorityKey} for {@code order}. */
  public static Vote sign(Order order, KeyPair authorityKey) {
    return new Vote(order, new AuthorityName(authorityKey.publicKey()), authorityKey.sign(signedBytes(order)));
  }

  /** Refuses votes from non-members and votes whose signature does not verify. */
  public void check(Committee committee) throws ProtocolException {
    committee.weight(authority);
    if (!committee.verifies(authority, signedBytes(order), signature)) {
      throw new ProtocolException(new ProtocolError.InvalidSignature("authority " + authority.shortName()));
    }
  }

  /** This vote's signature alone, as it appears inside a certificate. */
  public VoteSignature toSignature() {
    return new VoteSignature(authority, signature);
  }

  /** The size of {@link #encode()}. */
  public int encodedSize() {
    return DomainTag.SIZE + order.encodedSize() + PublicKey.SIZE + Signature.SIZE;
  }

  public byte[] encode() {
    ByteWriter out = new ByteWriter(encodedSize());
    out.bytes(DomainTag.VOTE.bytes());
    order.writeTo(out);
    out.bytes(authority.key().bytes()).bytes(signature.bytes());
    return out.toBytes();
  }

  public static Vote decode(byte[] bytes) throws ProtocolException {
    ByteReader in = new ByteReader(bytes, "vote");
    Vote vote = readFrom(in);
    in.end();
    return vote;
  }

  /** Reads one vote of any order kind (its order's tag tells its size): storage keeps votes inside other records. */
  public static Vote readFrom(ByteReader in) throws ProtocolException {
    DomainTag.VOTE.expect(in);
    Order order = Order.readFrom(in);
    AuthorityName authority = new AuthorityName(new PublicKey(in.bytes(PublicKey.SIZE, "authority")));
    Signature signature = new Signature(in.bytes(Signature.SIZE, "signature"));
    return new Vote(order, authority, signature);
  }
}
