package io.quorumpay.core.messages;

import static io.quorumpay.core.Fixtures.*;
import static io.quorumpay.core.ProtocolErrors.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EncodingTest {
  static final KeyPair ALICE = key(1);
  static final KeyPair BOB = key(2);
  static final PrimaryAddress ADDRESS = new PrimaryAddress(Bytes.copyOf(new byte[20]));
  static final TransferOrder ORDER = order(ALICE, BOB, 42, 7);
  static final TransferOrder REDEEM = order(ALICE, new Recipient.Primary(ADDRESS), USD, 5, 8);

  @Test
  void everyMessageRoundTrips() throws ProtocolException {
    for (TransferOrder order : new TransferOrder[] {ORDER, REDEEM}) {
      assertThat(TransferOrder.decode(order.encode())).isEqualTo(order);
      SignedOrder<TransferOrder> signed = signed(order, ALICE);
      assertThat(SignedOrder.decodeTransfer(signed.encode())).isEqualTo(signed);
      Vote vote = Vote.sign(order, AUTHORITY_KEYS.get(2));
      assertThat(Vote.decode(vote.encode())).isEqualTo(vote);
      Certificate certificate = certificate(order, 4);
      assertThat(Certificate.decode(certificate.encode())).isEqualTo(certificate);
      assertThat(ConfirmationOrder.decode(new ConfirmationOrder(certificate).encode()).certificate()).isEqualTo(certificate);
      CrossShardCredit credit = new CrossShardCredit(3, 1, 99, certificate);
      assertThat(CrossShardCredit.decode(credit.encode())).isEqualTo(credit);
    }
    PrimaryDeposit deposit = new PrimaryDeposit(NETWORK, 12, ADDRESS, account(BOB), QPC, new Amount(1000));
    assertThat(PrimaryDeposit.decode(deposit.encode())).isEqualTo(deposit);
  }

  @Test
  void layoutsHaveTheDocumentedSizes() {
    assertThat(ORDER.encode()).hasSize(169);
    assertThat(signed(ORDER, ALICE).encode()).hasSize(233);
    assertThat(Vote.sign(ORDER, AUTHORITY_KEYS.get(0)).encode()).hasSize(281);
    assertThat(certificate(ORDER, 3).encode()).hasSize(16 + 169 + 2 + 3 * 96);
    assertThat(new PrimaryDeposit(NETWORK, 0, ADDRESS, account(BOB), QPC, new Amount(1)).encode()).hasSize(124);
  }

  @Test
  void truncatedOrExtendedBytesAreMalformed() {
    byte[] bytes = certificate(ORDER, 3).encode();
    for (int length = 0; length < bytes.length; length += 7) {
      byte[] truncated = Arrays.copyOf(bytes, length);
      refused(ProtocolError.Malformed.class, () -> Certificate.decode(truncated));
    }
    refused(ProtocolError.Malformed.class, () -> Certificate.decode(Arrays.copyOf(bytes, bytes.length + 1)));
    refused(ProtocolError.Malformed.class, () -> SignedOrder.decodeTransfer(new byte[0]));
  }

  @Test
  void aWrongDomainTagIsMalformed() {
    byte[] vote = Vote.sign(ORDER, AUTHORITY_KEYS.get(0)).encode();
    // A vote's bytes are not an order, and vice versa.
    refused(ProtocolError.Malformed.class, () -> TransferOrder.decode(Arrays.copyOf(vote, TransferOrder.SIZE)));
    refused(ProtocolError.Malformed.class, () -> Vote.decode(signed(ORDER, ALICE).encode()));
  }

  @Test
  void anUnknownRecipientKindIsMalformed() {
    byte[] bytes = ORDER.encode();
    bytes[16 + 32 + 32] = 9;
    var error = refused(ProtocolError.Malformed.class, () -> TransferOrder.decode(bytes));
    assertThat(error.message()).contains("unknown recipient kind 9");
  }

  @Test
  void nonZeroPaddingAfterAPrimaryAddressIsMalformed() {
    byte[] bytes = REDEEM.encode();
    bytes[16 + 32 + 32 + 1 + 20] = 1;
    refused(ProtocolError.Malformed.class, () -> TransferOrder.decode(bytes));
  }

  @Test
  void amountsAndSequenceNumbersAbove2To63AreOutOfRange() {
    byte[] bytes = ORDER.encode();
    bytes[16 + 32 + 32 + 33 + 8] = (byte) 0x80;
    var error = refused(ProtocolError.OutOfRange.class, () -> TransferOrder.decode(bytes));
    assertThat(error.what()).isEqualTo("amount");
    byte[] sequence = ORDER.encode();
    sequence[16 + 32 + 32 + 33 + 8 + 8] = (byte) 0xff;
    refused(ProtocolError.OutOfRange.class, () -> TransferOrder.decode(sequence));
  }

  @Test
  void aBadAssetCodeIsMalformed() {
    byte[] bytes = ORDER.encode();
    bytes[16 + 32 + 32 + 33] = 'a';
    refused(ProtocolError.Malformed.class, () -> TransferOrder.decode(bytes));
    byte[] gap = ORDER.encode();
    gap[16 + 32 + 32 + 33 + 5] = 'X'; // after the zero padding of "QPC"
    refused(ProtocolError.Malformed.class, () -> TransferOrder.decode(gap));
  }

  @Test
  void certificateVotesMustBeSortedAndDistinct() {
    Certificate certificate = certificate(ORDER, 2);
    byte[] bytes = certificate.encode();
    int votes = 16 + 169 + 2;
    byte[] swapped = bytes.clone();
    System.arraycopy(bytes, votes, swapped, votes + 96, 96);
    System.arraycopy(bytes, votes + 96, swapped, votes, 96);
    refused(ProtocolError.Malformed.class, () -> Certificate.decode(swapped));
    byte[] repeated = bytes.clone();
    System.arraycopy(bytes, votes, repeated, votes + 96, 96);
    refused(ProtocolError.Malformed.class, () -> Certificate.decode(repeated));
  }

  @Test
  void aHugeVoteCountIsRefusedBeforeAllocating() {
    byte[] bytes = certificate(ORDER, 1).encode();
    bytes[16 + 169] = (byte) 0xff;
    bytes[16 + 169 + 1] = (byte) 0xff;
    refused(ProtocolError.Malformed.class, () -> Certificate.decode(bytes));
  }

  @Test
  void randomBytesNeverEscapeAsRuntimeExceptions() {
    Random random = new Random(7);
    byte[] valid = certificate(ORDER, 3).encode();
    for (int i = 0; i < 5000; i++) {
      byte[] bytes = valid.clone();
      for (int flips = random.nextInt(4); flips >= 0; flips--) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      }
      byte[] input = random.nextBoolean() ? bytes : Arrays.copyOf(bytes, random.nextInt(bytes.length));
      for (Decoder decoder : new Decoder[] {Certificate::decode, TransferOrder::decode, SignedOrder::decode, Order::decode,
          Vote::decode, CrossShardCredit::decode, PrimaryDeposit::decode}) {
        try {
          decoder.decode(input);
        } catch (ProtocolException expected) {
          assertThat(expected.error()).isNotNull();
        }
      }
    }
  }

  @FunctionalInterface
  interface Decoder {
    Object decode(byte[] bytes) throws ProtocolException;
  }
}
