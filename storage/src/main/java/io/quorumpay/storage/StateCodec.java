package io.quorumpay.storage;

import io.quorumpay.core.authority.AccountState;
import io.quorumpay.core.authority.ChannelState;
import io.quorumpay.core.authority.ShardProgress;
import io.quorumpay.core.encoding.ByteReader;
import io.quorumpay.core.encoding.ByteWriter;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.ChannelOpen;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.SequenceNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Byte layouts of the state a shard stores (not part of the wire protocol; versioned by a leading byte).
 *
 * <p>Account: {@code u8 version=1, u16 n, n x (asset 8, i64 balance), u63 next sequence number,
 * u8 has-vote, [vote], u63 received count}. Progress: {@code u8 version=1, u63 next deposit, u16 s,
 * s x u63 next outbox index, s x u63 next inbox index, u16 n, n x (asset, i64) deposited, u16 m,
 * m x (asset, i64) redeemed, u63 applied count, u63 epoch, u63 commits, u16 c, c x u63 peer cursor,
 * u63 primary height, u63 deposit scan block} (version 4; version 3, without the scan block, reads
 * with block 0, so the primary is read from its start once; version 2, without either, also with
 * height 0). Channel: {@code u8 version=2, u8 has-open, [open order], i64 value, u63 nonce, u63
 * expiration, u8 has-vote, [vote], u16 f, f x u63 fund sequence number} (version 1, without the
 * funds, still reads as none). A vote's size follows from its order's tag.
 */
final class StateCodec {
  private static final int ACCOUNT_VERSION = 1;
  private static final int PROGRESS_VERSION = 4;
  /** Older progress layouts, still read: 3 without the deposit scan block, 2 without the primary height too. */
  private static final int PROGRESS_VERSION_3 = 3;
  private static final int PROGRESS_VERSION_2 = 2;
  private static final int CHANNEL_VERSION = 2;

  private StateCodec() {}

  static byte[] encodeAccount(AccountState state) {
    int size = 1 + 2 + state.balances().size() * 16 + 8 + 1 + state.pendingVote().map(Vote::encodedSize).orElse(0) + 8;
    ByteWriter out = new ByteWriter(size).u8(ACCOUNT_VERSION);
    writeTotals(out, state.balances());
    out.u64(state.nextSequenceNumber().value());
    out.u8(state.pendingVote().isPresent() ? 1 : 0);
    state.pendingVote().ifPresent(vote -> out.bytes(vote.encode()));
    return out.u64(state.receivedCount()).toBytes();
  }

  static AccountState decodeAccount(byte[] bytes) throws ProtocolException {
    ByteReader in = new ByteReader(bytes, "stored account");
    version(in, ACCOUNT_VERSION);
    SortedMap<AssetId, Long> balances = readTotals(in);
    SequenceNumber next = new SequenceNumber(in.u63("next sequence number"));
    Optional<Vote> vote = in.u8("has vote") == 1
        ? Optional.of(Vote.readFrom(in))
        : Optional.empty();
    long received = in.u63("received count");
    in.end();
    return new AccountState(balances, next, vote, received);
  }

  static byte[] encodeProgress(ShardProgress progress) {
    int shards = progress.nextOutboxIndex().size();
    int size = 1 + 8 + 2 + shards * 16 + 2 + progress.deposited().size() * 16 + 2 + progress.redeemed().size() * 16
        + 8 + 8 + 8 + 2 + progress.peerCursors().size() * 8 + 8 + 8;
    ByteWriter out = new ByteWriter(size).u8(PROGRESS_VERSION).u64(progress.nextDepositIndex()).u16(shards);
    progress.nextOutboxIndex().forEach(out::u64);
    progress.nextInboxIndex().forEach(out::u64);
    writeTotals(out, progress.deposited());
    writeTotals(out, progress.redeemed());
    out.u64(progress.appliedCount()).u64(progress.epoch()).u64(progress.commits()).u16(progress.peerCursors().size());
    progress.peerCursors().forEach(out::u64);
    return out.u64(progress.primaryHeight()).u64(progress.depositScanFrom()).toBytes();
  }

  static ShardProgress decodeProgress(byte[] bytes) throws ProtocolException {
    ByteReader in = new ByteReader(bytes, "stored shard progress");
    int version = in.u8("version");
    if (version < PROGRESS_VERSION_2 || version > PROGRESS_VERSION) {
      throw in.malformed("stored with layout version " + version + ", this build reads versions " + PROGRESS_VERSION_2
          + " to " + PROGRESS_VERSION);
    }
    long nextDeposit = in.u63("next deposit index");
    int shards = in.u16("shard count");
    List<Long> outbox = new ArrayList<>();
    List<Long> inbox = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      outbox.add(in.u63("outbox index"));
    }
    for (int i = 0; i < shards; i++) {
      inbox.add(in.u63("inbox index"));
    }
    SortedMap<AssetId, Long> deposited = readTotals(in);
    SortedMap<AssetId, Long> redeemed = readTotals(in);
    long appliedCount = in.u63("applied count");
    long epoch = in.u63("epoch");
    long commits = in.u63("commits");
    int members = in.u16("committee size");
    List<Long> cursors = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      cursors.add(in.u63("peer cursor"));
    }
    long height = version >= PROGRESS_VERSION_3 ? in.u63("primary height") : 0;
    long scanFrom = version == PROGRESS_VERSION ? in.u63("deposit scan block") : 0;
    in.end();
    return new ShardProgress(nextDeposit, outbox, inbox, deposited, redeemed, appliedCount, epoch, commits, cursors, height,
        scanFrom);
  }

  static byte[] encodeChannel(ChannelState state) {
    int size = 1 + 1 + state.open().map(ChannelOpen::encodedSize).orElse(0) + 8 + 8 + 8 + 1
        + state.pendingVote().map(Vote::encodedSize).orElse(0) + 2 + 8 * state.funds().size();
    ByteWriter out = new ByteWriter(size).u8(CHANNEL_VERSION).u8(state.open().isPresent() ? 1 : 0);
    state.open().ifPresent(open -> open.writeTo(out));
    out.u64(state.value()).u64(state.nonce().value()).u64(state.expiration());
    out.u8(state.pendingVote().isPresent() ? 1 : 0);
    state.pendingVote().ifPresent(vote -> out.bytes(vote.encode()));
    out.u16(state.funds().size());
    state.funds().forEach(fund -> out.u64(fund.value()));
    return out.toBytes();
  }

  static ChannelState decodeChannel(byte[] bytes) throws ProtocolException {
    ByteReader in = new ByteReader(bytes, "stored channel");
    int version = in.u8("version");
    if (version != 1 && version != CHANNEL_VERSION) {
      throw in.malformed("stored with layout version " + version + ", this build reads versions 1 and " + CHANNEL_VERSION);
    }
    Optional<ChannelOpen> open = Optional.empty();
    if (in.u8("has open") == 1) {
      if (!(Order.readFrom(in) instanceof ChannelOpen order)) {
        throw in.malformed("a channel's open order is not a channel open");
      }
      open = Optional.of(order);
    }
    long value = in.u64("value");
    SequenceNumber nonce = new SequenceNumber(in.u63("nonce"));
    long expiration = in.u63("expiration");
    Optional<Vote> vote = in.u8("has vote") == 1 ? Optional.of(Vote.readFrom(in)) : Optional.empty();
    List<SequenceNumber> funds = new ArrayList<>();
    int fundCount = version == 1 ? 0 : in.u16("fund count");
    if (fundCount > ChannelState.MAX_FUNDS) {
      throw in.malformed("a channel remembers at most " + ChannelState.MAX_FUNDS + " funds, not " + fundCount);
    }
    for (int i = 0; i < fundCount; i++) {
      funds.add(new SequenceNumber(in.u63("fund sequence number")));
    }
    in.end();
    return new ChannelState(open, value, nonce, expiration, vote, funds);
  }

  private static void version(ByteReader in, int expected) throws ProtocolException {
    int version = in.u8("version");
    if (version != expected) {
      throw in.malformed("stored with layout version " + version + ", this build reads version " + expected);
    }
  }

  private static void writeTotals(ByteWriter out, Map<AssetId, Long> totals) {
    out.u16(totals.size());
    totals.forEach((asset, units) -> out.bytes(asset.toBytes()).u64(units));
  }

  private static SortedMap<AssetId, Long> readTotals(ByteReader in) throws ProtocolException {
    int count = in.u16("asset count");
    SortedMap<AssetId, Long> totals = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      AssetId asset = AssetId.fromBytes(in.bytes(AssetId.SIZE, "asset").toArray());
      totals.put(asset, in.u64("units"));
    }
    return totals;
  }
}
