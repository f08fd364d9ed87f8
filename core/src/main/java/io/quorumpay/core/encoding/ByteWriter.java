package io.quorumpay.core.encoding;

import java.nio.ByteBuffer;

/** Writes the protocol's fixed layouts: big-endian integers and raw byte strings. */
public final class ByteWriter {
  private final ByteBuffer buffer;

  /** A writer for exactly {@code size} bytes; {@link #toBytes()} checks that all were written. */
  public ByteWriter(int size) {
    this.buffer = ByteBuffer.allocate(size);
  }

  public ByteWriter u8(int value) {
    buffer.put((byte) value);
    return this;
  }

  public ByteWriter u16(int value) {
    buffer.putShort((short) value);
    return this;
  }

  public ByteWriter u32(int value) {
    buffer.putInt(value);
    return this;
  }

  public ByteWriter u64(long value) {
    buffer.putLong(value);
    return this;
  }

  public ByteWriter bytes(Bytes value) {
    value.copyTo(buffer.array(), buffer.position());
    buffer.position(buffer.position() + value.length());
    return this;
  }

  public ByteWriter bytes(byte[] value) {
    buffer.put(value);
    return this;
  }

  /** The written bytes; fails if the layout's size was not filled exactly (a bug, not bad input). */
  public byte[] toBytes() {
    if (buffer.hasRemaining()) {
      throw new IllegalStateException("layout under-filled by " + buffer.remaining() + " bytes");
    }
    return buffer.array();
  }
}
