package io.quorumpay.cli;

import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.config.ConfigException;
import io.quorumpay.api.config.KeyFile;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.ethereum.EthereumAsset;
import io.quorumpay.ethereum.EthereumDeployment;
import io.quorumpay.ethereum.EthereumPrimaryChain;
import io.quorumpay.ethereum.EthereumSettings;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.protocol.Web3j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qp ethereum}: the Ethereum primary's operator commands. */
@Command(name = "ethereum", mixinStandardHelpOptions = true, description = "Operate the Ethereum primary.",
    subcommands = EthereumCommand.Deploy.class)
final class EthereumCommand {

  /**
   * {@code qp ethereum deploy}: deploys the committee's contract on the network of the operator's
   * choice and prints the settings every authority and wallet folder needs.
   */
  @Command(name = "deploy", mixinStandardHelpOptions = true,
      description = {"Deploy the QuorumPay contract for a committee (every authority needs an 'ethereum' address in it) on the"
          + " Ethereum network at --endpoint, paid by the deployer's key file, and print the settings for authority.yaml.",
          "Nothing can be changed after deployment: a new committee or asset means a new contract."})
  static final class Deploy implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--committee", required = true, paramLabel = "FILE", description = "The committee file.")
    Path committeeFile;

    @Option(names = "--endpoint", required = true, paramLabel = "URL", description = "JSON-RPC endpoint of an Ethereum node.")
    String endpoint;

    @Option(names = "--deployer-key", required = true, paramLabel = "FILE",
        description = "Key file (64 hex digits, owner-only) of the account that pays for the deployment.")
    Path deployerKey;

    @Option(names = "--asset", paramLabel = "CODE=eth:UNIT|CODE=0xTOKEN:UNIT", defaultValue = "QPC=eth:1000000000",
        description = "An asset: ETH or an ERC-20 token, and its base units per QuorumPay unit; repeatable"
            + " (default: ${DEFAULT-VALUE}, 1 QPC = 1 gwei).")
    List<String> assetTexts;

    @Option(names = "--timeout-millis", defaultValue = "30000", description = "Per call to the node (default: ${DEFAULT-VALUE}).")
    long timeoutMillis;

    @Override
    public Integer call() {
      Output output = new Output(spec, false);
      List<EthereumAsset> assets = new ArrayList<>();
      CommitteeFile committee;
      Credentials deployer;
      try {
        for (String text : assetTexts) {
          assets.add(asset(text));
        }
        committee = CommitteeFile.read(committeeFile);
        deployer = Credentials.create(ECKeyPair.create(KeyFile.readSecp256k1(deployerKey)));
      } catch (ConfigException | ProtocolException e) {
        return output.error(Exit.USAGE, e.getMessage());
      }
      var signers = committee.ethereumSigners();
      if (signers.isEmpty()) {
        return output.error(Exit.USAGE, committeeFile + " gives no 'ethereum' address for its authorities; the contract"
            + " registers every authority's countersigning address");
      }
      Web3j web3j = EthereumPrimaryChain.client(endpoint, timeoutMillis);
      try {
        long chainId = web3j.ethChainId().send().getChainId().longValueExact();
        EthereumDeployment deployment = EthereumDeployment.deploy(web3j, deployer, committee.committee(), signers.get(), assets);
        EthereumSettings settings = new EthereumSettings(endpoint, chainId, deployment.contract(), deployment.block(), 5_000,
            EthereumPrimaryChain.DEFAULT_MAX_BLOCK_RANGE);
        output.result("deployed the QuorumPay contract at " + deployment.contract() + " on chain " + chainId + " in block "
            + deployment.block() + " (" + deployment.gasUsed() + " gas). In every authority.yaml:\n"
            + CommitteeFile.YAML.writeValueAsString(java.util.Map.of("primary", java.util.Map.of("ethereum", settings.toYaml()),
                "countersigningKey", "ethereum.key")), settings.toYaml());
        return Exit.OK;
      } catch (IOException | RuntimeException e) {
        return output.error(Exit.UNAVAILABLE, "the deployment failed: " + e.getMessage());
      } finally {
        web3j.shutdown();
      }
    }

    private static EthereumAsset asset(String text) throws ProtocolException {
      int equals = text.indexOf('=');
      int colon = text.lastIndexOf(':');
      if (equals < 1 || colon < equals) {
        throw new ProtocolException(new io.quorumpay.core.error.ProtocolError.Malformed("--asset", "write CODE=eth:UNIT or"
            + " CODE=0xTOKEN:UNIT, not " + text));
      }
      AssetId id = AssetId.parse(text.substring(0, equals));
      String token = text.substring(equals + 1, colon);
      BigInteger unit;
      try {
        unit = new BigInteger(text.substring(colon + 1));
      } catch (NumberFormatException e) {
        unit = BigInteger.ZERO;
      }
      if (unit.signum() <= 0) {
        throw new ProtocolException(new io.quorumpay.core.error.ProtocolError.Malformed("--asset", "the unit of " + id
            + " must be a positive whole number of base units"));
      }
      return token.equalsIgnoreCase("eth") ? EthereumAsset.ether(id, unit)
          : new EthereumAsset(id, PrimaryAddress.parse(token), unit);
    }
  }
}
