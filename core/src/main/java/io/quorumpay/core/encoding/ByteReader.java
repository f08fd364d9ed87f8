package io.quorumpay.core.encoding;

import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import java.util.Arrays;

/**
 * Reads the protocol's fixed layouts. Every shortfall or leftover byte is a typed
 * {@link ProtocolError.Malformed} naming what was being read; no runtime exception escapes.
 */
public final class ByteReader {
  private final byte[] data;
  private final String what;
  private int position;

  /** Reads {@code data}, describing it as {@code what} in errors. */
  public ByteReader(byte[] data, String what) {
    this.data = data;
    this.what = what;
  }

  private void need(int count, String field) throws ProtocolException {
    if (data.length - position < count) {
      throw malformed("truncated at " + field + " (offset " + position + ", need " + count + " bytes, have "
          + (data.length - position) + ")");
    }
  }

  public int u8(String field) throws ProtocolException {
    need(1, field);
    return data[position++] & 0xff;
  }

  public int u16(String field) throws ProtocolException {
    need(2, field);
    int value = ((data[position] & 0xff) << 8) | (data[position + 1] & 0xff);
    position += 2;
    return value;
  }

  /** A u32 that must fit in 31 bits (shard numbers do). */
  public int u31(String field) throws ProtocolException {
    need(4, field);
    int value = 0;
    for (int i = 0; i < 4; i++) {
      value = (value << 8) | (data[position + i] & 0xff);
    }
    position += 4;
    if (value < 0) {
      throw new ProtocolException(new ProtocolError.OutOfRange(field, "must be below 2^31"));
    }
    return value;
  }

  public long u64(String field) throws ProtocolException {
    need(8, field);
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (data[position + i] & 0xff);
    }
    position += 8;
    return value;
  }

  /** A u64 that must fit in 63 bits (all amounts, sequence numbers and indices do). */
  public long u63(String field) throws ProtocolException {
    long value = u64(field);
    if (value < 0) {
      throw new ProtocolException(new ProtocolError.OutOfRange(field, "must be below 2^63"));
    }
    return value;
  }

  public Bytes bytes(int count, String field) throws ProtocolException {
    need(count, field);
    byte[] value = Arrays.copyOfRange(data, position, position + count);
    position += count;
    return Bytes.wrap(value);
  }

  /** The next {@code count} bytes, without consuming them: how a decoder chooses a layout by its tag. */
  public Bytes peek(int count, String field) throws ProtocolException {
    need(count, field);
    return Bytes.wrap(Arrays.copyOfRange(data, position, position + count));
  }

  /** The bytes read so far, from {@code start}; used to recover the exact signed payload. */
  public byte[] slice(int start) {
    return Arrays.copyOfRange(data, start, position);
  }

  public int position() {
    return position;
  }

  public int remaining() {
    return data.length - position;
  }

  /** Fails unless every byte was consumed: layouts are exact, trailing bytes are an error. */
  public void end() throws ProtocolException {
    if (position != data.length) {
      throw malformed((data.length - position) + " unexpected trailing bytes");
    }
  }

  public ProtocolException malformed(String why) {
    return new ProtocolException(new ProtocolError.Malformed(what, why));
  }
}
