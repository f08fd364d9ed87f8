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
        .doesNotContain("MISMATCH");
  }

  @Test
  void badDemoOptionsGiveAClearMessageAndANonZeroExit() {
    Run zero = qp("demo", "--shards", "0");
    assertThat(zero.exitCode()).isEqualTo(2);
    assertThat(zero.err()).contains("1 to 8 shards");
    Run notANumber = qp("demo", "--authorities", "many");
    assertThat(notANumber.exitCode()).isEqualTo(2);
    assertThat(notANumber.err()).contains("Invalid value for option '--authorities'");
    Run unknown = qp("transmogrify");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unmatched argument");
  }
}
