package io.quorumpay.channels.proxy;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Messages as their bytes, unparsed: how the gRPC proxy passes any service's calls through. */
public final class RawMarshaller implements MethodDescriptor.Marshaller<byte[]> {
  public static final RawMarshaller INSTANCE = new RawMarshaller();

  private RawMarshaller() {}

  @Override
  public InputStream stream(byte[] value) {
    return new ByteArrayInputStream(value);
  }

  @Override
  public byte[] parse(InputStream stream) {
    try {
      return stream.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
