package io.quorumpay.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quorumpay.core.encoding.Bytes;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Bech32m against BIP-350's published test vectors. */
class Bech32mTest {
  /** BIP-350, "Test vectors for Bech32m": valid strings. */
  static final List<String> VALID = List.of(
      "A1LQFN3A",
      "a1lqfn3a",
      "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
      "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
      "11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8",
      "split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
      "?1v759aa");

  /** BIP-350's invalid strings (each for the reason BIP-350 gives), and a valid bech32 (not m) string of BIP-173. */
  static final List<String> INVALID = List.of(
      "\u00201xj0phk", // HRP character out of range
      "\u007f1g6xzxy", // HRP character out of range
      "\u00801vctc34", // HRP character out of range
      "an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4", // too long
      "qyrz8wqd2c9m", // no separator
      "1qyrz8wqd2c9m", // empty HRP
      "y1b0jsk6g", // invalid data character
      "lt1igcx5c0", // invalid data character
      "in1muywd", // too short checksum
      "mm1crxm3i", // invalid character in checksum
      "au1s5cgom", // invalid character in checksum
      "M1VUXWEZ", // checksum calculated with uppercase form of HRP
      "16plkw9", // empty HRP
      "1p2gdwpf", // empty HRP
      "A12UEL5L"); // BIP-173 bech32: the other checksum constant

  @Test
  void everyValidVectorDecodesAndEncodesBackToItself() throws TextFormException {
    for (String text : VALID) {
      Bech32m.Decoded decoded = Bech32m.decode(text, "vector");
      assertThat(Bech32m.encode(decoded.hrp(), decoded.values())).as(text).isEqualTo(text.toLowerCase(Locale.ROOT));
    }
    assertThat(Bech32m.decode("abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx", "vector").values().toHex())
        .isEqualTo("1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100");
  }

  @Test
  void everyInvalidVectorIsRefused() {
    for (String text : INVALID) {
      assertThatThrownBy(() -> Bech32m.decode(text, "vector")).as(text).isInstanceOf(TextFormException.class);
    }
    assertThatThrownBy(() -> Bech32m.decode("a1Lqfn3a", "vector")).hasMessageContaining("mixes upper and lower case");
  }

  @Test
  void everyOneCharacterTypoInAnAccountSizedStringIsACaughtChecksumMismatch() throws TextFormException {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i * 37 + 11);
    }
    String text = Bech32m.encodeBytes("qp", Bytes.copyOf(key));
    assertThat(text).startsWith("qp1").hasSize(61);
    assertThat(Bech32m.decodeBytes("qp", 32, text, "account id").toArray()).isEqualTo(key);
    String alphabet = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    for (int at = 3; at < text.length(); at++) {
      for (char c : alphabet.toCharArray()) {
        if (c != text.charAt(at)) {
          String typo = text.substring(0, at) + c + text.substring(at + 1);
          assertThatThrownBy(() -> Bech32m.decodeBytes("qp", 32, typo, "account id")).as(typo)
              .isInstanceOfSatisfying(TextFormException.class,
                  e -> assertThat(e.problem()).isInstanceOf(TextProblem.ChecksumMismatch.class));
        }
      }
    }
    assertThatThrownBy(() -> Bech32m.decodeBytes("xx", 32, text, "account id"))
        .isInstanceOfSatisfying(TextFormException.class, e -> assertThat(e.problem()).isInstanceOf(TextProblem.WrongPrefix.class));
  }
}
