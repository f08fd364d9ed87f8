package io.quorumpay.core.text;

import io.quorumpay.core.encoding.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * EIP-55 mixed-case checksums for 20-byte (Ethereum-compatible) addresses: the hex letter at
 * position i is upper case when nibble i of Keccak-256(the lower-case hex, as ASCII) is 8 or more.
 * An all-lower or all-upper address carries no checksum.
 */
public final class Eip55 {
  /** Bytes in an address. */
  public static final int SIZE = 20;

  private Eip55() {}

  /** {@code 0x} and the 40 hex digits of {@code address}, cased by their checksum. */
  public static String encode(Bytes address) {
    if (address.length() != SIZE) {
      throw new IllegalArgumentException("an address has 20 bytes, not " + address.length());
    }
    String lower = address.toHex();
    byte[] hash = keccak256(lower.getBytes(StandardCharsets.US_ASCII));
    StringBuilder text = new StringBuilder("0x");
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
      text.append(c >= 'a' && nibble >= 8 ? Character.toUpperCase(c) : c);
    }
    return text.toString();
  }

  /**
   * Parses {@code 0x} and 40 hex digits ({@code what} names it in errors). Mixed case must match
   * the checksum; an all-lower or all-upper address (which has none) is accepted only when
   * {@code allowUnchecksummed}, unless it has no letters, so that its checksummed form is the same.
   */
  public static Bytes decode(String text, boolean allowUnchecksummed, String what) throws TextFormException {
    String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    if (digits.length() != SIZE * 2 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new TextFormException(new TextProblem.Malformed(what, text, "an address is 0x and 40 hex digits"));
    }
    Bytes address = Bytes.copyOf(HexFormat.of().parseHex(digits.toLowerCase(Locale.ROOT)));
    String checked = encode(address);
    boolean lower = digits.equals(digits.toLowerCase(Locale.ROOT));
    boolean upper = digits.equals(digits.toUpperCase(Locale.ROOT));
    if (checked.substring(2).equals(digits)) {
      return address;
    }
    if (!lower && !upper) {
      throw new TextFormException(new TextProblem.ChecksumMismatch(what, text));
    }
    if (!allowUnchecksummed) {
      throw new TextFormException(new TextProblem.Unchecksummed(what, text, "0x and 40 hex digits in mixed case, as qp prints"
          + " it; a wallet or block explorer shows it so too"));
    }
    return address;
  }

  private static byte[] keccak256(byte[] input) {
    KeccakDigest digest = new KeccakDigest(256);
    digest.update(input, 0, input.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }
}
