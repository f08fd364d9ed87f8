package io.quorumpay.core.messages;

import io.quorumpay.core.encoding.ByteReader;
import io.quorumpay.core.encoding.ByteWriter;
import io.quorumpay.core.encoding.DomainTag;
import io.quorumpay.core.error.ProtocolException;
import java.util.Objects;

/**
 * A credit that one shard of an authority owes another: the sender's shard applied
 * {@code certificate}, whose recipient lives on {@code destShard}. {@code index} numbers the
 * credits from {@code sourceShard} to {@code destShard} from 0 without gaps, so the receiving shard
 * applies each exactly once, in order, however often it is delivered.
 */
public record CrossShardCredit(int sourceShard, int destShard, long index, Certificate certificate) {
  public CrossShardCredit {
    Objects.requireNonNull(certificate);
    if (sourceShard < 0 || destShard < 0 || index < 0) {
      throw new IllegalArgumentException("shards and index are non-negative");
    }
  }

  public byte[] encode() {
    ByteWriter out = new ByteWriter(DomainTag.SIZE + 4 + 4 + 8 + certificate.encodedSize());
    out.bytes(DomainTag.CROSS_SHARD_CREDIT.bytes()).u32(sourceShard).u32(destShard).u64(index);
    certificate.writeTo(out);
    return out.toBytes();
  }

  public static CrossShardCredit decode(byte[] bytes) throws ProtocolException {
    ByteReader in = new ByteReader(bytes, "cross-shard credit");
    DomainTag.CROSS_SHARD_CREDIT.expect(in);
    int source = in.u31("source shard");
    int dest = in.u31("destination shard");
    long index = in.u63("credit index");
    Certificate certificate = Certificate.readFrom(in);
    in.end();
    return new CrossShardCredit(source, dest, index, certificate);
  }
}
