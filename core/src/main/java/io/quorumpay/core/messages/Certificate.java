package io.quorumpay.core.messages;

import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.encoding.ByteReader;
import io.quorumpay.core.encoding.ByteWriter;
import io.quorumpay.core.encoding.DomainTag;
import io.quorumpay.core.error.ProtocolException;
import java.util.List;
import java.util.Objects;

/**
 * An order with votes from a quorum of the committee: proof of payment that anyone can
 * check offline with {@link VerifiedCertificate#check}. The votes are sorted by authority, one per
 * authority, so a certificate has exactly one encoding.
 */
public record Certificate(Order order, List<VoteSignature> votes) {
  /** More votes than this is never a valid certificate and is refused while decoding. */
  public static final int MAX_VOTES = 1024;
  private static final int VOTE_SIZE = PublicKey.SIZE + Signature.SIZE;

  public Certificate {
    Objects.requireNonNull(order);
    votes = List.copyOf(votes);
    for (int i = 1; i < votes.size(); i++) {
      if (votes.get(i - 1).authority().compareTo(votes.get(i).authority()) >= 0) {
        throw new IllegalArgumentException("certificate votes must be sorted by authority without repeats");
      }
    }
    if (votes.size() > MAX_VOTES) {
      throw new IllegalArgumentException("too many votes");
    }
  }

  public OrderKey key() {
    return order.key();
  }

  public int encodedSize() {
    return DomainTag.SIZE + order.encodedSize() + 2 + votes.size() * VOTE_SIZE;
  }

  public byte[] encode() {
    ByteWriter out = new ByteWriter(encodedSize());
    writeTo(out);
    return out.toBytes();
  }

  void writeTo(ByteWriter out) {
    out.bytes(DomainTag.CERTIFICATE.bytes());
    order.writeTo(out);
    out.u16(votes.size());
    for (VoteSignature vote : votes) {
      out.bytes(vote.authority().key().bytes()).bytes(vote.signature().bytes());
    }
  }

  public static Certificate decode(byte[] bytes) throws ProtocolException {
    ByteReader in = new ByteReader(bytes, "certificate");
    Certificate certificate = readFrom(in);
    in.end();
    return certificate;
  }

  static Certificate readFrom(ByteReader in) throws ProtocolException {
    DomainTag.CERTIFICATE.expect(in);
    Order order = Order.readFrom(in);
    int count = in.u16("vote count");
    if (count > MAX_VOTES) {
      throw in.malformed(count + " votes, at most " + MAX_VOTES);
    }
    if (in.remaining() < count * VOTE_SIZE) {
      throw in.malformed("truncated: " + count + " votes announced, " + in.remaining() + " bytes left");
    }
    VoteSignature[] votes = new VoteSignature[count];
    for (int i = 0; i < count; i++) {
      AuthorityName authority = new AuthorityName(new PublicKey(in.bytes(PublicKey.SIZE, "vote authority")));
      if (i > 0 && votes[i - 1].authority().compareTo(authority) >= 0) {
        throw in.malformed("votes not sorted by authority, or an authority voted twice");
      }
      votes[i] = new VoteSignature(authority, new Signature(in.bytes(Signature.SIZE, "vote signature")));
    }
    return new Certificate(order, List.of(votes));
  }
}
