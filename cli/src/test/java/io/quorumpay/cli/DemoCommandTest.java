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
  void theDemoPaysRedeemsAndBalancesTheBooks() {
    Run run = qp("demo");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("alice -> bob: 250 QPC (across shards), certified by 3 of 4 authorities")
        .contains("alice -> carol: 75 QPC (within a shard)")
        .contains("120 QPC (to the primary)")
        .contains("primary paid out 120 QPC")
        .containsPattern("checked offline: 3 valid votes")
        .contains("alice   775 QPC", "bob    1055 QPC", "carol    50 QPC")
        .contains("primary holds 1880 QPC after paying out 120")
        .contains("money is conserved at every authority")
        .doesNotContain("MISMATCH");
    for (int a = 0; a < 4; a++) {
      assertThat(run.out()).contains("authority " + a + ": balances 1880 + redeemed 120 = deposited 2000: ok");
    }
  }

  @Test
  void theDemoRunsOnOtherCommitteeShapes() {
    Run run = qp("demo", "--authorities", "7", "--shards", "3");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("certified by 5 of 7 authorities").contains("money is conserved");
    Run single = qp("demo", "--authorities", "1", "--shards", "1");
    assertThat(single.exitCode()).as(single.err()).isZero();
    assertThat(single.out()).contains("bob -> alice: 100 QPC (within a shard)");
  }

  @Test
  void badOptionsGiveAClearMessageAndANonZeroExit() {
    Run zero = qp("demo", "--shards", "0");
    assertThat(zero.exitCode()).isEqualTo(2);
    assertThat(zero.err()).contains("1 to 64 shards");
    Run notANumber = qp("demo", "--authorities", "many");
    assertThat(notANumber.exitCode()).isEqualTo(2);
    assertThat(notANumber.err()).contains("Invalid value for option '--authorities'");
    Run unknown = qp("transmogrify");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unmatched argument");
  }
}
