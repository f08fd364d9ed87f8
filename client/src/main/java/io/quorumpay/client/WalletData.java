package io.quorumpay.client;

import io.quorumpay.core.client.ClientSnapshot;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.encoding.Bytes;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;

/**
 * Everything a wallet keeps on disk: its key, the client state machine's snapshot, how far it has
 * read each authority's stream of certificates received, how far it has read the primary's
 * deposits, the sequence number of its last redeem the primary has paid (-1 for none): its
 * redeem certificates above it are still to be paid, in order; and the committee it belongs to
 * (empty until first used): a wallet acts on one network only; and, per idempotency key a
 * caller gave a payment, the sequence number of the order it made (the latest {@link #MAX_INTENTS});
 * and the channels it opened, with what it has authorised on each ({@link WalletChannel}).
 */
public record WalletData(KeyPair key, ClientSnapshot snapshot, Map<AuthorityName, Long> receivedPositions, long depositCursor,
    long redeemsPaidThrough, Optional<Bytes> committee, Map<String, Long> intents, Map<ChannelId, WalletChannel> channels) {
  /** How many idempotency keys a wallet remembers; older ones are forgotten first. */
  public static final int MAX_INTENTS = 1000;

  public WalletData {
    Objects.requireNonNull(key);
    Objects.requireNonNull(snapshot);
    Objects.requireNonNull(committee);
    receivedPositions = Map.copyOf(receivedPositions);
    intents = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(intents));
    channels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(channels));
  }

  /** The same wallet with other state (key, committee and idempotency keys kept). */
  public WalletData with(ClientSnapshot snapshot, Map<AuthorityName, Long> receivedPositions, long depositCursor,
      long redeemsPaidThrough) {
    return new WalletData(key, snapshot, receivedPositions, depositCursor, redeemsPaidThrough, committee, intents, channels);
  }

  /** The same wallet remembering that idempotency key {@code id} made the order at {@code sequenceNumber}. */
  public WalletData withIntent(String id, long sequenceNumber) {
    java.util.LinkedHashMap<String, Long> next = new java.util.LinkedHashMap<>(intents);
    next.put(id, sequenceNumber);
    while (next.size() > MAX_INTENTS) {
      next.remove(next.keySet().iterator().next());
    }
    return new WalletData(key, snapshot, receivedPositions, depositCursor, redeemsPaidThrough, committee, next, channels);
  }

  /** The same wallet with {@code channel} recorded (replacing what it knew of that channel). */
  public WalletData withChannel(WalletChannel channel) {
    java.util.LinkedHashMap<ChannelId, WalletChannel> next = new java.util.LinkedHashMap<>(channels);
    next.put(channel.id(), channel);
    return new WalletData(key, snapshot, receivedPositions, depositCursor, redeemsPaidThrough, committee, intents, next);
  }

  @Override
  public String toString() {
    return "WalletData[account=" + key.publicKey() + "]";
  }
}
