package io.quorumpay.ethereum;

import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.types.PrimaryAddress;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * Checks docs/PROTOCOL.md's Ethereum section against the code: the countersigned digest and
 * signature test vector byte for byte, and the list of the contract's errors.
 */
class EthereumVectorsTest {
  static final Pattern BLOCK = Pattern.compile("```ethereum-vector ([a-z0-9-]+)\\n(.*?)```", Pattern.DOTALL);
  static final HexFormat HEX = HexFormat.of();

  static Map<String, String> vector(String document, String name) {
    Matcher matcher = BLOCK.matcher(document);
    while (matcher.find()) {
      if (matcher.group(1).equals(name)) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : matcher.group(2).strip().split("\n")) {
          int colon = line.indexOf(": ");
          fields.put(line.substring(0, colon), line.substring(colon + 2).strip());
        }
        return fields;
      }
    }
    throw new AssertionError("docs/PROTOCOL.md has no ethereum-vector " + name);
  }

  static Map<String, String> computed(String orderHex) throws Exception {
    ECKeyPair key = ECKeyPair.create(new BigInteger("11".repeat(32), 16));
    long chainId = Anvil.CHAIN_ID;
    PrimaryAddress contract = EthereumPrimaryChain.address("0x5fbdb2315678afecb367f032d93f642f64180aa3");
    TransferOrder order = TransferOrder.decode(HEX.parseHex(orderHex));
    RedeemCountersignature signature = RedeemCountersignature.sign(key, chainId, contract, order);
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("countersigning-secret-key", "11".repeat(32));
    fields.put("signer-address", "0x" + Keys.getAddress(key.getPublicKey()));
    fields.put("chain-id", Long.toString(chainId));
    fields.put("contract", "0x5fbdb2315678afecb367f032d93f642f64180aa3");
    fields.put("order", orderHex);
    fields.put("payload", HEX.formatHex(RedeemCountersignature.payload(chainId, contract, order)));
    fields.put("digest", HEX.formatHex(RedeemCountersignature.digest(chainId, contract, order)));
    fields.put("signature", HEX.formatHex(signature.signature()));
    return fields;
  }

  @Test
  void theDocumentedCountersignatureIsWhatTheCodeProduces() throws Exception {
    String document = Files.readString(Path.of("..", "docs", "PROTOCOL.md"));
    Map<String, String> documented = vector(document, "redeem-countersignature");
    Map<String, String> computed = computed(documented.get("order"));
    assertThat(documented).as("docs/PROTOCOL.md differs from the code, whose vector is:%n%s", computed).isEqualTo(computed);
    // The order is the documented redeem order, and the signature recovers to the signer.
    Matcher redeem = Pattern.compile("```vector redeem-order\\n.*?payload: ([0-9a-f]+)", Pattern.DOTALL).matcher(document);
    assertThat(redeem.find()).isTrue();
    assertThat(documented.get("order")).isEqualTo(redeem.group(1));
    byte[] sig = HEX.parseHex(documented.get("signature"));
    BigInteger recovered = Sign.signedMessageHashToKey(HEX.parseHex(documented.get("digest")),
        new Sign.SignatureData(sig[64], java.util.Arrays.copyOfRange(sig, 0, 32), java.util.Arrays.copyOfRange(sig, 32, 64)));
    assertThat("0x" + Keys.getAddress(recovered)).isEqualTo(documented.get("signer-address"));
  }

  @Test
  void theDocumentedContractErrorsAreTheContractsErrors() throws IOException {
    String document = Files.readString(Path.of("..", "docs", "PROTOCOL.md"));
    String section = document.substring(document.indexOf("### Contract errors"));
    section = section.substring(0, section.indexOf("\n## "));
    Matcher names = Pattern.compile("^\\| `([A-Za-z]+)` \\|", Pattern.MULTILINE).matcher(section);
    List<String> documented = names.results().map(m -> m.group(1)).sorted().toList();
    assertThat(documented).isEqualTo(ContractErrors.names());
  }
}
