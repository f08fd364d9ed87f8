package io.quorumpay.channels;

import io.quorumpay.channels.directory.InMemoryChannelDirectory;
import io.quorumpay.channels.ledger.ChannelLedger;
import io.quorumpay.channels.policy.ChannelView;
import io.quorumpay.channels.policy.Payment;
import io.quorumpay.channels.policy.SellerTerms;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.messages.PaymentAuthorization;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.GroupId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.SequenceNumber;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A seller, a buyer and a channel between them, in memory: what every channel test starts from.
 * Public for the tests of the sub-packages.
 */
public final class Fixture {
  public final NetworkId network = NetworkId.named("channels-test");
  public final KeyPair seller;
  public final KeyPair buyer;
  public final KeyPair signer;
  public final GroupId group;
  public final ChannelId channel;
  /** The sequence number of the order that opened {@link #channel}. */
  public final SequenceNumber openSequence;
  public final InMemoryChannelDirectory directory = new InMemoryChannelDirectory();
  public final AtomicLong height = new AtomicLong(100);
  public final SellerTerms terms;

  public Fixture(long seed) {
    Random random = new Random(seed);
    seller = KeyPair.generate(random);
    buyer = KeyPair.generate(random);
    signer = KeyPair.generate(random);
    byte[] g = new byte[32];
    random.nextBytes(g);
    group = new GroupId(Bytes.copyOf(g));
    openSequence = new SequenceNumber(random.nextInt(1000));
    channel = ChannelId.of(network, new AccountId(buyer.publicKey()), openSequence);
    terms = new SellerTerms(network, group, new AccountId(seller.publicKey()), 10);
    directory.put(view(channel, 1_000_000, 0, 10_000, group));
  }

  public ChannelView view(ChannelId id, long value, long nonce, long expiration, GroupId groupId) {
    return new ChannelView(id, new AccountId(buyer.publicKey()), signer.publicKey(), new AccountId(seller.publicKey()),
        new AssetId("QPC"), new Amount(value), new SequenceNumber(nonce), expiration, groupId);
  }

  /** The channel's current view. */
  public ChannelView view() {
    return directory.channel(channel).orElseThrow();
  }

  /** A payment signed by the channel's signer key. */
  public Payment pay(long nonce, long amount) {
    return pay(channel, nonce, amount, signer);
  }

  public Payment pay(ChannelId id, long nonce, long amount, KeyPair key) {
    return new Payment(id, nonce, amount,
        new PaymentAuthorization(network, id, new SequenceNumber(nonce), new Amount(amount)).sign(key));
  }

  public PaymentGate gate(ChannelLedger ledger, Prices prices) {
    return new PaymentGate(terms, directory, height::get, ledger, prices::price);
  }
}
