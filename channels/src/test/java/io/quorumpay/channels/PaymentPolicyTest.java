package io.quorumpay.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.channels.claims.ClaimPolicy;
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
    // While the claim is in flight the channel holds its value less the claim.
    assertThat(PaymentPolicy.value(f.view(), claimed)).isEqualTo(1_000_000 - 500);
    assertThat(refusal(f.pay(0, 600), 10, Optional.of(claimed))).isEqualTo(ChannelRefusal.Code.INCORRECT_NONCE);
    assertThat(refusal(f.pay(1, 1_000_000 - 499), 10, Optional.of(claimed))).isEqualTo(ChannelRefusal.Code.AMOUNT_ABOVE_VALUE);
    // The certificate is seen: nonce 1, value less the claim; the claim is done.
    f.directory.put(f.view(f.channel, 1_000_000 - 500, 1, 10_000, f.group));
    assertThat(PaymentPolicy.current(f.view(), Optional.of(claimed)).claim()).isEmpty();
    assertThat(decide(f.pay(1, 10), 10, Optional.of(claimed))).isInstanceOf(PaymentPolicy.Decision.Accept.class);
  }

  /**
   * The lock-free rule in any arrival order: honest clients sign increasing cumulative amounts
   * (one per call, from a shared counter) and their calls arrive shuffled, with replays of earlier
   * authorizations mixed in. Every honest call is accepted when no replay is, and what is served
   * never exceeds the highest authorization held.
   */
  @Test
  void anyInterleavingServesNothingUnpaidAndRefusesNoPaidCall() {
    long price = 7;
    for (int seed = 0; seed < 300; seed++) {
      Random random = new Random(seed);
      int calls = 1 + random.nextInt(40);
      List<Payment> arrivals = new ArrayList<>();
      for (int k = 1; k <= calls; k++) {
        arrivals.add(f.pay(0, k * price + (random.nextBoolean() ? random.nextInt((int) price) : 0)));
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
