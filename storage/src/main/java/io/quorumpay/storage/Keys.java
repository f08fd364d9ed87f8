package io.quorumpay.storage;

import io.quorumpay.core.messages.OrderKey;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.SlotOwner;
import java.nio.ByteBuffer;

/** RocksDB key layout of a shard: a one-byte prefix per kind, then big-endian fields, so keys sort in the order we read them. */
final class Keys {
  static final byte ACCOUNT = 'a';
  static final byte CHANNEL = 'h';
  static final byte APPLIED = 'c';
  static final byte APPLIED_CHANNEL = 'd';
  static final byte RECEIVED = 'r';
  static final byte OUTBOX = 'o';
  static final byte APPLIED_LOG = 'l';
  static final byte CREDITED = 'x';
  static final byte CREDITED_CHANNEL = 'y';
  static final byte META = 'm';

  static final byte[] PROGRESS = {META, 'p'};
  static final byte[] IDENTITY = {META, 'i'};

  private Keys() {}

  static byte[] account(AccountId id) {
    return ByteBuffer.allocate(33).put(ACCOUNT).put(id.key().bytes().toArray()).array();
  }

  static byte[] channel(ChannelId id) {
    return ByteBuffer.allocate(33).put(CHANNEL).put(id.bytes().toArray()).array();
  }

  /** The certificate applied at a slot: account slots keep their original keys, channel slots have their own prefix. */
  static byte[] applied(OrderKey key) {
    byte prefix = switch (key.owner()) {
      case AccountId account -> APPLIED;
      case ChannelId channel -> APPLIED_CHANNEL;
    };
    return ByteBuffer.allocate(41).put(prefix).put(ownerBytes(key.owner())).putLong(key.sequenceNumber().value()).array();
  }

  /** Entry {@code position} of the applied log; its value is the certificate's {@link #applied} key. */
  static byte[] appliedLog(long position) {
    return ByteBuffer.allocate(9).put(APPLIED_LOG).putLong(position).array();
  }

  static byte[] credited(SlotOwner owner) {
    byte prefix = switch (owner) {
      case AccountId account -> CREDITED;
      case ChannelId channel -> CREDITED_CHANNEL;
    };
    return ByteBuffer.allocate(33).put(prefix).put(ownerBytes(owner)).array();
  }

  static byte[] ownerBytes(SlotOwner owner) {
    return switch (owner) {
      case AccountId account -> account.key().bytes().toArray();
      case ChannelId channel -> channel.bytes().toArray();
    };
  }

  static ChannelId channelIn(byte[] key) {
    return new ChannelId(io.quorumpay.core.encoding.Bytes.copyOf(java.util.Arrays.copyOfRange(key, 1, 33)));
  }

  static AccountId accountIn(byte[] key) {
    return new AccountId(new io.quorumpay.core.crypto.PublicKey(
        io.quorumpay.core.encoding.Bytes.copyOf(java.util.Arrays.copyOfRange(key, 1, 33))));
  }

  static byte[] received(AccountId recipient, long position) {
    return ByteBuffer.allocate(41).put(RECEIVED).put(recipient.key().bytes().toArray()).putLong(position).array();
  }

  static byte[] receivedPrefix(AccountId recipient) {
    return ByteBuffer.allocate(33).put(RECEIVED).put(recipient.key().bytes().toArray()).array();
  }

  static byte[] outbox(int dest, long index) {
    return ByteBuffer.allocate(13).put(OUTBOX).putInt(dest).putLong(index).array();
  }

  static byte[] outboxPrefix(int dest) {
    return ByteBuffer.allocate(5).put(OUTBOX).putInt(dest).array();
  }

  static boolean hasPrefix(byte[] key, byte[] prefix) {
    if (key.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (key[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
