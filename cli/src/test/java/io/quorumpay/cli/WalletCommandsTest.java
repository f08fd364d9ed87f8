package io.quorumpay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.InsecureChannelCredentials;
import io.quorumpay.api.AccountInfoReply;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.authority.local.FreePorts;
import io.quorumpay.authority.local.LocalNetwork;
import io.quorumpay.authority.local.LocalNetworkRunner;
import io.quorumpay.client.CommitteeClient;
import io.quorumpay.client.WalletFile;
import io.quorumpay.core.types.AccountId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The wallet commands of {@code qp} against a running network, and how they treat bad input. */
class WalletCommandsTest extends NetworkCommandTest {
  WalletCommandsTest() {
    super("cli-test");
  }

  static DemoCommandTest.Run qp(String... args) {
    return DemoCommandTest.qp(args);
  }

  @Test
  void aWalletFundsPaysVerifiesShowsAndRedeems() throws Exception {
    String alice = json(qp("keygen", "--wallet", wallet("alice"), "--json")).get("account").asText();
    String bob = json(qp("keygen", "--wallet", wallet("bob"), "--json")).get("account").asText();
    assertThat(alice).startsWith("qp1").hasSize(61);

    DemoCommandTest.Run faucet = qp("faucet", "--network", net, "--wallet", wallet("alice"), "--amount", "1000");
    assertThat(faucet.exitCode()).as(faucet.err()).isZero();
    assertThat(faucet.out()).contains("deposited 1000 QPC").contains("balance 1000 QPC");

    JsonNode paid = json(qp("pay", "--network", net, "--wallet", wallet("alice"), "--to", bob, "--amount", "250", "--memo",
        "invoice 7", "--json"));
    assertThat(paid.get("sequenceNumber").asLong()).isZero();
    String certificate = paid.get("certificate").asText();

    DemoCommandTest.Run verified = qp("verify", "--network", net, certificate);
    assertThat(verified.exitCode()).isZero();
    assertThat(verified.out()).contains("valid           true").contains("amount          250");
    char last = certificate.charAt(certificate.length() - 1);
    String tampered = certificate.substring(0, certificate.length() - 1) + (last == '0' ? '1' : '0');
    DemoCommandTest.Run forged = qp("verify", "--network", net, tampered);
    assertThat(forged.exitCode()).isEqualTo(3);
    assertThat(forged.out()).contains("valid           false").contains("invalid signature");
    Path file = dir.resolve("certificate.hex");
    Files.writeString(file, certificate + "\n");
    assertThat(qp("show", "certificate", "--network", net, "@" + file).exitCode()).isZero();

    assertThat(json(qp("balance", "--network", net, "--wallet", wallet("bob"), "--json")).get("balances").get("QPC").asLong())
        .isEqualTo(250);
    DemoCommandTest.Run shown = qp("show", "account", "--network", net, bob);
    assertThat(shown.exitCode()).isZero();
    assertThat(shown.out()).contains("received 1").contains("balances {QPC=250}");

    DemoCommandTest.Run redeemed = qp("redeem", "--network", net, "--wallet", wallet("bob"), "--to",
        "0x00000000000000000000000000000000000000B0", "--amount", "50");
    assertThat(redeemed.exitCode()).as(redeemed.err()).isZero();
    assertThat(redeemed.out()).contains("redeemed 50 QPC to 0x00000000000000000000000000000000000000B0");

    // The memo comes back to both sides; the history says what moved, and what the redeem was.
    DemoCommandTest.Run bobs = qp("history", "--network", net, "--wallet", wallet("bob"));
    assertThat(bobs.exitCode()).as(bobs.err()).isZero();
    assertThat(bobs.out()).containsPattern("received +250 QPC +from " + alice + "  \"invoice 7\"")
        .containsPattern("redeem +#0 +50 QPC +to 0x00000000000000000000000000000000000000B0");
    assertThat(json(qp("history", "--network", net, "--wallet", wallet("alice"), "--json")).get("entries").toString())
        .contains("\"kind\":\"sent\"").contains("\"memo\":\"invoice 7\"").contains("\"kind\":\"deposit\"");
    DemoCommandTest.Run plain = qp("pay", "--network", net, "--wallet", wallet("alice"), "--to", bob, "--amount", "1");
    assertThat(plain.out()).contains("qp verify ");
    String printed = plain.out().substring(plain.out().indexOf("qp verify ") + "qp verify ".length()).strip();
    assertThat(qp("verify", "--network", net, printed).out()).contains("valid           true");
    assertThat(qp("sync", "--network", net, "--wallet", wallet("alice")).exitCode()).isZero();
    assertThat(qp("balance", "--network", net, "--wallet", wallet("bob")).out()).contains("201 QPC");
  }

  @Test
  void aRedeemCertifiedWhileThePrimaryIsDownIsPaidOnceLaterAndNothingIsDebitedTwice() throws Exception {
    qp("keygen", "--wallet", wallet("erin"));
    assertThat(qp("faucet", "--network", net, "--wallet", wallet("erin"), "--amount", "100").exitCode()).isZero();
    // The faucet returns once the deposit is deep enough on the primary; the authorities must have
    // credited it too before the primary goes away, or no redeem could be certified.
    everyAuthorityCredits(new AccountId(WalletFile.at(Path.of(wallet("erin"))).load().key().publicKey()), 100);
    String[] redeem = {"redeem", "--network", net, "--wallet", wallet("erin"), "--to", "0x00000000000000000000000000000000000000C0",
        "--amount", "2"};
    network.primary().close();
    try {
      expect(qp(redeem), 1, "certified and saved but not paid");
      // Retried while the primary is still down: the earlier redeem is not paid, so no new one starts.
      expect(qp(redeem), 1, "certified and saved but not paid");
      var sent = WalletFile.at(Path.of(wallet("erin"))).load().snapshot().sent();
      assertThat(sent).as("one redeem certified, one debit").hasSize(1);
    } finally {
      network.primary().start();
      LocalNetworkRunner.awaitListening(java.util.List.of(layout.primaryEndpoint()), network.primary(), Duration.ofSeconds(30));
    }
    DemoCommandTest.Run resumed = qp("redeem", "--network", net, "--wallet", wallet("erin"), "--resume");
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("paid out 1 redeem");
    assertThat(qp("redeem", "--network", net, "--wallet", wallet("erin"), "--resume").out()).contains("no redeem was waiting");
    assertThat(qp("balance", "--network", net, "--wallet", wallet("erin")).out()).contains("98 QPC");
  }

  /** Waits, boundedly, until every authority reports {@code account} holding {@code units} QPC. */
  void everyAuthorityCredits(AccountId account, long units) throws Exception {
    try (CommitteeClient committee = new CommitteeClient(CommitteeFile.read(layout.dir().resolve("committee.yaml")),
        InsecureChannelCredentials.create(), Duration.ofSeconds(3))) {
      for (int a = 0; a < committee.size(); a++) {
        boolean credited = false;
        for (int i = 0; i < 150 && !credited; i++) {
          AccountInfoReply info = committee.accountInfo(a, account, Optional.empty(), 0, 0).get(5, TimeUnit.SECONDS);
          credited = info.getBalancesList().stream().anyMatch(b -> b.getAsset().equals("QPC") && b.getUnits() == units);
          if (!credited) {
            Thread.sleep(100);
          }
        }
        assertThat(credited).as("authority %d credited the deposit", a).isTrue();
      }
    }
  }

  @Test
  void aPaymentRetriedWithItsIdIsMadeOnce() throws Exception {
    qp("keygen", "--wallet", wallet("gina"));
    String hal = json(qp("keygen", "--wallet", wallet("hal"), "--json")).get("account").asText();
    assertThat(qp("faucet", "--network", net, "--wallet", wallet("gina"), "--amount", "100").exitCode()).isZero();
    String[] pay = {"pay", "--network", net, "--wallet", wallet("gina"), "--to", hal, "--amount", "10", "--id", "order-42", "--json"};
    JsonNode once = json(qp(pay));
    JsonNode again = json(qp(pay));
    assertThat(again.get("certificate")).isEqualTo(once.get("certificate"));
    expect(qp("pay", "--network", net, "--wallet", wallet("gina"), "--to", hal, "--amount", "11", "--id", "order-42"), 3,
        "was used for another payment");
    assertThat(json(qp("balance", "--network", net, "--wallet", wallet("gina"), "--json")).get("balances").get("QPC").asLong())
        .isEqualTo(90);
  }

  @Test
  void withNothingReachableBalanceSaysSoAndOnlyOfflineShowsTheCachedBalance() throws Exception {
    // A network written down whose nodes never started: its ports are claimed by this JVM and nothing listens there.
    String silent = LocalNetwork.init(dir.resolve("silent-net"), LocalNetwork.uniqueName("silent"), 4, 2, false, FreePorts::next)
        .dir().toString();
    qp("keygen", "--wallet", wallet("frank"));
    expect(qp("balance", "--network", silent, "--wallet", wallet("frank")), 1, "no authority could be reached");
    expect(qp("sync", "--network", silent, "--wallet", wallet("frank")), 1, "no authority could be reached");
    DemoCommandTest.Run offline = qp("balance", "--network", silent, "--wallet", wallet("frank"), "--offline");
    assertThat(offline.exitCode()).as(offline.err()).isZero();
    assertThat(offline.out()).contains("offline: as of the last sync");

    // An order left pending is shown, and does not hide the balance: the command says what it is and goes on.
    WalletFile file = WalletFile.at(Path.of(wallet("frank")));
    var data = file.load();
    var order = io.quorumpay.core.messages.SignedOrder.sign(new io.quorumpay.core.messages.TransferOrder(
        io.quorumpay.core.types.NetworkId.named("x"), new io.quorumpay.core.types.AccountId(data.key().publicKey()),
        new io.quorumpay.core.types.Recipient.Account(new io.quorumpay.core.types.AccountId(data.key().publicKey())),
        new io.quorumpay.core.types.AssetId("QPC"), new io.quorumpay.core.types.Amount(5), io.quorumpay.core.types.SequenceNumber.ZERO,
        io.quorumpay.core.types.UserData.EMPTY), data.key());
    file.save(new io.quorumpay.client.WalletData(data.key(), new io.quorumpay.core.client.ClientSnapshot(
        io.quorumpay.core.types.SequenceNumber.ZERO, java.util.Optional.of(order), java.util.List.of(), java.util.List.of(),
        java.util.List.of()), data.receivedPositions(), data.depositCursor(), data.redeemsPaidThrough(), data.committee(),
        data.intents(), data.channels()));
    DemoCommandTest.Run pending = qp("show", "pending", "--network", silent, "--wallet", wallet("frank"));
    assertThat(pending.exitCode()).as(pending.err()).isZero();
    assertThat(pending.out()).contains("pending: sequence number 0: 5 QPC to");
    DemoCommandTest.Run blocked = qp("balance", "--network", silent, "--wallet", wallet("frank"));
    assertThat(blocked.exitCode()).isEqualTo(1);
    assertThat(blocked.err()).contains("cannot finish now").contains("stays pending").contains("no authority could be reached");
  }

  @Test
  void badInputGivesAClearMessageANonZeroExitAndChangesNothing() throws Exception {
    qp("keygen", "--wallet", wallet("carol"));
    Path carol = Path.of(wallet("carol"));
    var before = WalletFile.at(carol).load().snapshot();
    String someone = json(qp("keygen", "--wallet", wallet("dan"), "--json")).get("account").asText();

    expect(qp("pay", "--network", net, "--wallet", wallet("carol"), "--to", "zzz", "--amount", "1"), 2, "malformed account id");
    expect(qp("pay", "--network", net, "--wallet", wallet("carol"), "--to", "02" + "00".repeat(31), "--amount", "1", "--raw-hex"),
        2, "not a valid Ed25519 public key");
    expect(qp("pay", "--network", net, "--wallet", wallet("carol"), "--to", someone, "--amount", "99999999999999999999"), 2,
        "amount out of range");
    expect(qp("pay", "--network", net, "--wallet", wallet("carol"), "--to", someone, "--amount", "-5"), 2, "never negative");
    expect(qp("pay", "--network", net, "--wallet", wallet("carol"), "--to", someone, "--amount", "0"), 2, "positive amount");
    expect(qp("pay", "--network", net, "--wallet", wallet("carol"), "--to", someone, "--amount", "1", "--memo",
        "a memo far longer than thirty-two bytes"), 2, "memo out of range");
    expect(qp("pay", "--network", net, "--wallet", wallet("carol"), "--to", someone, "--amount", "5", "--asset", "usd"), 2,
        "asset code");
    expect(qp("pay", "--network", net, "--wallet", wallet("carol"), "--to", someone, "--amount", "5"), 3, "cannot pay 5");
    expect(qp("redeem", "--network", net, "--wallet", wallet("carol"), "--to", "0x1234", "--amount", "5"), 2, "primary address");
    expect(qp("balance", "--network", dir.resolve("nowhere").toString(), "--wallet", wallet("carol")), 2, "no network at");
    expect(qp("balance", "--network", net, "--wallet", wallet("nobody")), 2, "qp keygen");
    expect(qp("keygen", "--wallet", wallet("carol")), 4, "refusing to overwrite");
    expect(qp("verify", "--network", net, "abcd"), 2, "malformed certificate");
    expect(qp("show", "account", "--network", net, "12"), 2, "malformed account id");
    assertThat(WalletFile.at(carol).load().snapshot()).as("nothing signed, nothing pending, nothing counted").isEqualTo(before);

    DemoCommandTest.Run asJson = qp("pay", "--network", net, "--wallet", wallet("carol"), "--to", someone, "--amount", "5", "--json");
    assertThat(asJson.exitCode()).isEqualTo(3);
    assertThat(JSON.readTree(asJson.err()).get("exitCode").asInt()).isEqualTo(3);
    assertThat(JSON.readTree(asJson.err()).get("code").asText()).isEqualTo("INSUFFICIENT_BALANCE");

    // A wallet others can read is refused, as an authority's key file is.
    java.nio.file.Files.setPosixFilePermissions(carol, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    expect(qp("balance", "--network", net, "--wallet", wallet("carol")), 4, "chmod 600");
    java.nio.file.Files.setPosixFilePermissions(carol, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void aMistypedOrUnchecksummedAccountOrAddressIsRefusedAndPaysNobody() throws Exception {
    qp("keygen", "--wallet", wallet("ivy"));
    String jay = json(qp("keygen", "--wallet", wallet("jay"), "--json")).get("account").asText();
    assertThat(qp("faucet", "--network", net, "--wallet", wallet("ivy"), "--amount", "100").exitCode()).isZero();
    var before = WalletFile.at(Path.of(wallet("ivy"))).load().snapshot();
    String[] pay = {"pay", "--network", net, "--wallet", wallet("ivy"), "--amount", "7", "--to"};

    // One character changed (to another of the bech32 alphabet): the checksum catches it.
    char swapped = jay.charAt(20) == 'q' ? 'p' : 'q';
    String typo = jay.substring(0, 20) + swapped + jay.substring(21);
    expect(qp(concat(pay, typo)), 2, "the checksum does not match");
    // The same account as raw hex has no checksum: refused unless asked for explicitly.
    String hex = io.quorumpay.core.types.AccountId.parseText(jay, false).hex();
    expect(qp(concat(pay, hex)), 2, "has no checksum");
    assertThat(qp("show", "account", "--network", net, hex).err()).contains("--raw-hex");
    // An address all in lower case has no checksum either; a wrong case is a mistyped checksum.
    String[] redeem = {"redeem", "--network", net, "--wallet", wallet("ivy"), "--amount", "1", "--to"};
    expect(qp(concat(redeem, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")), 2, "has no checksum");
    expect(qp(concat(redeem, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")), 2, "the checksum does not match");
    expect(qp("deposit", "--network", net, "--wallet", wallet("ivy"), "--amount", "1", "--from",
        "0xFAFAFAFAFAFAFAFAFAFAFAFAFAFAFAFAFAFAFAFA"), 2, "has no checksum");
    assertThat(WalletFile.at(Path.of(wallet("ivy"))).load().snapshot()).as("nothing signed or sent").isEqualTo(before);

    // With --raw-hex the plain forms are taken; the output shows the checksummed ones.
    DemoCommandTest.Run raw = qp(concat(concat(pay, hex), "--raw-hex"));
    assertThat(raw.exitCode()).as(raw.err()).isZero();
    assertThat(raw.out()).contains("paid 7 QPC to " + jay);
    DemoCommandTest.Run lower = qp(concat(concat(redeem, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"), "--raw-hex"));
    assertThat(lower.exitCode()).as(lower.err()).isZero();
    assertThat(lower.out()).contains("to 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    assertThat(qp("balance", "--network", net, "--wallet", wallet("jay")).out()).contains("7 QPC");
    assertThat(qp("history", "--network", net, "--wallet", wallet("ivy")).out()).contains("to " + jay)
        .contains("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed").doesNotContain(hex);
  }

  @Test
  void payInterruptedByCtrlCSaysWhereItIsAndPaysOnceWhenRunAgain() throws Exception {
    qp("keygen", "--wallet", wallet("kim"));
    String lee = json(qp("keygen", "--wallet", wallet("lee"), "--json")).get("account").asText();
    assertThat(qp("faucet", "--network", net, "--wallet", wallet("kim"), "--amount", "100").exitCode()).isZero();
    String[] pay = {"pay", "--network", net, "--wallet", wallet("kim"), "--to", lee, "--amount", "10", "--id", "invoice-9"};

    // Authority 3 frozen: its calls run into their deadline, so the payment, once certified with the other three, spends
    // seconds confirming: the window in which Ctrl-C comes.
    ProcessHandle frozen = ProcessHandle.current().descendants().filter(p -> UpCommandTest.read(Path.of("/proc",
        Long.toString(p.pid()), "cmdline")).contains(layout.authorityFiles().get(3).toString())).findFirst().orElseThrow();
    signal("STOP", frozen.pid());
    Process child;
    try {
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
      if (Runtime.version().feature() >= 22) {
        command.add("--enable-native-access=ALL-UNNAMED");
      }
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), Qp.class.getName()));
      command.addAll(List.of(pay));
      child = new ProcessBuilder(command).redirectOutput(dir.resolve("ctrl-c.out").toFile())
          .redirectError(dir.resolve("ctrl-c.err").toFile()).start();
      WalletFile kim = WalletFile.at(Path.of(wallet("kim")));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (kim.load().snapshot().sent().isEmpty()) {
        assertThat(child.isAlive()).as("qp pay ended before it was interrupted: %s", UpCommandTest.read(dir.resolve("ctrl-c.err")))
            .isTrue();
        assertThat(System.nanoTime()).as("the payment was never certified").isLessThan(deadline);
        Thread.sleep(10);
      }
      signal("INT", child.pid());
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      signal("CONT", frozen.pid());
    }
    assertThat(child.exitValue()).as("killed by SIGINT").isEqualTo(130);
    String said = UpCommandTest.read(dir.resolve("ctrl-c.err"));
    assertThat(said).contains("interrupted: payment invoice-9 went through: it is certified (sequence number 0: 10 QPC to " + lee)
        .contains("Running the same command again finishes or shows it, never a second one");
    assertThat(UpCommandTest.read(dir.resolve("ctrl-c.out"))).doesNotContain("paid 10 QPC");

    DemoCommandTest.Run again = qp(pay);
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains("paid 10 QPC to " + lee);
    assertThat(json(qp("balance", "--network", net, "--wallet", wallet("lee"), "--json")).get("balances").get("QPC").asLong())
        .as("paid exactly once").isEqualTo(10);
    assertThat(json(qp("balance", "--network", net, "--wallet", wallet("kim"), "--json")).get("balances").get("QPC").asLong())
        .isEqualTo(90);
    assertThat(WalletFile.at(Path.of(wallet("kim"))).load().snapshot().sent()).hasSize(1);
  }

  /** Sends {@code kill -SIGNAL pid}. */
  static void signal(String signal, long pid) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor()).isZero();
  }

  static String[] concat(String[] head, String... tail) {
    String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }

  static void expect(DemoCommandTest.Run run, int exitCode, String message) {
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(exitCode);
    assertThat(run.err()).contains(message);
  }
}
