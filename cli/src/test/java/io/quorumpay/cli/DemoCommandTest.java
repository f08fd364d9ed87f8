package io.quorumpay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {
  record Run(int exitCode, String out, String err) {}

  static Run qp(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Qp.commandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  @Test
  void theDemoRunsARealNetworkPaysRedeemsAndBalancesTheBooks() {
    Run run = qp("demo");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("starting the primary chain and 4 authorities x 2 shards as separate processes")
        .contains("a certificate needs weight 3 of 4")
        .contains("deposit #0: 1000 QPC from the primary faucet to alice")
        .contains("alice -> bob: 250 QPC (across shards), certified by 3 of 4 authorities")
        .contains("alice -> carol: 75 QPC (within a shard)")
        .containsPattern("checked offline: 3 valid votes, 475 bytes, confirmed by a quorum: true")
        .contains("bob redeemed 120 QPC")
        .contains("alice   775 QPC", "bob    1055 QPC", "carol    50 QPC")
        .contains("every authority agrees; balances 1880 + redeemed 120 = deposited 2000; the primary holds 1880: ok")
        .containsPattern("the hub serves at http://127\\.0\\.0\\.1:\\d+")
        .contains("the hub indexed 4 history entries of alice and reports 775 QPC (verified: 775): ok")
        .doesNotContain("MISMATCH");
  }

  /**
   * The same flows with the primary on Ethereum: anvil starts, the contract is deployed with the
   * committee's countersigning addresses, authorities follow its deposit events at depth, and the
   * redeem is paid in ETH on chain with the countersignatures the authorities gave over gRPC.
   */
  @Test
  void theEthereumDemoRunsTheSameFlowsAgainstTheContractOnAnvil() {
    long started = System.nanoTime();
    Run run = qp("demo", "--primary", "ethereum");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("starting anvil (deploying the QuorumPay contract) and 4 authorities x 2 shards as separate processes")
        .containsPattern("the QuorumPay contract is at 0x[0-9a-fA-F]{40} on chain 31337; a deposit counts 2 blocks deep")
        .containsPattern("deposit #0: 1000 QPC from the primary account 0x[0-9a-fA-F]{40} to alice")
        .contains("alice -> bob: 250 QPC (across shards), certified by 3 of 4 authorities")
        .contains("bob redeemed 120 QPC")
        .contains("holds 120000000000 wei (120 QPC at 1000000000 wei each), countersigned by the committee: ok")
        .contains("every authority agrees; balances 1880 + redeemed 120 = deposited 2000; the primary holds 1880: ok")
        .doesNotContain("MISMATCH");
    System.out.printf("ethereum demo: %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  @Test
  void badDemoOptionsGiveAClearMessageAndANonZeroExit() {
    Run zero = qp("demo", "--shards", "0");
    assertThat(zero.exitCode()).isEqualTo(2);
    assertThat(zero.err()).contains("1 to 8 shards");
    Run notANumber = qp("demo", "--authorities", "many");
    assertThat(notANumber.exitCode()).isEqualTo(2);
    assertThat(notANumber.err()).contains("Invalid value for option '--authorities'");
    Run badPrimary = qp("demo", "--primary", "bitcoin");
    assertThat(badPrimary.exitCode()).isEqualTo(2);
    assertThat(badPrimary.err()).contains("Invalid value for option '--primary'");
    Run unknown = qp("transmogrify");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unmatched argument");
  }
}
