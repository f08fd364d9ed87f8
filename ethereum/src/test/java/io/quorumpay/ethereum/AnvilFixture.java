package io.quorumpay.ethereum;

import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.ethereum.contracts.QuorumPayPrimary;
import io.quorumpay.ethereum.testcontracts.TestToken;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/** A real anvil with the test tokens and a QuorumPay contract for a {@link TestNetwork}. */
final class AnvilFixture implements AutoCloseable {
  static final AssetId QPC = TestNetwork.asset("QPC"); // ETH, 1 wei per unit
  static final AssetId GWEI = TestNetwork.asset("GWEI"); // ETH, 1 gwei per unit
  static final AssetId USD = TestNetwork.asset("USD"); // TestToken
  static final AssetId FEE = TestNetwork.asset("FEE"); // FeeToken
  static final AssetId FALSE = TestNetwork.asset("FALSE"); // FalseToken
  static final AssetId NORET = TestNetwork.asset("NORET"); // NoReturnToken
  static final AssetId NOTREG = TestNetwork.asset("NOTREG"); // not registered

  final Anvil anvil;
  final Web3j web3j;
  final Credentials deployer = Credentials.create(Anvil.DEV_KEYS.get(0));
  final Credentials user = Credentials.create(Anvil.DEV_KEYS.get(1));
  final TransactionManager userTx;
  final StaticGasProvider gas = new StaticGasProvider(BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(3_000_000));
  final TestNetwork network;
  final TestToken usd;
  final TestToken fee;
  final TestToken falseToken;
  final TestToken noReturn;
  final EthereumDeployment deployment;
  final QuorumPayPrimary contract;

  AnvilFixture(TestNetwork network) throws Exception {
    this.network = network;
    anvil = Anvil.start();
    web3j = EthereumPrimaryChain.client(anvil.endpoint(), 10_000);
    userTx = new RawTransactionManager(web3j, user, Anvil.CHAIN_ID, new PollingTransactionReceiptProcessor(web3j, 50, 600));
    TransactionManager deployerTx = new RawTransactionManager(web3j, deployer, Anvil.CHAIN_ID,
        new PollingTransactionReceiptProcessor(web3j, 50, 600));
    usd = TestToken.deploy(web3j, deployerTx, gas).send();
    fee = TestToken.load(deployRaw(deployerTx, "FeeToken"), web3j, userTx, gas);
    falseToken = TestToken.load(deployRaw(deployerTx, "FalseToken"), web3j, userTx, gas);
    noReturn = TestToken.load(deployRaw(deployerTx, "NoReturnToken"), web3j, userTx, gas);
    deployment = EthereumDeployment.deploy(web3j, deployer, network.committee, network.signers(), List.of(
        EthereumAsset.ether(QPC, BigInteger.ONE), EthereumAsset.ether(GWEI, BigInteger.TEN.pow(9)),
        new EthereumAsset(USD, EthereumPrimaryChain.address(usd.getContractAddress()), BigInteger.ONE),
        new EthereumAsset(FEE, EthereumPrimaryChain.address(fee.getContractAddress()), BigInteger.ONE),
        new EthereumAsset(FALSE, EthereumPrimaryChain.address(falseToken.getContractAddress()), BigInteger.ONE),
        new EthereumAsset(NORET, EthereumPrimaryChain.address(noReturn.getContractAddress()), BigInteger.ONE)));
    contract = QuorumPayPrimary.load(EthereumPrimaryChain.hex(deployment.contract()), web3j, userTx, gas);
  }

  String deployRaw(TransactionManager tx, String name) throws Exception {
    String bin = resource(name + ".bin");
    EthSendTransaction sent = tx.sendTransaction(gas.getGasPrice(), gas.getGasLimit(), null, bin, BigInteger.ZERO);
    if (sent.hasError()) {
      throw new IOException(sent.getError().getMessage());
    }
    return receipt(sent.getTransactionHash()).getContractAddress();
  }

  static String resource(String name) throws IOException {
    try (InputStream in = AnvilFixture.class.getResourceAsStream("/io/quorumpay/ethereum/testcontracts/" + name)) {
      if (in == null) {
        throw new IOException("no compiled test contract " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
    }
  }

  TransactionReceipt receipt(String hash) throws Exception {
    return new PollingTransactionReceiptProcessor(web3j, 50, 600).waitForTransactionReceipt(hash);
  }

  PrimaryAddress contractAddress() {
    return deployment.contract();
  }

  /** The contract's error name if a call from the user of {@code data} with {@code value} would revert, else null. */
  String simulate(String data, BigInteger value) throws IOException {
    EthEstimateGas estimate = web3j.ethEstimateGas(Transaction.createFunctionCallTransaction(user.getAddress(), null,
        null, null, EthereumPrimaryChain.hex(contractAddress()), value, data)).send();
    if (!estimate.hasError()) {
      return null;
    }
    ContractErrors.Decoded decoded = ContractErrors.decode(estimate.getError().getData());
    return decoded == null ? "undecoded: " + estimate.getError().getMessage() : decoded.name();
  }

  /** Sends a call from the user and returns the receipt, failing on a revert. */
  TransactionReceipt send(String data, BigInteger value) throws Exception {
    String refusal = simulate(data, value);
    if (refusal != null) {
      throw new AssertionError("the contract refused: " + refusal);
    }
    EthSendTransaction sent = userTx.sendTransaction(gas.getGasPrice(), BigInteger.valueOf(1_000_000),
        EthereumPrimaryChain.hex(contractAddress()), data, value);
    if (sent.hasError()) {
      throw new IOException(sent.getError().getMessage());
    }
    TransactionReceipt receipt = receipt(sent.getTransactionHash());
    if (!receipt.isStatusOK()) {
      throw new AssertionError("reverted: " + receipt);
    }
    return receipt;
  }

  BigInteger balance(String address) throws IOException {
    return web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
  }

  /** Calls an anvil/evm helper method. */
  String rpc(String method, Object... params) throws IOException {
    Response<?> response = new Request<>(method, List.of(params), new HttpService(anvil.endpoint()), RawResponse.class).send();
    if (response.hasError()) {
      throw new IOException(method + ": " + response.getError().getMessage());
    }
    return String.valueOf(response.getResult());
  }

  /** Mines {@code blocks} empty blocks. */
  void mine(int blocks) throws IOException {
    rpc("anvil_mine", "0x" + Integer.toHexString(blocks));
  }

  /** A JSON-RPC response whose result is kept as it came. */
  public static final class RawResponse extends Response<Object> {}

  @Override
  public void close() {
    web3j.shutdown();
    anvil.close();
  }
}
