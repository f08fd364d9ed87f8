package io.quorumpay.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.channels.claims.ClaimPolicy;
import io.quorumpay.channels.policy.Authorization;
import io.quorumpay.channels.policy.AuthorizationWindow;
import io.quorumpay.channels.policy.ChannelRecord;
import io.quorumpay.channels.policy.ChannelRefusal;
import io.quorumpay.channels.policy.Payment;
import io.quorumpay.channels.policy.PaymentPolicy;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.GroupId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PaymentPolicyTest {
  private final Fixture f = new Fixture(1);
  private final Signatures signatures = new Signatures(f.network);

  private PaymentPolicy.Decision decide(Payment payment, long price, Optional<ChannelRecord> stored) {
    return PaymentPolicy.decide(f.terms, payment, f.directory.channel(payment.channel()), f.height.get(), price, stored, signatures);
  }

  private ChannelRefusal.Code refusal(Payment payment, long price, Optional<ChannelRecord> stored) {
    PaymentPolicy.Decision d = decide(payment, price, stored);
    assertThat(d).isInstanceOf(PaymentPolicy.Decision.Refuse.class);
    return ((PaymentPolicy.Decision.Refuse) d).refusal().code();
  }

  @Test
  void acceptsAndCountsThePrice() {
    var d = (PaymentPolicy.Decision.Accept) decide(f.pay(0, 10), 10, Optional.empty());
    assertThat(d.next().accepted()).isEqualTo(10);
    assertThat(d.next().highestAmount()).isEqualTo(10);
    assertThat(d.next().highest().orElseThrow().authorizer()).isEqualTo(f.signer.publicKey());
  }

  @Test
  void theSendersKeyAlsoSigns() {
    var d = (PaymentPolicy.Decision.Accept) decide(f.pay(f.channel, 0, 10, f.buyer), 10, Optional.empty());
    assertThat(d.next().highest().orElseThrow().authorizer()).isEqualTo(f.buyer.publicKey());
  }

  @Test
  void checksInTheDocumentedOrder() {
    KeyPair stranger = KeyPair.generate(new Random(9));
    ChannelId unknown = new ChannelId(Bytes.copyOf(new byte[32]));
    assertThat(refusal(f.pay(unknown, 0, 10, f.signer), 10, Optional.empty())).isEqualTo(ChannelRefusal.Code.UNKNOWN_CHANNEL);
    // Another group's channel, even well signed and at the right nonce.
    ChannelId other = ChannelId.of(f.network, new io.quorumpay.core.types.AccountId(f.buyer.publicKey()),
        new io.quorumpay.core.types.SequenceNumber(5000));
    f.directory.put(f.view(other, 1000, 0, 10_000, new GroupId(Bytes.copyOf(new byte[32]))));
    assertThat(refusal(f.pay(other, 0, 10, f.signer), 10, Optional.empty())).isEqualTo(ChannelRefusal.Code.WRONG_GROUP);
    // Wrong nonce comes before a bad signature, and says the current nonce.
    var nonce = (PaymentPolicy.Decision.Refuse) decide(f.pay(f.channel, 3, 10, stranger), 10, Optional.empty());
    assertThat(nonce.refusal()).isEqualTo(new ChannelRefusal.IncorrectNonce(0, 3));
    assertThat(refusal(f.pay(f.channel, 0, 10, stranger), 10, Optional.empty())).isEqualTo(ChannelRefusal.Code.INVALID_SIGNATURE);
    // A signature over another amount is wrong too.
    Payment tampered = new Payment(f.channel, 0, 11, f.pay(0, 10).signature());
    assertThat(refusal(tampered, 10, Optional.empty())).isEqualTo(ChannelRefusal.Code.INVALID_SIGNATURE);
    f.height.set(10_000 - 10);
    assertThat(refusal(f.pay(0, 2_000_000), 10, Optional.empty())).isEqualTo(ChannelRefusal.Code.CHANNEL_EXPIRING);
    f.height.set(10_000 - 11);
    assertThat(refusal(f.pay(0, 2_000_000), 10, Optional.empty())).isEqualTo(ChannelRefusal.Code.AMOUNT_ABOVE_VALUE);
    assertThat(refusal(f.pay(0, 9), 10, Optional.empty())).isEqualTo(ChannelRefusal.Code.INSUFFICIENT_PAYMENT);
  }

  @Test
  void aReplayedOrLowerAmountPaysNothingMore() {
    var first = (PaymentPolicy.Decision.Accept) decide(f.pay(0, 20), 10, Optional.empty());
    var second = (PaymentPolicy.Decision.Accept) decide(f.pay(0, 10), 10, Optional.of(first.next()));
    assertThat(second.next().accepted()).isEqualTo(20);
    assertThat(refusal(f.pay(0, 20), 10, Optional.of(second.next()))).isEqualTo(ChannelRefusal.Code.INSUFFICIENT_PAYMENT);
    assertThat(refusal(f.pay(0, 10), 10, Optional.of(second.next()))).isEqualTo(ChannelRefusal.Code.INSUFFICIENT_PAYMENT);
  }

  @Test
  void aClaimLandingStartsTheNextNonceAfresh() {
    var paid = (PaymentPolicy.Decision.Accept) decide(f.pay(0, 500), 10, Optional.empty());
    ChannelRecord claimed = ((ClaimPolicy.Start.Started) ClaimPolicy.start(f.view(), Optional.of(paid.next()))).next();
    assertThat(claimed.nonce()).isEqualTo(1);
    // While the claim is in flight the channel holds its value less what the claim takes (the one call served).
    assertThat(PaymentPolicy.value(f.view(), claimed)).isEqualTo(1_000_000 - 10);
    assertThat(refusal(f.pay(0, 600), 10, Optional.of(claimed))).isEqualTo(ChannelRefusal.Code.INCORRECT_NONCE);
    assertThat(refusal(f.pay(1, 1_000_000 - 9), 10, Optional.of(claimed))).isEqualTo(ChannelRefusal.Code.AMOUNT_ABOVE_VALUE);
    // The certificate is seen: nonce 1, value less the claim; the claim is done.
    f.directory.put(f.view(f.channel, 1_000_000 - 10, 1, 10_000, f.group));
    assertThat(PaymentPolicy.current(f.view(), Optional.of(claimed)).claim()).isEmpty();
    assertThat(decide(f.pay(1, 10), 10, Optional.of(claimed))).isInstanceOf(PaymentPolicy.Decision.Accept.class);
  }

  @Test
  void theHighestAuthorizationSentAgainIsNotVerifiedAgainButAForgeryAtItsAmountIs() {
    AtomicInteger verified = new AtomicInteger();
    PaymentPolicy.SignatureCheck counting = (view, payment) -> {
      verified.incrementAndGet();
      return signatures.authorizer(view, payment);
    };
    Payment ahead = f.pay(0, 100);
    var first = (PaymentPolicy.Decision.Accept) PaymentPolicy.decide(f.terms, ahead, Optional.of(f.view()), f.height.get(), 10,
        Optional.empty(), counting);
    var second = (PaymentPolicy.Decision.Accept) PaymentPolicy.decide(f.terms, ahead, Optional.of(f.view()), f.height.get(), 10,
        Optional.of(first.next()), counting);
    assertThat(verified).hasValue(1);
    assertThat(second.next().accepted()).isEqualTo(20);
    assertThat(second.next().highest()).isEqualTo(first.next().highest());
    // The same amount with other signature bytes is verified, and refused: it never rides on the buyer's window.
    Payment forged = new Payment(f.channel, 0, 100, f.pay(f.channel, 0, 100, KeyPair.generate(new Random(4))).signature());
    var refused = PaymentPolicy.decide(f.terms, forged, Optional.of(f.view()), f.height.get(), 10, Optional.of(second.next()), counting);
    assertThat(refused).isEqualTo(new PaymentPolicy.Decision.Refuse(new ChannelRefusal.InvalidSignature()));
    assertThat(verified).hasValue(2);
    // Identical bytes whose stored authorizer is not the channel's signer or sender are verified (and refused).
    ChannelRecord foreign = new ChannelRecord(0, Optional.of(new Authorization(100, KeyPair.generate(new Random(5)).publicKey(),
        ahead.signature())), 20, Optional.empty(), 1);
    var checked = (PaymentPolicy.Decision.Accept) PaymentPolicy.decide(f.terms, ahead, Optional.of(f.view()), f.height.get(), 10,
        Optional.of(foreign), counting);
    assertThat(verified).hasValue(3);
    assertThat(checked.next().accepted()).isEqualTo(30);
  }

  @Test
  void aClaimTakesWhatWasServedAndCarriesTheHighestAuthorization() {
    var paid = (PaymentPolicy.Decision.Accept) decide(f.pay(0, 500), 10, Optional.empty());
    var start = (ClaimPolicy.Start.Started) ClaimPolicy.start(f.view(), Optional.of(paid.next()));
    assertThat(start.claim().actual()).isEqualTo(10);
    assertThat(start.claim().authorization().amount()).isEqualTo(500);
    assertThat(paid.next().unclaimed()).isEqualTo(10);
    // The channel holds its value less what the claim takes, not less what was authorized.
    assertThat(PaymentPolicy.value(f.view(), start.next())).isEqualTo(1_000_000 - 10);
    // Stored and read back (format 2), and a format 1 record still reads, its claim taking its authorization.
    assertThat(decoded(start.next().encode())).isEqualTo(start.next());
    byte[] formatOne = formatOne(start.next());
    assertThat(decoded(formatOne).claim().orElseThrow().actual()).isEqualTo(500);
  }

  @Test
  void aRecordIsCoveredByADurableOneWithTheSameNonceAndClaimAuthorizingItsAcceptedTotal() {
    ChannelRecord durable = ((PaymentPolicy.Decision.Accept) decide(f.pay(0, 100), 10, Optional.empty())).next();
    ChannelRecord newer = ((PaymentPolicy.Decision.Accept) decide(f.pay(0, 200), 10, Optional.of(durable.withAccepted(90)))).next();
    assertThat(newer.accepted()).isEqualTo(100);
    assertThat(newer.coveredBy(durable)).isTrue();
    assertThat(newer.withAccepted(101).coveredBy(durable)).isFalse();
    assertThat(newer.coveredBy(null)).isFalse();
    assertThat(ChannelRecord.fresh(1).coveredBy(durable)).isFalse(); // the nonce moved
    ChannelRecord claimed = ((ClaimPolicy.Start.Started) ClaimPolicy.start(f.view(), Optional.of(durable))).next();
    assertThat(claimed.coveredBy(ChannelRecord.fresh(1))).isFalse(); // a claim started
    assertThat(claimed.coveredBy(claimed)).isTrue();
  }

  private static ChannelRecord decoded(byte[] bytes) {
    try {
      return ChannelRecord.decode(bytes);
    } catch (io.quorumpay.core.error.ProtocolException e) {
      throw new AssertionError(e);
    }
  }

  /** The format 1 bytes of a record with a claim: no actual amount. */
  private static byte[] formatOne(ChannelRecord record) {
    byte[] two = record.encode();
    int claimAt = two.length - (16 + 8 + 32 + 64);
    byte[] one = new byte[two.length - 8];
    System.arraycopy(two, 0, one, 0, claimAt + 8);
    System.arraycopy(two, claimAt + 16, one, claimAt + 8, two.length - claimAt - 16);
    one[0] = 1;
    return one;
  }

  /**
   * The lock-free rule in any arrival order: honest clients sign increasing cumulative amounts
   * (one per call, from a shared counter, or, for some, a window ahead by {@link AuthorizationWindow}
   * so that many calls carry the same bytes) and their calls arrive shuffled, with replays of
   * earlier authorizations mixed in. Every honest call is accepted when no replay is, and what is
   * served never exceeds the highest authorization held.
   */
  @Test
  void anyInterleavingServesNothingUnpaidAndRefusesNoPaidCall() {
    long price = 7;
    for (int seed = 0; seed < 300; seed++) {
      Random random = new Random(seed);
      int calls = 1 + random.nextInt(40);
      List<Payment> arrivals = new ArrayList<>();
      AuthorizationWindow ahead = seed % 4 < 2 ? null : new AuthorizationWindow(random.nextInt(10 * (int) price));
      long authorized = 0;
      Payment current = null;
      for (int k = 1; k <= calls; k++) {
        if (ahead == null) {
          arrivals.add(f.pay(0, k * price + (random.nextBoolean() ? random.nextInt((int) price) : 0)));
        } else {
          if (ahead.next(authorized, (k - 1) * price, price, 1_000_000) instanceof AuthorizationWindow.Step.Sign sign) {
            authorized = sign.amount();
            current = f.pay(0, authorized);
          }
          arrivals.add(current);
        }
      }
      boolean replays = seed % 2 == 1;
      if (replays) {
        for (int r = 0; r < calls / 2 + 1; r++) {
          arrivals.add(arrivals.get(random.nextInt(calls)));
        }
      }
      Collections.shuffle(arrivals, random);
      Optional<ChannelRecord> record = Optional.empty();
      long served = 0;
      for (Payment payment : arrivals) {
        PaymentPolicy.Decision d = decide(payment, price, record);
        if (d instanceof PaymentPolicy.Decision.Accept accept) {
          record = Optional.of(accept.next());
          served += price;
        } else if (!replays) {
          throw new AssertionError("seed " + seed + ": paid call refused: " + d);
        }
        assertThat(served).as("seed %d", seed).isLessThanOrEqualTo(record.map(ChannelRecord::highestAmount).orElse(0L));
      }
      if (!replays) {
        assertThat(served).isEqualTo(calls * price);
      }
    }
  }
}
