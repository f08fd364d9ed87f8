package io.quorumpay.storage;

import io.quorumpay.core.authority.AccountState;
import io.quorumpay.core.authority.ShardProgress;
import io.quorumpay.core.encoding.ByteReader;
import io.quorumpay.core.encoding.ByteWriter;
import io.quorumpay.core.error.ProtocolException;
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
 * u63 deposit scan block} (version 3; version 2, without the last field, is read with block 0:
 * the primary is then read from its start once).
 */
final class StateCodec {
  private static final int ACCOUNT_VERSION = 1;
  private static final int PROGRESS_VERSION = 3;
  /** The progress layout before the deposit scan block; still read. */
  private static final int PROGRESS_VERSION_2 = 2;

  private StateCodec() {}

  static byte[] encodeAccount(AccountState state) {
    int size = 1 + 2 + state.balances().size() * 16 + 8 + 1 + (state.pendingVote().isPresent() ? Vote.SIZE : 0) + 8;
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
        ? Optional.of(Vote.decode(in.bytes(Vote.SIZE, "vote").toArray()))
        : Optional.empty();
    long received = in.u63("received count");
    in.end();
    return new AccountState(balances, next, vote, received);
  }

  static byte[] encodeProgress(ShardProgress progress) {
    int shards = progress.nextOutboxIndex().size();
    int size = 1 + 8 + 2 + shards * 16 + 2 + progress.deposited().size() * 16 + 2 + progress.redeemed().size() * 16
        + 8 + 8 + 8 + 2 + progress.peerCursors().size() * 8 + 8;
    ByteWriter out = new ByteWriter(size).u8(PROGRESS_VERSION).u64(progress.nextDepositIndex()).u16(shards);
    progress.nextOutboxIndex().forEach(out::u64);
    progress.nextInboxIndex().forEach(out::u64);
    writeTotals(out, progress.deposited());
    writeTotals(out, progress.redeemed());
    out.u64(progress.appliedCount()).u64(progress.epoch()).u64(progress.commits()).u16(progress.peerCursors().size());
    progress.peerCursors().forEach(out::u64);
    return out.u64(progress.depositScanFrom()).toBytes();
  }

  static ShardProgress decodeProgress(byte[] bytes) throws ProtocolException {
    ByteReader in = new ByteReader(bytes, "stored shard progress");
    int version = in.u8("version");
    if (version != PROGRESS_VERSION && version != PROGRESS_VERSION_2) {
      throw in.malformed("stored with layout version " + version + ", this build reads versions " + PROGRESS_VERSION_2
          + " and " + PROGRESS_VERSION);
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
    long scanFrom = version == PROGRESS_VERSION ? in.u63("deposit scan block") : 0;
    in.end();
    return new ShardProgress(nextDeposit, outbox, inbox, deposited, redeemed, appliedCount, epoch, commits, cursors, scanFrom);
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
