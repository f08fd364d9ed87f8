package io.quorumpay.core.types;

import static io.quorumpay.core.Fixtures.key;
import static io.quorumpay.core.ProtocolErrors.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quorumpay.core.authority.ShardAssignment;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import java.security.SecureRandom;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TypesTest {
  @Test
  void amountsAreNonNegativeAndOverflowChecked() throws ProtocolException {
    assertThatThrownBy(() -> new Amount(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new Amount(2).plus(new Amount(3))).isEqualTo(new Amount(5));
    refused(ProtocolError.BalanceOverflow.class, () -> new Amount(Long.MAX_VALUE).plus(new Amount(1)));
    refused(ProtocolError.OutOfRange.class, () -> new Amount(1).minus(new Amount(2)));
    assertThat(Amount.parse(" 12 ")).isEqualTo(new Amount(12));
    refused(ProtocolError.OutOfRange.class, () -> Amount.parse("-3"));
    refused(ProtocolError.OutOfRange.class, () -> Amount.parse("9223372036854775808"));
    refused(ProtocolError.OutOfRange.class, () -> Amount.parse("ten"));
  }

  @Test
  void sequenceNumbersEnd() throws ProtocolException {
    assertThat(SequenceNumber.ZERO.next()).isEqualTo(new SequenceNumber(1));
    refused(ProtocolError.OutOfRange.class, () -> new SequenceNumber(Long.MAX_VALUE).next());
  }

  @Test
  void assetCodesAreShortUpperCaseAlphanumerics() throws ProtocolException {
    assertThat(AssetId.parse("USDC").toString()).isEqualTo("USDC");
    assertThat(AssetId.fromBytes(new AssetId("A1").toBytes())).isEqualTo(new AssetId("A1"));
    for (String bad : new String[] {"", "usd", "TOOLONGXX", "U-S"}) {
      refused(ProtocolError.Malformed.class, () -> AssetId.parse(bad));
    }
  }

  @Test
  void primaryAddressesParseWithOrWithoutPrefix() throws ProtocolException {
    PrimaryAddress address = PrimaryAddress.parse("0x00000000000000000000000000000000000000ff");
    assertThat(address.toString()).isEqualTo("0x00000000000000000000000000000000000000ff");
    assertThat(PrimaryAddress.parse("00000000000000000000000000000000000000ff")).isEqualTo(address);
    assertThat(PrimaryAddress.parse("0x0000000000000000000000000000000000000000").isZero()).isTrue();
    refused(ProtocolError.Malformed.class, () -> PrimaryAddress.parse("0x1234"));
    refused(ProtocolError.Malformed.class, () -> PrimaryAddress.parse("0xzz000000000000000000000000000000000000ff"));
  }

  @Test
  void accountIdsMustBeValidKeys() throws ProtocolException {
    KeyPair key = key(5);
    assertThat(AccountId.parse(key.publicKey().toString()).key()).isEqualTo(key.publicKey());
    // y = 2 is not the encoding of a curve point.
    String notAPoint = "02" + "00".repeat(31);
    refused(ProtocolError.Malformed.class, () -> AccountId.parse(notAPoint));
    refused(ProtocolError.Malformed.class, () -> AccountId.parse("abcd"));
  }

  @Test
  void networkIdsAreDerivedFromNames() {
    assertThat(NetworkId.named("local")).isEqualTo(NetworkId.named("local")).isNotEqualTo(NetworkId.named("other"));
  }

  @Test
  void keysComeFromTheInjectedRandomSourceAndNeverPrintTheSecret() {
    KeyPair a = KeyPair.generate(new SplittableRandom(42));
    KeyPair b = KeyPair.generate(new SplittableRandom(42));
    assertThat(a.publicKey()).isEqualTo(b.publicKey());
    assertThat(KeyPair.generate(new SecureRandom()).publicKey()).isNotEqualTo(a.publicKey());
    String secretHex = java.util.HexFormat.of().formatHex(a.secretSeed());
    assertThat(a.toString()).doesNotContain(secretHex).contains("redacted");
  }

  @Test
  void shardAssignmentReadsTheKeyPrefix() throws ProtocolException {
    AccountId low = new AccountId(io.quorumpay.core.crypto.PublicKey.fromHex("0000000000000005" + "00".repeat(24)));
    AccountId high = new AccountId(io.quorumpay.core.crypto.PublicKey.fromHex("ffffffffffffffff" + "00".repeat(24)));
    assertThat(new ShardAssignment(4).shardOf(low)).isEqualTo(1);
    // 2^64 - 1 = 3 (mod 4): the prefix is unsigned.
    assertThat(new ShardAssignment(4).shardOf(high)).isEqualTo(3);
    assertThat(new ShardAssignment(1).shardOf(high)).isZero();
  }
}
