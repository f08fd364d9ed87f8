package io.quorumpay.ethereum;

import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.config.ConfigException;
import io.quorumpay.api.config.KeyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;

/**
 * A network folder's {@code ethereum.yaml}, which stands where a dev-chain network has its
 * primary.yaml: where the contract is ({@link EthereumSettings}), the key file of the account that
 * sends wallets' deposits and redeems (and pays their gas), and, for a local network, how
 * {@code qp up} runs anvil. Paths are relative to the file.
 *
 * <pre>
 * endpoint: http://127.0.0.1:7000
 * chainId: 31337
 * contract: 0x5fbd...
 * fromBlock: 0
 * account: ethereum/account.key          # secp256k1, owner-only
 * anvil: {state: ethereum/anvil-state.json, blockSeconds: 1}   # only for a local anvil that qp up starts
 * </pre>
 */
public record EthereumNetworkFile(Path file, EthereumSettings settings, Path accountKey, Optional<LocalAnvil> anvil) {
  /** The file's name in a network folder. */
  public static final String NAME = "ethereum.yaml";

  /** A local anvil: where it keeps its state between runs, and seconds per block. */
  public record LocalAnvil(Path state, int blockSeconds) {}

  record Raw(String endpoint, Long chainId, String contract, Long fromBlock, Long timeoutMillis, Integer maxBlockRange,
      String account, RawAnvil anvil) {}

  record RawAnvil(String state, Integer blockSeconds) {}

  /** Reads and checks {@code file}. */
  public static EthereumNetworkFile read(Path file) throws ConfigException {
    Raw raw;
    try {
      raw = CommitteeFile.YAML.readValue(Files.readString(file), Raw.class);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (raw == null || raw.account() == null) {
      throw new ConfigException(file + ": needs 'account', the key file of the account that sends deposits and redeems");
    }
    EthereumSettings settings = EthereumSettings.of(new EthereumSettings.Raw(raw.endpoint(), raw.chainId(), raw.contract(),
        raw.fromBlock(), raw.timeoutMillis(), raw.maxBlockRange()), file.toString());
    Path base = file.toAbsolutePath().getParent();
    Optional<LocalAnvil> anvil = Optional.empty();
    if (raw.anvil() != null) {
      if (raw.anvil().state() == null) {
        throw new ConfigException(file + ": anvil needs 'state', the file anvil keeps its chain in");
      }
      int seconds = raw.anvil().blockSeconds() == null ? 1 : raw.anvil().blockSeconds();
      if (seconds < 1 || seconds > 60) {
        throw new ConfigException(file + ": anvil.blockSeconds must be 1 to 60");
      }
      anvil = Optional.of(new LocalAnvil(base.resolve(raw.anvil().state()), seconds));
    }
    return new EthereumNetworkFile(file, settings, base.resolve(raw.account()), anvil);
  }

  /** Writes the file; {@code account} and the anvil state path are written relative to its folder. */
  public static void write(Path file, EthereumSettings settings, String account, Optional<String> anvilState, int blockSeconds)
      throws IOException {
    Map<String, Object> yaml = new LinkedHashMap<>(settings.toYaml());
    yaml.put("account", account);
    anvilState.ifPresent(state -> yaml.put("anvil", Map.of("state", state, "blockSeconds", blockSeconds)));
    Files.writeString(file, CommitteeFile.YAML.writeValueAsString(yaml));
  }

  /** The account's credentials, from its key file (owner-only). */
  public Credentials account() throws ConfigException {
    return Credentials.create(ECKeyPair.create(KeyFile.readSecp256k1(accountKey)));
  }
}
