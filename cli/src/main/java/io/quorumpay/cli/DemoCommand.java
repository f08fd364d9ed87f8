package io.quorumpay.cli;

import io.quorumpay.cli.demo.InMemoryCommittee;
import io.quorumpay.core.client.ClientState;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.SignedTransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.primary.PrimaryContract;
import io.quorumpay.core.primary.RedeemReceipt;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.UserData;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs a small committee in memory and makes real payments through it: funding from the primary,
 * payments within and across shards, a redeem, an offline certificate check, and the money check
 * at every authority. Exit code 0 only if every check holds.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run an in-memory committee (4 authorities x 2 shards by default) and make a few payments.")
final class DemoCommand implements Callable<Integer> {
  private static final AssetId QPC = new AssetId("QPC");

  @Spec
  CommandSpec spec;

  @Option(names = "--authorities", defaultValue = "4", description = "Committee size, 1 to 100 (default: ${DEFAULT-VALUE}).")
  int authorityCount;

  @Option(names = "--shards", defaultValue = "2", description = "Shards per authority, 1 to 64 (default: ${DEFAULT-VALUE}).")
  int shardCount;

  private final SecureRandom random = new SecureRandom();
  private final Map<AccountId, String> names = new LinkedHashMap<>();
  private final Map<AccountId, ClientState> wallets = new LinkedHashMap<>();
  private PrintWriter out;
  private Committee committee;
  private InMemoryCommittee authorities;

  @Override
  public Integer call() throws ProtocolException {
    out = spec.commandLine().getOut();
    if (authorityCount < 1 || authorityCount > 100 || shardCount < 1 || shardCount > 64) {
      spec.commandLine().getErr().println("error: use 1 to 100 authorities and 1 to 64 shards");
      return 2;
    }
    List<KeyPair> authorityKeys = new ArrayList<>();
    for (int i = 0; i < authorityCount; i++) {
      authorityKeys.add(KeyPair.generate(random));
    }
    committee = Committee.equalWeights(NetworkId.named("demo"),
        authorityKeys.stream().map(k -> new AuthorityName(k.publicKey())).toList());
    authorities = new InMemoryCommittee(committee, authorityKeys, shardCount);
    PrimaryContract primary = new PrimaryContract(committee);
    out.printf("QuorumPay demo: %d authorities x %d shards in memory; a certificate needs weight %d of %d%n",
        authorityCount, shardCount, committee.quorumThreshold(), committee.totalWeight());

    ClientState alice = wallet("alice", 0);
    ClientState bob = wallet("bob", 1 % shardCount);
    ClientState carol = wallet("carol", 0);

    PrimaryAddress faucet = address(0xfa);
    for (ClientState wallet : List.of(alice, bob)) {
      PrimaryDeposit deposit = primary.deposit(faucet, wallet.account(), QPC, new Amount(1000));
      wallet.recordDeposit(deposit);
      out.printf("deposit #%d: %s QPC from the primary faucet to %s%n", deposit.index(), deposit.amount(), names.get(wallet.account()));
    }
    authorities.followPrimary(primary);

    Certificate proof = pay(alice, bob.account(), 250);
    pay(bob, alice.account(), 100);
    pay(alice, carol.account(), 75);
    pay(carol, bob.account(), 25);
    Certificate redeem = pay(bob, new Recipient.Primary(address(0xb0)), 120);
    RedeemReceipt receipt = primary.redeem(redeem);
    out.printf("primary paid out %s QPC to %s for certificate %s%n", receipt.amount(), receipt.to(), receipt.key());

    VerifiedCertificate.check(proof, committee);
    out.printf("certificate %s checked offline: %d valid votes, %d bytes%n", proof.key(), proof.votes().size(),
        proof.encode().length);

    boolean ok = true;
    for (ClientState wallet : wallets.values()) {
      out.printf("%-5s %5d QPC%n", names.get(wallet.account()), wallet.balance(QPC));
    }
    for (int a = 0; a < authorities.size(); a++) {
      InMemoryCommittee.Books books = authorities.books(a, QPC);
      int authority = a;
      boolean agrees = wallets.values().stream()
          .allMatch(w -> authorities.account(authority, w.account()).balance(QPC) == w.balance(QPC));
      ok &= books.balanced() && agrees;
      out.printf("authority %d: balances %d + redeemed %d = deposited %d: %s%n", a, books.balances(), books.redeemed(),
          books.deposited(), books.balanced() && agrees ? "ok" : "MISMATCH");
    }
    out.printf("primary holds %d QPC after paying out %d%n", primary.funds().getOrDefault(QPC, 0L),
        primary.redeemed().getOrDefault(QPC, 0L));
    out.println(ok ? "money is conserved at every authority" : "MONEY CHECK FAILED");
    return ok ? 0 : 1;
  }

  /** A fresh wallet whose account lives on {@code shard}. */
  private ClientState wallet(String name, int shard) {
    ClientState wallet;
    do {
      wallet = ClientState.create(committee, KeyPair.generate(random));
    } while (authorities.shardOf(wallet.account()) != shard);
    names.put(wallet.account(), name);
    wallets.put(wallet.account(), wallet);
    out.printf("%-5s %s (shard %d)%n", name, wallet.account(), shard);
    return wallet;
  }

  private Certificate pay(ClientState payer, AccountId payee, long amount) throws ProtocolException {
    return pay(payer, new Recipient.Account(payee), amount);
  }

  /** Signs, certifies and confirms one payment, and records it in both wallets. */
  private Certificate pay(ClientState payer, Recipient recipient, long amount) throws ProtocolException {
    SignedTransferOrder order = payer.prepareTransfer(recipient, QPC, new Amount(amount), UserData.EMPTY);
    Certificate certificate = authorities.certify(order);
    authorities.confirm(certificate);
    VerifiedCertificate verified = VerifiedCertificate.check(certificate, committee);
    payer.recordSent(verified);
    String to = recipient.toString();
    String where = "to the primary";
    if (recipient instanceof Recipient.Account account) {
      wallets.get(account.id()).recordReceived(verified);
      to = names.get(account.id());
      where = authorities.shardOf(account.id()) == authorities.shardOf(payer.account()) ? "within a shard" : "across shards";
    }
    out.printf("%s -> %s: %d QPC (%s), certified by %d of %d authorities, confirmed at all%n",
        names.get(payer.account()), to, amount, where, certificate.votes().size(), authorities.size());
    return certificate;
  }

  private static PrimaryAddress address(int lastByte) {
    byte[] bytes = new byte[PrimaryAddress.SIZE];
    bytes[PrimaryAddress.SIZE - 1] = (byte) lastByte;
    return new PrimaryAddress(Bytes.copyOf(bytes));
  }
}
