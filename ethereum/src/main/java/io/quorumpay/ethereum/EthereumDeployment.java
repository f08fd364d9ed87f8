package io.quorumpay.ethereum;

import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.ethereum.contracts.QuorumPayPrimary;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Deploys the QuorumPay contract for a committee: its network id and committee digest, each
 * authority's Ethereum address (its secp256k1 countersigning key) with the authority's weight, and
 * the assets. Nothing can be changed after deployment; a new committee means a new contract.
 *
 * @param contract the contract's address
 * @param block the block that created it: where deposit logs start
 * @param gasUsed what the deployment cost
 */
public record EthereumDeployment(PrimaryAddress contract, long block, long gasUsed) {

  /** Deploys from {@code deployer}; {@code signers} gives every member's Ethereum address. */
  public static EthereumDeployment deploy(Web3j web3j, Credentials deployer, Committee committee,
      Map<AuthorityName, PrimaryAddress> signers, List<EthereumAsset> assets) throws IOException {
    List<String> addresses = new ArrayList<>();
    List<BigInteger> weights = new ArrayList<>();
    for (Map.Entry<AuthorityName, Long> member : committee.weights().entrySet()) {
      PrimaryAddress signer = signers.get(member.getKey());
      if (signer == null) {
        throw new IllegalArgumentException("no Ethereum address for authority " + member.getKey());
      }
      addresses.add(EthereumPrimaryChain.hex(signer));
      weights.add(BigInteger.valueOf(member.getValue()));
    }
    try {
      long chainId = web3j.ethChainId().send().getChainId().longValueExact();
      RawTransactionManager transactions = new RawTransactionManager(web3j, deployer, chainId,
          new PollingTransactionReceiptProcessor(web3j, 50, 1200));
      BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice();
      QuorumPayPrimary deployed = QuorumPayPrimary.deploy(web3j, transactions,
          new StaticGasProvider(gasPrice, BigInteger.valueOf(5_000_000)), committee.network().bytes().toArray(),
          committee.digest().toArray(), addresses, weights, assets.stream().map(a -> a.id().toBytes()).toList(),
          assets.stream().map(a -> EthereumPrimaryChain.hex(a.token())).toList(),
          assets.stream().map(EthereumAsset::unit).toList()).send();
      TransactionReceipt receipt = deployed.getTransactionReceipt().orElseThrow();
      return new EthereumDeployment(EthereumPrimaryChain.address(deployed.getContractAddress()),
          receipt.getBlockNumber().longValueExact(), receipt.getGasUsed().longValueExact());
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("deploying the QuorumPay contract failed: " + e.getMessage(), e);
    }
  }
}
