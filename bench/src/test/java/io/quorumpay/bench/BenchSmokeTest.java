package io.quorumpay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmarks still run, at a tiny scale: every order gets its vote and every certificate
 * applies (a refusal would fail the run), and restart loads every account. No speed is asserted
 * here; figures come from scripts/bench.
 */
class BenchSmokeTest {
  @TempDir
  Path dir;

  @Test
  void theAuthorityBenchmarkAppliesEveryPaymentInMemoryAndOnDisk() throws Exception {
    AuthorityThroughput.Result memory = AuthorityThroughput.run(4, 2, 300, false, 2, dir.resolve("memory"));
    AuthorityThroughput.Result durable = AuthorityThroughput.run(4, 2, 300, true, 2, dir.resolve("durable"));
    AuthorityThroughput.Result larger = AuthorityThroughput.run(7, 1, 100, false, 2, dir.resolve("larger"));
    assertThat(memory.payments()).isEqualTo(300);
    assertThat(durable.payments()).isEqualTo(300);
    assertThat(larger.payments()).isEqualTo(100);
    assertThat(durable.paymentsPerSecond()).isPositive();
  }

  @Test
  void theRestartBenchmarkLoadsEveryAccount() throws Exception {
    assertThat(RestartBench.run(5_000, dir.resolve("restart")).accounts()).isEqualTo(5_000);
  }

  @Test
  void theCryptoBoundFollowsFromTheMeasuredRates() {
    CryptoBound bound = new CryptoBound(2, 80_000, 40_000, 3);
    // 1 sign at 80,000/s and 4 verifies at 40,000/s: 12.5 us + 100 us per payment.
    assertThat(bound.paymentsPerSecond()).isCloseTo(8_888.9, org.assertj.core.data.Offset.offset(0.1));
    // Without verifying its own vote: 12.5 us + 75 us.
    assertThat(bound.paymentsPerSecondWithoutOwnVote()).isCloseTo(11_428.6, org.assertj.core.data.Offset.offset(0.1));
  }
}
