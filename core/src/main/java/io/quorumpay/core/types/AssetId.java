package io.quorumpay.core.types;

import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * An asset, named by a code of 1 to 8 characters from {@code A-Z 0-9} (for example {@code QPC}).
 * On the wire: 8 bytes of ASCII, zero-padded on the right.
 */
public record AssetId(String code) implements Comparable<AssetId> {
  public static final int SIZE = 8;
  private static final Pattern CODE = Pattern.compile("[A-Z0-9]{1,8}");

  public AssetId {
    if (code == null || !CODE.matcher(code).matches()) {
      throw new IllegalArgumentException("an asset code is 1 to 8 characters from A-Z and 0-9, not '" + code + "'");
    }
  }

  /** Parses user input, with a typed error. */
  public static AssetId parse(String code) throws ProtocolException {
    if (code == null || !CODE.matcher(code).matches()) {
      throw new ProtocolException(new ProtocolError.Malformed("asset", "an asset code is 1 to 8 characters from A-Z and 0-9"));
    }
    return new AssetId(code);
  }

  /** The 8 wire bytes. */
  public byte[] toBytes() {
    byte[] out = new byte[SIZE];
    byte[] ascii = code.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(ascii, 0, out, 0, ascii.length);
    return out;
  }

  /** Decodes the 8 wire bytes: a valid code followed only by zero padding. */
  public static AssetId fromBytes(byte[] bytes) throws ProtocolException {
    int length = 0;
    while (length < SIZE && bytes[length] != 0) {
      length++;
    }
    for (int i = length; i < SIZE; i++) {
      if (bytes[i] != 0) {
        throw new ProtocolException(new ProtocolError.Malformed("asset", "non-zero byte after the zero padding"));
      }
    }
    return parse(new String(bytes, 0, length, StandardCharsets.US_ASCII));
  }

  @Override
  public int compareTo(AssetId other) {
    return code.compareTo(other.code);
  }

  @Override
  public String toString() {
    return code;
  }
}
