package io.quorumpay.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quorumpay.core.authority.ShardAssignment;
import io.quorumpay.core.authority.ShardConfig;
import io.quorumpay.core.authority.ShardState;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.OrderKey;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.messages.VerifiedOrder;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.messages.VoteSignature;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardStoreTest {
  static final NetworkId NETWORK = NetworkId.named("storage-test");
  static final List<KeyPair> AUTHORITIES = IntStream.range(0, 4).mapToObj(i -> key(100 + i)).toList();
  static final Committee COMMITTEE = Committee.equalWeights(NETWORK, AUTHORITIES.stream().map(k -> new AuthorityName(k.publicKey())).toList());
  static final AssetId QPC = new AssetId("QPC");
  static final ShardConfig SHARD0 = new ShardConfig(COMMITTEE, AUTHORITIES.get(0), 0, 2);

  @TempDir
  Path dir;

  static KeyPair key(int n) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) n);
    return KeyPair.fromSeed(seed);
  }

  static KeyPair keyOnShard(int start, int shard) {
    for (int n = start; ; n++) {
      if (new ShardAssignment(2).shardOf(new AccountId(key(n).publicKey())) == shard) {
        return key(n);
      }
    }
  }

  static Certificate certificate(TransferOrder order) {
    return new Certificate(order, AUTHORITIES.subList(0, 3).stream().map(k -> Vote.sign(order, k).toSignature())
        .sorted(Comparator.comparing(VoteSignature::authority)).toList());
  }

  @Test
  void whatIsWrittenIsLoadedBackExactly() throws IOException, ProtocolException {
    KeyPair alice = keyOnShard(1, 0);
    KeyPair bob = keyOnShard(alice.publicKey().bytes().get(0) + 300, 0);
    KeyPair carol = keyOnShard(1, 1);
    AccountId aliceId = new AccountId(alice.publicKey());
    ShardState shard = ShardState.create(SHARD0);
    TransferOrder toBob;
    TransferOrder toCarol;
    try (ShardStore store = ShardStore.open(dir, SHARD0)) {
      shard.handleDeposit(new PrimaryDeposit(NETWORK, 0, new PrimaryAddress(Bytes.copyOf(new byte[] {
          1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})), aliceId, QPC, new Amount(100)));
      toBob = new TransferOrder(NETWORK, aliceId, new Recipient.Account(new AccountId(bob.publicKey())), QPC, new Amount(10),
          SequenceNumber.ZERO, UserData.EMPTY);
      toCarol = new TransferOrder(NETWORK, aliceId, new Recipient.Account(new AccountId(carol.publicKey())), QPC, new Amount(5),
          new SequenceNumber(1), UserData.EMPTY);
      shard.handleConfirmation(VerifiedCertificate.check(certificate(toBob), COMMITTEE));
      shard.handleConfirmation(VerifiedCertificate.check(certificate(toCarol), COMMITTEE));
      TransferOrder next = new TransferOrder(NETWORK, aliceId, new Recipient.Account(new AccountId(bob.publicKey())), QPC,
          new Amount(1), new SequenceNumber(2), UserData.EMPTY);
      shard.handleOrder(VerifiedOrder.check(SignedOrder.sign(next, alice), NETWORK));
      shard.advanceDepositScan(1_234);
      store.write(shard.takeWrites());
    }
    try (ShardStore store = ShardStore.open(dir, SHARD0)) {
      ShardState loaded = store.load(SHARD0);
      assertThat(loaded.accounts()).isEqualTo(shard.accounts());
      assertThat(loaded.progress()).isEqualTo(shard.progress());
      assertThat(loaded.depositScanFrom()).isEqualTo(1_234);
      assertThat(loaded.pendingCredits(1)).isEqualTo(shard.pendingCredits(1)).hasSize(1);
      assertThat(loaded.account(aliceId).pendingVote()).isPresent();
      assertThat(store.applied(new OrderKey(aliceId, new SequenceNumber(1)))).contains(certificate(toCarol));
      assertThat(store.applied(new OrderKey(aliceId, new SequenceNumber(2)))).isEmpty();
      assertThat(store.received(new AccountId(bob.publicKey()), 0, 10)).containsExactly(certificate(toBob));
      assertThat(store.received(new AccountId(bob.publicKey()), 1, 10)).isEmpty();
      assertThat(store.outbox(1, 0, 10)).hasSize(1);
      assertThat(store.outbox(1, 1, 10)).isEmpty();

      loaded.acknowledgeCredits(1, 1);
      store.write(loaded.takeWrites());
      assertThat(store.outbox(1, 0, 10)).isEmpty();
      assertThat(store.load(SHARD0).pendingCredits(1)).isEmpty();
    }
  }

  @Test
  void progressOfOlderLayoutsIsReadAndAnUnknownLayoutRefused() throws ProtocolException {
    ShardState shard = ShardState.create(SHARD0);
    shard.observePrimaryHeight(500);
    shard.advanceDepositScan(77);
    byte[] current = StateCodec.encodeProgress(shard.progress());
    assertThat(StateCodec.decodeProgress(current)).isEqualTo(shard.progress());
    // Version 3 is version 4 without the trailing scan block: read as "not known", from the start.
    byte[] version3 = Arrays.copyOf(current, current.length - 8);
    version3[0] = 3;
    assertThat(StateCodec.decodeProgress(version3).depositScanFrom()).isZero();
    assertThat(StateCodec.decodeProgress(version3).primaryHeight()).isEqualTo(500);
    // Version 2 has neither the primary height nor the scan block.
    byte[] version2 = Arrays.copyOf(current, current.length - 16);
    version2[0] = 2;
    assertThat(StateCodec.decodeProgress(version2).primaryHeight()).isZero();
    assertThat(StateCodec.decodeProgress(version2).depositScanFrom()).isZero();
    assertThat(StateCodec.decodeProgress(version2).nextOutboxIndex()).isEqualTo(shard.progress().nextOutboxIndex());
    byte[] future = current.clone();
    future[0] = 5;
    assertThatThrownBy(() -> StateCodec.decodeProgress(future)).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("layout version 5").hasMessageContaining("reads versions 2 to 4");
  }

  @Test
  void refusesToLoadAStateItCannotReadInFull() throws IOException, ProtocolException {
    ShardState shard = ShardState.create(SHARD0);
    PrimaryAddress depositor = new PrimaryAddress(Bytes.copyOf(new byte[] {
        1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
    int accounts = 5000;
    for (int i = 0; i < accounts; i++) {
      byte[] id = new byte[32];
      ByteBuffer.wrap(id).putInt(i); // the first 8 bytes are even: every account lives on shard 0
      shard.handleDeposit(new PrimaryDeposit(NETWORK, i, depositor, new AccountId(new PublicKey(Bytes.copyOf(id))), QPC,
          new Amount(1)));
    }
    assertThat(shard.accountCount()).isEqualTo(accounts);
    try (ShardStore store = ShardStore.open(dir, SHARD0)) {
      store.write(shard.takeWrites());
      store.flush();
    }
    corruptTheMiddleOfEachTableFile(dir);

    try (ShardStore store = ShardStore.open(dir, SHARD0)) {
      assertThatThrownBy(() -> store.load(SHARD0)).isInstanceOf(IOException.class)
          .hasMessageStartingWith("cannot read the accounts of shard 0: ")
          .hasMessageContaining("checksum");
    }
  }

  /** Overwrites bytes in the middle of every table file: data blocks (accounts sort first), not the index at the end. */
  static void corruptTheMiddleOfEachTableFile(Path dir) throws IOException {
    List<Path> tables;
    try (Stream<Path> files = Files.list(dir)) {
      tables = files.filter(f -> f.toString().endsWith(".sst")).toList();
    }
    assertThat(tables).isNotEmpty();
    for (Path table : tables) {
      try (FileChannel file = FileChannel.open(table, StandardOpenOption.WRITE)) {
        byte[] junk = new byte[256];
        Arrays.fill(junk, (byte) 0x5a);
        file.write(ByteBuffer.wrap(junk), file.size() / 2);
      }
    }
  }

  @Test
  void refusesADirectoryOfAnotherShard() throws IOException {
    ShardStore.open(dir, SHARD0).close();
    ShardConfig other = new ShardConfig(COMMITTEE, AUTHORITIES.get(0), 1, 2);
    assertThatThrownBy(() -> ShardStore.open(dir, other)).isInstanceOf(IOException.class).hasMessageContaining("belongs to");
  }
}
