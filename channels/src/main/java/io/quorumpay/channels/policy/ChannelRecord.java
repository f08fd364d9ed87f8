package io.quorumpay.channels.policy;

import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.encoding.ByteReader;
import io.quorumpay.core.encoding.ByteWriter;
import io.quorumpay.core.error.ProtocolException;
import java.util.Objects;
import java.util.Optional;

/**
 * What the seller keeps per channel, replaced whole by compare-and-set (never locked): the nonce it
 * serves at, the highest authorization seen at that nonce, the total price of the calls accepted
 * against it, and the claim in flight, if any (of the previous nonce).
 *
 * <p>{@code version} counts changes of the durable part (everything but {@code accepted}); a store
 * uses it to know whether a record it is about to rely on is on disk yet, and {@link #coveredBy}
 * says when it need not wait for it.
 */
public record ChannelRecord(
    long nonce, Optional<Authorization> highest, long accepted, Optional<PendingClaim> claim, long version) {
  /** Format 2 adds the claim's actual amount; format 1 (no actual: the claim took its authorization) is still read. */
  private static final int FORMAT = 2;
  private static final int FORMAT_WITHOUT_ACTUAL = 1;
  private static final int AUTHORIZATION_SIZE = 8 + PublicKey.SIZE + Signature.SIZE;

  public ChannelRecord {
    Objects.requireNonNull(highest);
    Objects.requireNonNull(claim);
    if (nonce < 0 || accepted < 0 || version < 0) {
      throw new IllegalArgumentException("nonce, accepted and version are never negative");
    }
    long highestAmount = highest.map(Authorization::amount).orElse(0L);
    if (accepted > highestAmount) {
      throw new IllegalArgumentException("accepted " + accepted + " above the highest authorization " + highestAmount);
    }
  }

  /** A channel at {@code nonce} with nothing authorized yet. */
  public static ChannelRecord fresh(long nonce) {
    return new ChannelRecord(nonce, Optional.empty(), 0, Optional.empty(), 0);
  }

  /** The highest authorized amount at this nonce (0 when none). */
  public long highestAmount() {
    return highest.map(Authorization::amount).orElse(0L);
  }

  /** Served at this nonce but not claimed yet: what a claim now would take (the accepted total). */
  public long unclaimed() {
    return accepted;
  }

  /**
   * Whether a crash that left only {@code durable} on disk would still leave every call this record
   * accepted paid for: same nonce and claim, and the durable highest authorization at least this
   * record's accepted total. A store may then serve on this record before it is itself durable.
   */
  public boolean coveredBy(ChannelRecord durable) {
    return durable != null && durable.nonce == nonce && durable.claim.equals(claim) && durable.highestAmount() >= accepted;
  }

  /** This record with another accepted total. */
  public ChannelRecord withAccepted(long newAccepted) {
    return new ChannelRecord(nonce, highest, newAccepted, claim, version);
  }

  /** This record with another version. */
  public ChannelRecord withVersion(long newVersion) {
    return new ChannelRecord(nonce, highest, accepted, claim, newVersion);
  }

  /** True when {@code other} has the same durable part (all but the accepted total and version). */
  public boolean sameDurablePart(ChannelRecord other) {
    return nonce == other.nonce && highest.equals(other.highest) && claim.equals(other.claim);
  }

  /** The stored bytes: format, nonce, accepted, version, then the optional highest and claim (nonce, actual, authorization). */
  public byte[] encode() {
    int size = 1 + 24 + 1 + (highest.isPresent() ? AUTHORIZATION_SIZE : 0) + 1 + (claim.isPresent() ? 16 + AUTHORIZATION_SIZE : 0);
    ByteWriter out = new ByteWriter(size)
        .u8(FORMAT).u64(nonce).u64(accepted).u64(version);
    out.u8(highest.isPresent() ? 1 : 0);
    highest.ifPresent(a -> write(out, a));
    out.u8(claim.isPresent() ? 1 : 0);
    claim.ifPresent(c -> write(out.u64(c.nonce()).u64(c.actual()), c.authorization()));
    return out.toBytes();
  }

  private static void write(ByteWriter out, Authorization a) {
    out.u64(a.amount()).bytes(a.authorizer().bytes()).bytes(a.signature().bytes());
  }

  /** Decodes {@link #encode()}'s bytes. */
  public static ChannelRecord decode(byte[] bytes) throws ProtocolException {
    ByteReader in = new ByteReader(bytes, "channel record");
    int format = in.u8("format");
    if (format != FORMAT && format != FORMAT_WITHOUT_ACTUAL) {
      throw in.malformed("unknown channel record format");
    }
    long nonce = in.u63("nonce");
    long accepted = in.u63("accepted");
    long version = in.u63("version");
    Optional<Authorization> highest = in.u8("has highest") == 1 ? Optional.of(read(in)) : Optional.empty();
    Optional<PendingClaim> claim = Optional.empty();
    try {
      if (in.u8("has claim") == 1) {
        long claimNonce = in.u63("claim nonce");
        long actual = format == FORMAT ? in.u63("claim actual") : -1;
        Authorization claimed = read(in);
        claim = Optional.of(new PendingClaim(claimNonce, claimed, actual < 0 ? claimed.amount() : actual));
      }
      in.end();
      return new ChannelRecord(nonce, highest, accepted, claim, version);
    } catch (IllegalArgumentException e) {
      throw in.malformed(e.getMessage());
    }
  }

  private static Authorization read(ByteReader in) throws ProtocolException {
    long amount = in.u63("amount");
    PublicKey key = new PublicKey(in.bytes(PublicKey.SIZE, "authorizer"));
    Signature signature = new Signature(in.bytes(Signature.SIZE, "signature"));
    return new Authorization(amount, key, signature);
  }
}
