package io.quorumpay.ethereum;

import io.quorumpay.api.config.ConfigException;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.types.PrimaryAddress;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;

/**
 * Where a QuorumPay contract is and how to read it, as config files give it (the {@code ethereum}
 * section of authority.yaml, and a network folder's ethereum.yaml):
 *
 * <pre>
 * endpoint: http://127.0.0.1:8545   # the JSON-RPC endpoint of an Ethereum node
 * chainId: 31337                    # the chain the contract is on; a node on another chain is refused
 * contract: 0x5fbd...               # the contract's address
 * fromBlock: 0                      # its deployment block: deposit logs are read from there
 * timeoutMillis: 5000               # every call to the node gives up after this long
 * maxBlockRange: 1000               # blocks per log query, for providers that cap it
 * </pre>
 */
public record EthereumSettings(String endpoint, long chainId, PrimaryAddress contract, long fromBlock, long timeoutMillis,
    int maxBlockRange) {

  /** The section as YAML holds it. */
  public record Raw(String endpoint, Long chainId, String contract, Long fromBlock, Long timeoutMillis, Integer maxBlockRange) {}

  /** Checks a section read from {@code where} (named in messages). */
  public static EthereumSettings of(Raw raw, String where) throws ConfigException {
    if (raw == null || raw.endpoint() == null || raw.chainId() == null || raw.contract() == null) {
      throw new ConfigException(where + ": the Ethereum settings need 'endpoint', 'chainId' and 'contract'");
    }
    if (!raw.endpoint().startsWith("http://") && !raw.endpoint().startsWith("https://")) {
      throw new ConfigException(where + ": endpoint " + raw.endpoint() + " is not an http:// or https:// URL");
    }
    PrimaryAddress contract;
    try {
      contract = PrimaryAddress.parse(raw.contract());
    } catch (ProtocolException e) {
      throw new ConfigException(where + ": contract: " + e.getMessage());
    }
    long fromBlock = raw.fromBlock() == null ? 0 : raw.fromBlock();
    long timeout = raw.timeoutMillis() == null ? 5_000 : raw.timeoutMillis();
    int range = raw.maxBlockRange() == null ? EthereumPrimaryChain.DEFAULT_MAX_BLOCK_RANGE : raw.maxBlockRange();
    if (raw.chainId() <= 0 || fromBlock < 0 || timeout < 100 || timeout > 600_000 || range < 1) {
      throw new ConfigException(where + ": chainId must be positive, fromBlock at least 0, timeoutMillis 100 to 600000 and"
          + " maxBlockRange at least 1");
    }
    return new EthereumSettings(raw.endpoint(), raw.chainId(), contract, fromBlock, timeout, range);
  }

  /** These settings as YAML writes them. */
  public Map<String, Object> toYaml() {
    Map<String, Object> yaml = new LinkedHashMap<>();
    yaml.put("endpoint", endpoint);
    yaml.put("chainId", chainId);
    yaml.put("contract", contract.toString());
    yaml.put("fromBlock", fromBlock);
    yaml.put("timeoutMillis", timeoutMillis);
    yaml.put("maxBlockRange", maxBlockRange);
    return yaml;
  }

  /** A JSON-RPC client for the endpoint, with the timeout. */
  public Web3j client() {
    return EthereumPrimaryChain.client(endpoint, timeoutMillis);
  }

  /**
   * Connects to the contract for {@code committee} (see {@link EthereumPrimaryChain#connect}),
   * first checking that the node is on the configured chain. With a null {@code account} the
   * connection only reads (an authority's). A node that answers as another chain or contract is a
   * {@link ChainMismatchException}; one that does not answer, a plain IOException.
   */
  public EthereumPrimaryChain connect(Committee committee, Credentials account, Countersigner countersigner) throws IOException {
    Web3j web3j = client();
    try {
      long nodeChain;
      try {
        nodeChain = web3j.ethChainId().send().getChainId().longValueExact();
      } catch (IOException | RuntimeException e) {
        throw new IOException("the Ethereum node at " + endpoint + " did not answer: " + e.getMessage(), e);
      }
      Optional<String> mismatch = ContractCheck.chainMismatch(endpoint, chainId, nodeChain);
      if (mismatch.isPresent()) {
        throw new ChainMismatchException(mismatch.get());
      }
      return EthereumPrimaryChain.connect(web3j, contract, fromBlock, maxBlockRange, committee, account, countersigner);
    } catch (IOException | RuntimeException e) {
      web3j.shutdown();
      throw e;
    }
  }
}
