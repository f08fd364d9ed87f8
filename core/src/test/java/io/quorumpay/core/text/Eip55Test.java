package io.quorumpay.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quorumpay.core.encoding.Bytes;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** EIP-55 against the test vectors the EIP publishes. */
class Eip55Test {
  /** EIP-55, "Test Cases": all caps, all lower, and normal. */
  static final List<String> VECTORS = List.of(
      "0x52908400098527886E0F7030069857D2E4169EE7",
      "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
      "0xde709f2102306220921060314715629080e2fb77",
      "0x27b1fdb04752bbc536007a920d24acb045561c26",
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
      "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
      "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
      "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb");

  static Bytes bytes(String text) {
    return Bytes.copyOf(HexFormat.of().parseHex(text.substring(2).toLowerCase(Locale.ROOT)));
  }

  @Test
  void everyVectorIsWhatTheCodeWritesAndReads() throws TextFormException {
    for (String vector : VECTORS) {
      assertThat(Eip55.encode(bytes(vector))).isEqualTo(vector);
      assertThat(Eip55.decode(vector, false, "address")).isEqualTo(bytes(vector));
    }
  }

  @Test
  void aWrongCaseIsAChecksumMismatchAndNoCaseNeedsPermission() throws TextFormException {
    String good = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    String flipped = "0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    assertThatThrownBy(() -> Eip55.decode(flipped, true, "address")).isInstanceOfSatisfying(TextFormException.class,
        e -> assertThat(e.problem()).isInstanceOf(TextProblem.ChecksumMismatch.class));
    String lower = good.toLowerCase(Locale.ROOT);
    assertThatThrownBy(() -> Eip55.decode(lower, false, "address")).isInstanceOfSatisfying(TextFormException.class,
        e -> assertThat(e.problem()).isInstanceOf(TextProblem.Unchecksummed.class));
    assertThat(Eip55.decode(lower, true, "address")).isEqualTo(bytes(good));
    // No letters: the checksummed form is the plain one, so nothing is asked.
    assertThat(Eip55.decode("0x0000000000000000000000000000000000000000", false, "address").length()).isEqualTo(20);
    assertThatThrownBy(() -> Eip55.decode("0x1234", true, "address")).isInstanceOf(TextFormException.class);
  }
}
