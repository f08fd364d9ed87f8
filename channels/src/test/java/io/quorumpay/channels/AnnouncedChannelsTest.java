package io.quorumpay.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.channels.claims.ControlRequests;
import io.quorumpay.channels.directory.ChannelDirectory;
import io.quorumpay.channels.ledger.RocksLedger;
import io.quorumpay.channels.policy.ChannelRefusal;
import io.quorumpay.channels.policy.ChannelView;
import io.quorumpay.channels.policy.Payment;
import io.quorumpay.client.ChannelStateRequest;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.GroupId;
import io.quorumpay.core.types.SequenceNumber;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Channels a call announces with {@code qp-channel-sender}: served only once the directory proves
 * them, watched only when they pay this seller; and the buyer's {@code ChannelState} request checks.
 */
class AnnouncedChannelsTest {
  private static final Prices PRICES = new Prices(Map.of("/m", 10L), null);
  @TempDir Path dir;

  /** A directory that proves the channels in {@code provable} (as the committee would), for their sender only. */
  static final class Proving implements ChannelDirectory {
    final Map<ChannelId, ChannelView> provable = new ConcurrentHashMap<>();
    final Map<ChannelId, ChannelView> watched = new ConcurrentHashMap<>();
    int lookups;

    @Override
    public Optional<ChannelView> channel(ChannelId id) {
      return Optional.ofNullable(watched.get(id));
    }

    @Override
    public Optional<ChannelView> discover(ChannelId id, AccountId sender) {
      lookups++;
      return Optional.ofNullable(provable.get(id)).filter(v -> v.sender().equals(sender));
    }

    @Override
    public boolean adopt(ChannelView proven) {
      watched.put(proven.id(), proven);
      return true;
    }
  }

  @Test
  void anAnnouncedChannelIsServedOnlyOnceProvenAndWatchedOnlyIfItPaysThisSeller() throws Exception {
    Fixture f = new Fixture(7);
    Proving directory = new Proving();
    ChannelId foreign = ChannelId.of(f.network, new AccountId(f.buyer.publicKey()), new SequenceNumber(5_000));
    directory.provable.put(f.channel, f.view(f.channel, 1_000, 0, 10_000, f.group));
    directory.provable.put(foreign, f.view(foreign, 1_000, 0, 10_000, new GroupId(Bytes.copyOf(new byte[32]))));
    AccountId buyer = new AccountId(f.buyer.publicKey());
    try (RocksLedger ledger = RocksLedger.open(dir.resolve("ledger"))) {
      PaymentGate gate = new PaymentGate(f.terms, directory, f.height::get, ledger, PRICES::price);
      var paid = new Payment.Parsed.Present(f.pay(0, 10));

      // Not announced: unknown, nothing looked up.
      assertThat(refusal(gate.admit("/m", paid, null))).isEqualTo(ChannelRefusal.Code.UNKNOWN_CHANNEL);
      assertThat(directory.lookups).isZero();
      // Announced with the wrong sender: not proven, unknown, not watched.
      AccountId stranger = new AccountId(KeyPair.generate(new java.util.Random(1)).publicKey());
      assertThat(refusal(gate.admit("/m", paid, null, new Payment.Sender.Named(stranger, f.openSequence))))
          .isEqualTo(ChannelRefusal.Code.UNKNOWN_CHANNEL);
      assertThat(directory.watched).isEmpty();
      assertThat(directory.lookups).as("an announcement that does not derive to the channel id is not looked up").isZero();
      // The right sender with the wrong sequence number: not looked up either.
      assertThat(refusal(gate.admit("/m", paid, null, new Payment.Sender.Named(buyer, new SequenceNumber(f.openSequence.value() + 1)))))
          .isEqualTo(ChannelRefusal.Code.UNKNOWN_CHANNEL);
      assertThat(directory.lookups).isZero();
      // A sender without its sequence number: malformed.
      assertThat(refusal(gate.admit("/m", paid, null, Payment.sender(buyer.hex())))).isEqualTo(ChannelRefusal.Code.PAYMENT_MALFORMED);
      // A malformed sender header: refused as such, nothing looked up.
      assertThat(refusal(gate.admit("/m", paid, null, Payment.sender("qp1nonsense")))).isEqualTo(ChannelRefusal.Code.PAYMENT_MALFORMED);
      assertThat(directory.lookups).isZero();
      // Announced with its sender (hex or qp1…): proven, watched, served.
      assertThat(gate.admit("/m", paid, null, Payment.sender(buyer.hex() + ":" + f.openSequence.value())))
          .isInstanceOf(PaymentGate.Admission.Paid.class);
      assertThat(directory.watched).containsKey(f.channel);
      assertThat(gate.admit("/m", new Payment.Parsed.Present(f.pay(0, 20)), null, Payment.sender(buyer.text() + ":" + f.openSequence.value())))
          .isInstanceOf(PaymentGate.Admission.Paid.class);
      assertThat(directory.lookups).isEqualTo(1); // known now: no second lookup
      // A proven channel that pays another group: refused, never watched.
      var elsewhere = new Payment.Parsed.Present(f.pay(foreign, 0, 10, f.signer));
      assertThat(refusal(gate.admit("/m", elsewhere, null, new Payment.Sender.Named(buyer, new SequenceNumber(5_000))))).isEqualTo(ChannelRefusal.Code.WRONG_GROUP);
      assertThat(directory.watched).doesNotContainKey(foreign);
    }
  }

  @Test
  void anAnnouncedChannelIsWatchedOnlyWhenTheCallsSignatureChecksAndItLivesBeyondTheThreshold() throws Exception {
    Fixture f = new Fixture(9);
    Proving directory = new Proving();
    AccountId buyer = new AccountId(f.buyer.publicKey());
    ChannelId dying = ChannelId.of(f.network, buyer, new SequenceNumber(6_000));
    directory.provable.put(f.channel, f.view(f.channel, 1_000, 0, 10_000, f.group));
    directory.provable.put(dying, f.view(dying, 1_000, 0, f.height.get() + f.terms.expirationThreshold(), f.group));
    try (RocksLedger ledger = RocksLedger.open(dir.resolve("ledger"))) {
      PaymentGate gate = new PaymentGate(f.terms, directory, f.height::get, ledger, PRICES::price);
      // Signed by a key that is not the channel's authorizer: refused, and the channel is not watched.
      var forged = new Payment.Parsed.Present(f.pay(f.channel, 0, 10, KeyPair.generate(new java.util.Random(2))));
      assertThat(refusal(gate.admit("/m", forged, null, new Payment.Sender.Named(buyer, f.openSequence)))).isEqualTo(ChannelRefusal.Code.UNKNOWN_CHANNEL);
      // Expiring within the threshold: not watched either.
      var late = new Payment.Parsed.Present(f.pay(dying, 0, 10, f.signer));
      assertThat(refusal(gate.admit("/m", late, null, new Payment.Sender.Named(buyer, new SequenceNumber(6_000))))).isEqualTo(ChannelRefusal.Code.UNKNOWN_CHANNEL);
      assertThat(directory.watched).isEmpty();
      assertThat(gate.admit("/m", new Payment.Parsed.Present(f.pay(0, 10)), null, new Payment.Sender.Named(buyer, f.openSequence)))
          .isInstanceOf(PaymentGate.Admission.Paid.class);
      assertThat(directory.watched).containsOnlyKeys(f.channel);
    }
  }

  @Test
  void aStateRequestIsAcceptedOnlyFromTheChannelsKeyOverItsExactBytesWhenFresh() {
    Fixture f = new Fixture(8);
    ChannelView view = f.view();
    byte[] signed = ChannelStateRequest.encode(f.network, f.channel, 100);
    assertThat(signed).hasSize(88);
    assertThat(HexFormat.of().formatHex(signed, 0, 16)).isEqualTo("51502d43482d53544154452d56310000"); // QP-CH-STATE-V1
    Signature bySigner = f.signer.sign(signed);
    Signature bySender = f.buyer.sign(signed);
    assertThat(ControlRequests.checkState(view, f.signer.publicKey(), f.network, 100, bySigner, 100)).isEmpty();
    assertThat(ControlRequests.checkState(view, f.buyer.publicKey(), f.network, 100, bySender, 103)).isEmpty();
    assertThat(ControlRequests.checkState(view, f.seller.publicKey(), f.network, 100, f.seller.sign(signed), 100))
        .map(ChannelRefusal::code).contains(ChannelRefusal.Code.CONTROL_UNAUTHENTICATED);
    assertThat(ControlRequests.checkState(view, f.signer.publicKey(), f.network, 101, bySigner, 100))
        .map(ChannelRefusal::code).contains(ChannelRefusal.Code.CONTROL_UNAUTHENTICATED);
    assertThat(ControlRequests.checkState(view, f.signer.publicKey(), f.network, 100, bySigner, 106))
        .map(ChannelRefusal::code).contains(ChannelRefusal.Code.CONTROL_STALE);
  }

  /** docs/CHANNELS.md's test vector of a state request: the inputs of docs/PROTOCOL.md's channel vectors, height 1000000. */
  @Test
  void theDocumentedStateRequestVectorHolds() throws Exception {
    String doc = java.nio.file.Files.readString(Path.of("..", "docs", "CHANNELS.md"));
    int start = doc.indexOf("```vector channel-state-request\n");
    assertThat(start).as("the vector block in docs/CHANNELS.md").isNotNegative();
    Map<String, String> vector = new java.util.HashMap<>();
    for (String line : doc.substring(start, doc.indexOf("```", start + 3)).lines().skip(1).toList()) {
      vector.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1).strip());
    }
    KeyPair hot = KeyPair.fromSeedHex(vector.get("secret-key"));
    byte[] payload = ChannelStateRequest.encode(io.quorumpay.core.types.NetworkId.named("test"),
        ChannelId.fromHex(vector.get("channel-id")), Long.parseLong(vector.get("height")));
    assertThat(hot.publicKey().bytes().toHex()).isEqualTo(vector.get("public-key"));
    assertThat(HexFormat.of().formatHex(payload)).isEqualTo(vector.get("payload"));
    assertThat(hot.sign(payload).bytes().toHex()).isEqualTo(vector.get("signature"));
  }

  private static ChannelRefusal.Code refusal(PaymentGate.Admission admission) {
    assertThat(admission).isInstanceOf(PaymentGate.Admission.Refused.class);
    return ((PaymentGate.Admission.Refused) admission).refusal().code();
  }
}
