package io.quorumpay.cli;

import static io.quorumpay.cli.DemoCommandTest.qp;
import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.config.KeyFile;
import io.quorumpay.authority.local.FreePorts;
import io.quorumpay.authority.local.LocalNetwork;
import io.quorumpay.ethereum.Anvil;
import io.quorumpay.ethereum.EthereumSettings;
import io.quorumpay.core.types.PrimaryAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.utils.Numeric;

/** {@code qp ethereum deploy} on a real anvil, from a committee file and a deployer key file. */
class EthereumDeployCommandTest {
  @TempDir
  Path dir;

  @Test
  void deploysTheCommitteesContractFromAKeyFileAndRefusesBadInput() throws Exception {
    LocalNetwork.Layout layout = LocalNetwork.init(dir.resolve("net"), LocalNetwork.uniqueName("deploy"), 4, 1, false,
        FreePorts::next);
    Path key = dir.resolve("deployer.key");
    KeyFile.writeSecp256k1(key, Numeric.hexStringToByteArray(Anvil.DEV_KEYS.get(1)));
    try (Anvil anvil = Anvil.start()) {
      DemoCommandTest.Run run = qp("ethereum", "deploy", "--committee", layout.committeeFile().toString(), "--endpoint",
          anvil.endpoint(), "--deployer-key", key.toString());
      assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
      assertThat(run.out()).containsPattern("deployed the QuorumPay contract at 0x[0-9a-fA-F]{40} on chain 31337 in block \\d+")
          .contains("countersigningKey: \"ethereum.key\"").contains("chainId: 31337");
      String contract = run.out().replaceAll("(?s).*contract at (0x[0-9a-fA-F]{40}).*", "$1");
      CommitteeFile committee = CommitteeFile.read(layout.committeeFile());
      // The contract there is this committee's: connecting checks its network id and committee digest.
      new EthereumSettings(anvil.endpoint(), Anvil.CHAIN_ID, PrimaryAddress.parse(contract), 0, 5_000, 100)
          .connect(committee.committee(), null, null).close();

      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
      DemoCommandTest.Run readable = qp("ethereum", "deploy", "--committee", layout.committeeFile().toString(), "--endpoint",
          anvil.endpoint(), "--deployer-key", key.toString());
      assertThat(readable.exitCode()).isEqualTo(2);
      assertThat(readable.err()).contains("is accessible to others").doesNotContain(Anvil.DEV_KEYS.get(1).substring(2));
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
      DemoCommandTest.Run badAsset = qp("ethereum", "deploy", "--committee", layout.committeeFile().toString(), "--endpoint",
          anvil.endpoint(), "--deployer-key", key.toString(), "--asset", "QPC=eth:0");
      assertThat(badAsset.exitCode()).isEqualTo(2);
      assertThat(badAsset.err()).contains("positive whole number");
      DemoCommandTest.Run down = qp("ethereum", "deploy", "--committee", layout.committeeFile().toString(), "--endpoint",
          "http://127.0.0.1:1", "--deployer-key", key.toString(), "--timeout-millis", "1000");
      assertThat(down.exitCode()).isEqualTo(1);
      assertThat(down.err()).contains("the deployment failed");
    }
  }
}
