package io.quorumpay.primary;

import io.quorumpay.api.primary.ChainStatus;
import io.quorumpay.api.primary.DepositReceipt;
import io.quorumpay.api.primary.PrimaryChain;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.encoding.ByteReader;
import io.quorumpay.core.encoding.ByteWriter;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.primary.PrimaryContract;
import io.quorumpay.core.primary.RedeemReceipt;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.storage.Journal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * An embedded development chain: the primary contract from core over a durable journal of
 * transactions. Every transaction (genesis, deposit, redeem, new block) is journaled and synced
 * before it takes effect, and reopening replays the journal, so the chain survives restarts.
 * Blocks come from {@link #produceBlock()}, which a {@link BlockProducer} calls on an interval;
 * a deposit is included in the block after the one current when it was made.
 *
 * <p>Depositors are not debited: every primary address has unlimited funds here (a faucet).
 */
public final class DevChain implements PrimaryChain {
  private static final byte GENESIS = 'G';
  private static final byte DEPOSIT = 'D';
  private static final byte REDEEM = 'R';
  private static final byte BLOCK = 'B';

  private final Journal journal;
  private final PrimaryContract contract;
  private final List<Long> depositBlocks = new ArrayList<>();
  private long height;

  private DevChain(Journal journal, Committee committee) {
    this.journal = journal;
    this.contract = new PrimaryContract(committee);
  }

  /** Opens the chain in {@code dir}, creating it for {@code committee} if new; refuses another committee's chain. */
  public static DevChain open(Path dir, Committee committee) throws IOException {
    Journal journal = Journal.open(dir);
    DevChain chain = new DevChain(journal, committee);
    byte[] genesis = genesis(committee);
    if (journal.size() == 0) {
      journal.append(genesis);
    }
    List<byte[]> entries = new ArrayList<>();
    journal.replay(entries::add);
    if (!Arrays.equals(entries.get(0), genesis)) {
      journal.close();
      throw new IOException("the chain in " + dir + " was created for another network or committee");
    }
    try {
      for (byte[] entry : entries.subList(1, entries.size())) {
        chain.apply(entry);
      }
    } catch (ProtocolException e) {
      journal.close();
      throw new IOException("the chain journal in " + dir + " does not replay: " + e.getMessage(), e);
    }
    return chain;
  }

  private static byte[] genesis(Committee committee) {
    ByteWriter out = new ByteWriter(1 + 32 + 2 + committee.size() * 40).u8(GENESIS).bytes(committee.network().bytes())
        .u16(committee.size());
    for (Map.Entry<AuthorityName, Long> member : committee.weights().entrySet()) {
      out.bytes(member.getKey().key().bytes()).u64(member.getValue());
    }
    return out.toBytes();
  }

  /** Applies one journaled transaction to the in-memory state. */
  private Object apply(byte[] entry) throws ProtocolException {
    ByteReader in = new ByteReader(entry, "chain transaction");
    return switch (in.u8("kind")) {
      case DEPOSIT -> {
        PrimaryAddress depositor = new PrimaryAddress(in.bytes(PrimaryAddress.SIZE, "depositor"));
        AccountId recipient = new AccountId(new PublicKey(in.bytes(PublicKey.SIZE, "recipient")));
        AssetId asset = AssetId.fromBytes(in.bytes(AssetId.SIZE, "asset").toArray());
        Amount amount = new Amount(in.u63("amount"));
        in.end();
        PrimaryDeposit deposit = contract.deposit(depositor, recipient, asset, amount);
        depositBlocks.add(height + 1);
        yield deposit;
      }
      case REDEEM -> {
        Certificate certificate = Certificate.decode(in.bytes(in.remaining(), "certificate").toArray());
        yield contract.redeem(certificate);
      }
      case BLOCK -> {
        in.end();
        yield ++height;
      }
      default -> throw in.malformed("unknown transaction kind");
    };
  }

  /**
   * Checks {@code entry} against the state, journals it durably, then applies it: a refused
   * transaction is never journaled, and an accepted one is never lost.
   */
  private synchronized Object execute(byte[] entry, Check check) throws ProtocolException, IOException {
    check.run();
    journal.append(entry);
    return apply(entry);
  }

  @FunctionalInterface
  private interface Check {
    void run() throws ProtocolException;
  }

  @Override
  public DepositReceipt deposit(PrimaryAddress depositor, AccountId recipient, AssetId asset, Amount amount)
      throws ProtocolException, IOException {
    byte[] entry = new ByteWriter(1 + PrimaryAddress.SIZE + PublicKey.SIZE + AssetId.SIZE + 8).u8(DEPOSIT)
        .bytes(depositor.bytes()).bytes(recipient.key().bytes()).bytes(asset.toBytes()).u64(amount.units()).toBytes();
    synchronized (this) {
      PrimaryDeposit deposit = (PrimaryDeposit) execute(entry, () -> contract.checkDeposit(depositor, asset, amount));
      return new DepositReceipt(deposit, depositBlocks.get((int) deposit.index()));
    }
  }

  @Override
  public RedeemReceipt redeem(Certificate certificate) throws ProtocolException, IOException {
    byte[] encoded = certificate.encode();
    byte[] entry = new ByteWriter(1 + encoded.length).u8(REDEEM).bytes(encoded).toBytes();
    return (RedeemReceipt) execute(entry, () -> contract.checkRedeem(certificate));
  }

  /** Produces the next block: every deposit made so far gains one confirmation. */
  public long produceBlock() throws IOException {
    try {
      return (Long) execute(new byte[] {BLOCK}, () -> {});
    } catch (ProtocolException e) {
      throw new IllegalStateException("a block cannot be refused", e);
    }
  }

  @Override
  public synchronized List<PrimaryDeposit> confirmedDeposits(long from, int limit, int confirmations) {
    List<PrimaryDeposit> confirmed = new ArrayList<>();
    for (PrimaryDeposit deposit : contract.deposits(from, limit)) {
      long block = depositBlocks.get((int) deposit.index());
      if (height - block + 1 < Math.max(1, confirmations)) {
        break;
      }
      confirmed.add(deposit);
    }
    return confirmed;
  }

  @Override
  public synchronized ChainStatus status() {
    return new ChainStatus(contract.committee().network(), height, contract.depositCount(), contract.funds(),
        contract.redeemed());
  }

  @Override
  public synchronized OptionalLong lastRedeemed(AccountId sender) {
    return contract.lastRedeemed(sender);
  }

  @Override
  public synchronized void close() {
    journal.close();
  }

  /** An address for development deposits. */
  public static PrimaryAddress faucetAddress() {
    byte[] bytes = new byte[PrimaryAddress.SIZE];
    Arrays.fill(bytes, (byte) 0xfa);
    return new PrimaryAddress(Bytes.copyOf(bytes));
  }
}
