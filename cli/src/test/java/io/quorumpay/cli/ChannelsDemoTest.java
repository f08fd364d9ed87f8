package io.quorumpay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code qp channels demo} runs its whole story on a real local network and its books add up. */
class ChannelsDemoTest {
  @Test
  void theChannelsDemoPaysAThousandCallsClaimsRefundsAndBalancesTheBooks() {
    DemoCommandTest.Run run = DemoCommandTest.qp("channels", "demo");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("the proxy learned it from the call", "on 8 threads at once on the one channel",
        "the buyer followed the claim to nonce 1", "1000 paid calls served", "the buyer refunded",
        "all 4 authorities agree", "every check holds");
    assertThat(run.out()).doesNotContain("MISMATCH", "FAILED");
  }

  @Test
  void badArgumentsAreRefusedBeforeAnythingStarts() {
    DemoCommandTest.Run run = DemoCommandTest.qp("channels", "demo", "--calls", "5");
    assertThat(run.exitCode()).isEqualTo(Exit.USAGE);
    assertThat(run.err()).contains("20 to 100000 calls");
  }
}
