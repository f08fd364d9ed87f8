package io.quorumpay.core.text;

import io.quorumpay.core.encoding.Bytes;
import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * Bech32m (BIP-350): a human-readable prefix, the separator {@code 1}, then data in a 32-character
 * alphabet ending with a 6-character BCH checksum that detects any error in up to 4 characters.
 * Strings are at most 90 characters, all lower or all upper case; this codec writes lower case.
 */
public final class Bech32m {
  private static final String ALPHABET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  /** BIP-350's checksum constant (bech32, BIP-173, used 1). */
  private static final int CONSTANT = 0x2bc830a3;
  private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  private static final int MAX_LENGTH = 90;

  /** A decoded string: its prefix (lower case) and its data as 5-bit values (0–31), without the checksum. */
  public record Decoded(String hrp, Bytes values) {}

  private Bech32m() {}

  /** {@code hrp} (lower case) with {@code values} (each 0–31) and their checksum. */
  public static String encode(String hrp, Bytes values) {
    byte[] data = values.toArray();
    int[] checksummed = new int[data.length + 6];
    for (int i = 0; i < data.length; i++) {
      if ((data[i] & 0xff) > 31) {
        throw new IllegalArgumentException("bech32m values are 5 bits");
      }
      checksummed[i] = data[i];
    }
    int polymod = polymod(hrp, checksummed) ^ CONSTANT;
    for (int i = 0; i < 6; i++) {
      checksummed[data.length + i] = (polymod >>> (5 * (5 - i))) & 31;
    }
    StringBuilder text = new StringBuilder(hrp).append('1');
    for (int value : checksummed) {
      text.append(ALPHABET.charAt(value));
    }
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("a bech32m string has at most 90 characters");
    }
    return text.toString();
  }

  /** {@code bytes} as bech32m with prefix {@code hrp}: regrouped from 8 to 5 bits, zero-padded. */
  public static String encodeBytes(String hrp, Bytes bytes) {
    return encode(hrp, Bytes.copyOf(regroup(bytes.toArray(), 8, 5, true)));
  }

  /** Decodes and checks any bech32m string; {@code what} names it in errors. */
  public static Decoded decode(String text, String what) throws TextFormException {
    if (text.length() > MAX_LENGTH) {
      throw malformed(what, text, "longer than 90 characters");
    }
    boolean lower = false;
    boolean upper = false;
    for (char c : text.toCharArray()) {
      if (c < 33 || c > 126) {
        throw malformed(what, text, "it holds a character that is not printable ASCII");
      }
      lower |= Character.isLowerCase(c);
      upper |= Character.isUpperCase(c);
    }
    if (lower && upper) {
      throw malformed(what, text, "it mixes upper and lower case");
    }
    String folded = text.toLowerCase(Locale.ROOT);
    int separator = folded.lastIndexOf('1');
    if (separator < 1 || folded.length() - separator - 1 < 6) {
      throw malformed(what, text, "no prefix, separator 1 and checksum");
    }
    String hrp = folded.substring(0, separator);
    int[] data = new int[folded.length() - separator - 1];
    for (int i = 0; i < data.length; i++) {
      data[i] = ALPHABET.indexOf(folded.charAt(separator + 1 + i));
      if (data[i] < 0) {
        throw malformed(what, text, "'" + text.charAt(separator + 1 + i) + "' is not a bech32 character (b, i, o and 1"
            + " never appear after the separator): a character is mistyped");
      }
    }
    if (polymod(hrp, data) != CONSTANT) {
      throw new TextFormException(new TextProblem.ChecksumMismatch(what, text));
    }
    byte[] values = new byte[data.length - 6];
    for (int i = 0; i < values.length; i++) {
      values[i] = (byte) data[i];
    }
    return new Decoded(hrp, Bytes.copyOf(values));
  }

  /** Decodes a string of prefix {@code hrp} that carries {@code length} bytes (regrouped from 5 bits, padding zero). */
  public static Bytes decodeBytes(String hrp, int length, String text, String what) throws TextFormException {
    Decoded decoded = decode(text, what);
    if (!decoded.hrp().equals(hrp)) {
      throw new TextFormException(new TextProblem.WrongPrefix(what, hrp, decoded.hrp()));
    }
    byte[] bytes = regroup(decoded.values().toArray(), 5, 8, false);
    if (bytes == null || bytes.length != length) {
      throw malformed(what, text, "it does not carry " + length + " bytes");
    }
    return Bytes.copyOf(bytes);
  }

  private static TextFormException malformed(String what, String text, String why) {
    return new TextFormException(new TextProblem.Malformed(what, text, why));
  }

  private static int polymod(String hrp, int[] data) {
    int chk = 1;
    for (int i = 0; i < hrp.length(); i++) {
      chk = step(chk, hrp.charAt(i) >> 5);
    }
    chk = step(chk, 0);
    for (int i = 0; i < hrp.length(); i++) {
      chk = step(chk, hrp.charAt(i) & 31);
    }
    for (int value : data) {
      chk = step(chk, value);
    }
    return chk;
  }

  private static int step(int chk, int value) {
    int top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ value;
    for (int i = 0; i < 5; i++) {
      if (((top >>> i) & 1) != 0) {
        chk ^= GENERATOR[i];
      }
    }
    return chk;
  }

  /** BIP-173's convertbits: null when, without padding, the leftover bits are too many or not zero. */
  private static byte[] regroup(byte[] data, int from, int to, boolean pad) {
    int acc = 0;
    int bits = 0;
    int max = (1 << to) - 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte b : data) {
      acc = (acc << from) | (b & ((1 << from) - 1));
      bits += from;
      while (bits >= to) {
        bits -= to;
        out.write((acc >>> bits) & max);
      }
    }
    if (pad) {
      if (bits > 0) {
        out.write((acc << (to - bits)) & max);
      }
    } else if (bits >= from || ((acc << (to - bits)) & max) != 0) {
      return null;
    }
    return out.toByteArray();
  }
}
