package io.quorumpay.ethereum;

import io.quorumpay.api.primary.ChainStatus;
import io.quorumpay.api.primary.ConfirmedDeposits;
import io.quorumpay.api.primary.DepositReceipt;
import io.quorumpay.api.primary.PrimaryChain;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.primary.RedeemReceipt;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.ethereum.contracts.QuorumPayPrimary;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * The primary chain on Ethereum: the QuorumPay contract (ethereum/src/main/solidity) reached over
 * JSON-RPC with web3j. Deposits are the contract's {@code Deposited} events, read at the asked
 * depth; a redeem checks the certificate against the committee here (a clear refusal, no gas),
 * collects the committee's countersignatures through a {@link Countersigner}, and submits them.
 *
 * <p>Transactions (deposits, redeems) are sent from one account, {@code account}. Every call to the
 * node is bounded by the configured timeout; a node that is down, slow or answers nonsense is an
 * IOException, a contract refusal is a ProtocolException (for codes the protocol knows) or a
 * {@link ContractRefusal}, and neither moves funds. Thread-safe: transactions are sent one at a time.
 */
public final class EthereumPrimaryChain implements PrimaryChain {
  /** A throwaway identity for read-only connections: it never signs anything that is sent. */
  private static final Credentials READER = Credentials.create("0x1");
  private static final String DEPOSITED_TOPIC = EventEncoder.encode(QuorumPayPrimary.DEPOSITED_EVENT);
  /** Blocks per log query unless told otherwise: within what public providers allow. */
  public static final int DEFAULT_MAX_BLOCK_RANGE = 1_000;

  private final Web3j web3j;
  private final Committee committee;
  private final Credentials account;
  private final Countersigner countersigner;
  private final long chainId;
  private final PrimaryAddress contractAddress;
  private final long fromBlock;
  private final RawTransactionManager transactions;
  private final PollingTransactionReceiptProcessor receipts;
  private final QuorumPayPrimary contract;
  private final Map<AssetId, EthereumAsset> assets;
  private final int maxBlockRange;
  /** Deposits from index hintIndex on are in blocks from hintBlock on (learnt from logs at depth). */
  private long hintIndex = -1;
  private long hintBlock;

  private EthereumPrimaryChain(Web3j web3j, Committee committee, Credentials account, Countersigner countersigner,
      long chainId, PrimaryAddress contractAddress, long fromBlock, int maxBlockRange, Map<AssetId, EthereumAsset> assets) {
    if (maxBlockRange < 1) {
      throw new IllegalArgumentException("maxBlockRange is at least 1");
    }
    this.maxBlockRange = maxBlockRange;
    this.web3j = web3j;
    this.committee = committee;
    this.account = account;
    this.countersigner = countersigner;
    this.chainId = chainId;
    this.contractAddress = contractAddress;
    this.fromBlock = fromBlock;
    this.receipts = new PollingTransactionReceiptProcessor(web3j, 50, 1200);
    // A read-only connection (an authority's) has no account; calls still need a "from".
    this.transactions = new RawTransactionManager(web3j, account == null ? READER : account, chainId, receipts);
    this.contract = QuorumPayPrimary.load(hex(contractAddress), web3j, transactions,
        new StaticGasProvider(BigInteger.ONE, BigInteger.valueOf(1_000_000)));
    this.assets = assets;
  }

  /** A JSON-RPC client for {@code endpoint} whose calls give up after {@code timeoutMillis}. */
  public static Web3j client(String endpoint, long timeoutMillis) {
    OkHttpClient http = new OkHttpClient.Builder().connectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .readTimeout(timeoutMillis, TimeUnit.MILLISECONDS).writeTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .callTimeout(timeoutMillis, TimeUnit.MILLISECONDS).build();
    return Web3j.build(new HttpService(endpoint, http));
  }

  /**
   * Connects to the contract at {@code contractAddress} and checks that it is this committee's:
   * same network id, same committee digest. {@code fromBlock} is where deposit logs start (the
   * deployment block). Refuses a contract for another network or committee, or an address without
   * one, with a {@link ChainMismatchException}; a node that does not answer is a plain IOException.
   */
  public static EthereumPrimaryChain connect(Web3j web3j, PrimaryAddress contractAddress, long fromBlock,
      Committee committee, Credentials account, Countersigner countersigner) throws IOException {
    return connect(web3j, contractAddress, fromBlock, DEFAULT_MAX_BLOCK_RANGE, committee, account, countersigner);
  }

  /**
   * Like {@link #connect(Web3j, PrimaryAddress, long, Committee, Credentials, Countersigner)}, reading
   * logs at most {@code maxBlockRange} blocks per query; with a null {@code account} (and
   * countersigner) the connection only reads: deposits and redeems are refused.
   */
  public static EthereumPrimaryChain connect(Web3j web3j, PrimaryAddress contractAddress, long fromBlock, int maxBlockRange,
      Committee committee, Credentials account, Countersigner countersigner) throws IOException {
    long chainId = call(() -> web3j.ethChainId().send()).getChainId().longValueExact();
    EthereumPrimaryChain chain = new EthereumPrimaryChain(web3j, committee, account, countersigner, chainId,
        contractAddress, fromBlock, maxBlockRange, Map.of());
    String code = call(() -> web3j.ethGetCode(hex(contractAddress), DefaultBlockParameterName.LATEST).send()).getCode();
    Optional<ContractCheck.Identity> identity = Optional.empty();
    if (code != null && !code.equals("0x")) {
      identity = Optional.of(new ContractCheck.Identity(Bytes.copyOf(contractCall(contractAddress, chain.contract.networkId())),
          Bytes.copyOf(contractCall(contractAddress, chain.contract.committeeId()))));
    }
    Optional<String> mismatch = ContractCheck.contractMismatch(contractAddress, identity, committee);
    if (mismatch.isPresent()) {
      throw new ChainMismatchException(mismatch.get());
    }
    Map<AssetId, EthereumAsset> assets = new LinkedHashMap<>();
    for (Object id : contractCall(contractAddress, chain.contract.assets())) {
      byte[] raw = (byte[]) (id instanceof org.web3j.abi.datatypes.Type<?> t ? t.getValue() : id);
      var info = contractCall(contractAddress, chain.contract.assetInfo(raw));
      try {
        AssetId asset = AssetId.fromBytes(raw);
        assets.put(asset, new EthereumAsset(asset, address(info.component2()), info.component3()));
      } catch (ProtocolException e) {
        throw new ChainMismatchException("the contract at " + contractAddress + " registered an asset id QuorumPay cannot read");
      }
    }
    return new EthereumPrimaryChain(web3j, committee, account, countersigner, chainId, contractAddress, fromBlock,
        maxBlockRange, Map.copyOf(assets));
  }

  /**
   * One read of the contract: a node that does not answer is an IOException; code that does not
   * answer as the QuorumPay contract (a revert, an empty result) is a mismatch.
   */
  private static <T> T contractCall(PrimaryAddress contractAddress, org.web3j.protocol.core.RemoteFunctionCall<T> read)
      throws IOException {
    try {
      return read.send();
    } catch (IOException e) {
      throw new IOException("the Ethereum node did not answer: " + e.getMessage(), e);
    } catch (Exception e) {
      throw new ChainMismatchException("the contract at " + contractAddress + " does not answer as a QuorumPay contract: "
          + e.getMessage());
    }
  }

  /** The chain id the node reports. */
  public long chainId() {
    return chainId;
  }

  /** The contract's address. */
  public PrimaryAddress contractAddress() {
    return contractAddress;
  }

  /** The account that sends this chain's transactions (deposits come from it); none on a read-only connection. */
  public PrimaryAddress account() {
    if (account == null) {
      throw new IllegalStateException("a read-only connection to the Ethereum primary has no account");
    }
    return address(account.getAddress());
  }

  private Credentials sender() throws IOException {
    if (account == null) {
      throw new IOException("this connection to the Ethereum primary only reads: it has no account to send transactions from");
    }
    return account;
  }

  /** The ETH balance of {@code address}, in wei. */
  public BigInteger etherBalance(PrimaryAddress address) throws IOException {
    return call(() -> web3j.ethGetBalance(hex(address), DefaultBlockParameterName.LATEST).send()).getBalance();
  }

  /** The assets the contract registered. */
  public Map<AssetId, EthereumAsset> assets() {
    return assets;
  }

  /**
   * Deposits from this chain's account ({@code depositor} must be it): ETH is sent with the call,
   * a token is first approved to the contract. The receipt's block is the deposit's block.
   */
  @Override
  public synchronized DepositReceipt deposit(PrimaryAddress depositor, AccountId recipient, AssetId asset, Amount amount)
      throws ProtocolException, IOException {
    if (amount.isZero()) {
      throw new ProtocolException(new ProtocolError.ZeroAmount());
    }
    if (!depositor.equals(address(sender().getAddress()))) {
      throw new IOException("this node deposits from " + account() + " only, not from " + depositor);
    }
    EthereumAsset registered = assets.get(asset);
    if (registered == null) {
      throw new ContractRefusal(new ContractErrors.Decoded("UnknownAsset",
          List.of(new org.web3j.abi.datatypes.Utf8String(asset.code()))));
    }
    byte[] to = recipient.key().bytes().toArray();
    BigInteger units = BigInteger.valueOf(amount.units());
    TransactionReceipt receipt;
    if (registered.isEther()) {
      receipt = transact(contract.depositEth(to, asset.toBytes(), units.multiply(registered.unit())).encodeFunctionCall(),
          units.multiply(registered.unit()));
    } else {
      String approve = org.web3j.abi.FunctionEncoder.encode(new org.web3j.abi.datatypes.Function("approve",
          List.of(new org.web3j.abi.datatypes.Address(hex(registered.token())),
              new org.web3j.abi.datatypes.generated.Uint256(units.multiply(registered.unit()))), List.of()));
      transact(hex(registered.token()), approve, BigInteger.ZERO);
      receipt = transact(contract.depositToken(to, asset.toBytes(), units).encodeFunctionCall(), BigInteger.ZERO);
    }
    List<QuorumPayPrimary.DepositedEventResponse> events = QuorumPayPrimary.getDepositedEvents(receipt);
    if (events.size() != 1) {
      throw new IOException("the deposit transaction " + receipt.getTransactionHash() + " logged " + events.size() + " deposits");
    }
    return new DepositReceipt(deposit(events.get(0).index, events.get(0).depositor, events.get(0).recipient,
        events.get(0).asset, events.get(0).amount), receipt.getBlockNumber().longValueExact());
  }

  /**
   * Pays a redeem: the certificate must be valid for the committee and a redeem (refused here
   * otherwise, without a transaction); the countersigner gets the committee's countersignatures;
   * the contract checks them and its redeem log, and pays.
   */
  @Override
  public synchronized RedeemReceipt redeem(Certificate certificate) throws ProtocolException, IOException {
    VerifiedCertificate verified = VerifiedCertificate.check(certificate, committee);
    TransferOrder order = verified.redeemOrder();
    Recipient.Primary primary = (Recipient.Primary) order.recipient();
    sender();
    List<RedeemCountersignature> countersignatures = countersigner.countersign(verified, chainId, contractAddress);
    TransactionReceipt receipt;
    try {
      receipt = transact(contract.redeem(order.encode(), RedeemCountersignature.pack(countersignatures))
          .encodeFunctionCall(), BigInteger.ZERO);
    } catch (IllegalArgumentException e) {
      throw new IOException("the countersigner returned a bad set of countersignatures: " + e.getMessage(), e);
    }
    if (QuorumPayPrimary.getRedeemedEvents(receipt).size() != 1) {
      throw new IOException("the redeem transaction " + receipt.getTransactionHash() + " did not log its payment");
    }
    return new RedeemReceipt(order.key(), primary.address(), order.asset(), order.amount());
  }

  /**
   * Deposits from index {@code from}, in order and without gaps, that are at least
   * {@code confirmations} blocks deep (a deposit in the newest block has 1). Only logs of blocks at
   * that depth are read, so a deposit that a reorganisation removes before that depth is never
   * returned. What the node says is cross-checked: the block at the depth must exist (a node that
   * claims a height it does not have is refused), every log must belong to the canonical block of
   * its number, and the logs must hold every deposit that the contract's own count has at that
   * block (a node that drops logs is refused). Logs are read at most {@code maxBlockRange} blocks
   * per query, from a remembered block where the next deposit can be, not from the deployment
   * block every time.
   */
  @Override
  public List<PrimaryDeposit> confirmedDeposits(long from, int limit, int confirmations) throws IOException {
    return confirmedDeposits(from, 0, limit, confirmations).deposits();
  }

  /**
   * Like {@link #confirmedDeposits(long, int, int)}, starting the log reads at {@code scanFrom} if
   * that is later than what this connection remembers (the caller stored it: a restart does not read
   * from the deployment again); the answer's block is the one of the last deposit returned.
   */
  @Override
  public ConfirmedDeposits confirmedDeposits(long from, long scanFrom, int limit, int confirmations) throws IOException {
    long head = call(() -> web3j.ethBlockNumber().send()).getBlockNumber().longValueExact();
    long deepest = head - Math.max(1, confirmations) + 1;
    long resume = Math.max(scanStart(from), scanFrom);
    if (deepest < fromBlock || limit <= 0) {
      return new ConfirmedDeposits(List.of(), resume);
    }
    Map<Long, String> canonical = new HashMap<>();
    canonicalHash(deepest, canonical, head);
    long count = depositCountAt(deepest);
    if (count <= from) {
      return new ConfirmedDeposits(List.of(), resume);
    }
    long wanted = Math.min(limit, count - from);
    List<PrimaryDeposit> found = new ArrayList<>();
    long lastBlock = resume;
    for (long start = lastBlock; start <= deepest && found.size() < wanted; start += maxBlockRange) {
      long end = Math.min(deepest, start + maxBlockRange - 1);
      for (Located located : depositLogs(start, end, canonical, head)) {
        if (located.deposit().index() == from + found.size() && found.size() < wanted) {
          found.add(located.deposit());
          lastBlock = located.block();
        }
      }
    }
    if (found.size() < wanted) {
      throw new IOException("the Ethereum node's logs lack deposit #" + (from + found.size()) + ", which the contract counts at"
          + " block " + deepest + "; it is not to be trusted");
    }
    remember(from + found.size(), lastBlock);
    return new ConfirmedDeposits(found, lastBlock);
  }

  /** A deposit and the block that holds it. */
  private record Located(PrimaryDeposit deposit, long block) {}

  /** Where deposit {@code index} can be: the block of an earlier deposit remembered, else the deployment block. */
  private synchronized long scanStart(long index) {
    return index >= hintIndex && hintIndex >= 0 ? hintBlock : fromBlock;
  }

  private synchronized void remember(long nextIndex, long block) {
    if (nextIndex > hintIndex) {
      hintIndex = nextIndex;
      hintBlock = block;
    }
  }

  /** The hash of canonical block {@code number}, which must exist (memoised in {@code canonical}). */
  private String canonicalHash(long number, Map<Long, String> canonical, long head) throws IOException {
    String known = canonical.get(number);
    if (known != null) {
      return known;
    }
    EthBlock.Block block;
    try {
      EthBlock answer = web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false).send();
      block = answer == null || answer.hasError() ? null : answer.getBlock();
    } catch (IOException e) {
      throw new IOException("the Ethereum node did not answer: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IOException("the Ethereum node answered something web3j cannot read: " + e.getMessage(), e);
    }
    if (block == null || block.getHash() == null || block.getNumber() == null || block.getNumber().longValueExact() != number) {
      throw new IOException("the Ethereum node reports height " + head + " but has no block " + number
          + "; it is not to be trusted");
    }
    canonical.put(number, block.getHash());
    return block.getHash();
  }

  /** The contract's deposit count in the state of block {@code block}. */
  private long depositCountAt(long block) throws IOException {
    String result = call(() -> web3j.ethCall(Transaction.createEthCallTransaction(null, hex(contractAddress),
        contract.depositCount().encodeFunctionCall()), DefaultBlockParameter.valueOf(BigInteger.valueOf(block))).send())
        .getValue();
    try {
      return Numeric.toBigInt(result).longValueExact();
    } catch (RuntimeException e) {
      throw new IOException("the Ethereum node answered the deposit count with " + result + "; it is not to be trusted", e);
    }
  }

  private List<Located> depositLogs(long start, long end, Map<Long, String> canonical, long head) throws IOException {
    EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(start)),
        DefaultBlockParameter.valueOf(BigInteger.valueOf(end)), hex(contractAddress));
    filter.addSingleTopic(DEPOSITED_TOPIC);
    EthLog logs = call(() -> web3j.ethGetLogs(filter).send());
    List<Located> deposits = new ArrayList<>();
    for (EthLog.LogResult<?> result : logs.getLogs()) {
      if (!(result.get() instanceof Log log)) {
        throw new IOException("the Ethereum node answered a log query with something else");
      }
      if (log.isRemoved() || !address(log.getAddress()).equals(contractAddress) || log.getBlockNumber() == null
          || log.getBlockNumber().longValueExact() < start || log.getBlockNumber().longValueExact() > end) {
        throw new IOException("the Ethereum node returned a log that the query excludes (block " + log.getBlockNumberRaw()
            + ", address " + log.getAddress() + "); it is not to be trusted");
      }
      long block = log.getBlockNumber().longValueExact();
      if (!canonicalHash(block, canonical, head).equalsIgnoreCase(String.valueOf(log.getBlockHash()))) {
        throw new IOException("the Ethereum node returned a log of block " + log.getBlockHash() + ", which is not its block "
            + block + "; it is not to be trusted");
      }
      QuorumPayPrimary.DepositedEventResponse event;
      try {
        event = QuorumPayPrimary.getDepositedEventFromLog(log);
      } catch (RuntimeException e) {
        throw new IOException("the Ethereum node returned a deposit log that does not decode", e);
      }
      try {
        deposits.add(new Located(deposit(event.index, event.depositor, event.recipient, event.asset, event.amount), block));
      } catch (ProtocolException | ArithmeticException e) {
        throw new IOException("the Ethereum node returned a deposit QuorumPay cannot read: " + e.getMessage(), e);
      }
    }
    deposits.sort(Comparator.comparingLong(d -> d.deposit().index()));
    for (int i = 1; i < deposits.size(); i++) {
      if (deposits.get(i).deposit().index() == deposits.get(i - 1).deposit().index()) {
        throw new IOException("the Ethereum node returned deposit #" + deposits.get(i).deposit().index() + " twice");
      }
    }
    return deposits;
  }

  private PrimaryDeposit deposit(BigInteger index, String depositor, byte[] recipient, byte[] asset, BigInteger amount)
      throws ProtocolException {
    return new PrimaryDeposit(committee.network(), index.longValueExact(), address(depositor),
        new AccountId(new PublicKey(Bytes.copyOf(recipient))), AssetId.fromBytes(asset), new Amount(amount.longValueExact()));
  }

  @Override
  public ChainStatus status() throws IOException {
    long head = call(() -> web3j.ethBlockNumber().send()).getBlockNumber().longValueExact();
    try {
      long count = contract.depositCount().send().longValueExact();
      SortedMap<AssetId, Long> funds = new TreeMap<>();
      SortedMap<AssetId, Long> redeemed = new TreeMap<>();
      for (AssetId asset : assets.keySet()) {
        var info = contract.assetInfo(asset.toBytes()).send();
        if (info.component4().signum() > 0) {
          funds.put(asset, info.component4().longValueExact());
        }
        if (info.component5().signum() > 0) {
          redeemed.put(asset, info.component5().longValueExact());
        }
      }
      return new ChainStatus(committee.network(), head, count, funds, redeemed);
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("the Ethereum node answered a status call badly: " + e.getMessage(), e);
    }
  }

  @Override
  public java.util.OptionalLong lastRedeemed(AccountId sender) throws IOException {
    try {
      var last = contract.lastRedeemed(sender.key().bytes().toArray()).send();
      return last.component1() ? java.util.OptionalLong.of(last.component2().longValueExact()) : java.util.OptionalLong.empty();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("the Ethereum node answered a redeem-log call badly: " + e.getMessage(), e);
    }
  }

  private TransactionReceipt transact(String data, BigInteger value) throws ProtocolException, IOException {
    return transact(hex(contractAddress), data, value);
  }

  /**
   * Sends a transaction after simulating it (eth_estimateGas): a refusal is decoded from the
   * simulation and nothing is sent. A transaction that reverts anyway (the state moved between the
   * two) is an IOException naming the transaction.
   */
  private TransactionReceipt transact(String to, String data, BigInteger value) throws ProtocolException, IOException {
    EthEstimateGas estimate = call(() -> web3j.ethEstimateGas(Transaction.createFunctionCallTransaction(
        sender().getAddress(), null, null, null, to, value, data)).send(), true);
    if (estimate.hasError()) {
      throw refusal(estimate.getError());
    }
    BigInteger gasLimit = estimate.getAmountUsed().multiply(BigInteger.valueOf(5)).divide(BigInteger.valueOf(4));
    BigInteger gasPrice = call(() -> web3j.ethGasPrice().send()).getGasPrice();
    EthSendTransaction sent;
    try {
      sent = transactions.sendTransaction(gasPrice, gasLimit, to, data, value);
    } catch (RuntimeException e) {
      throw new IOException("the Ethereum node did not take the transaction: " + e.getMessage(), e);
    }
    if (sent.hasError()) {
      throw refusal(sent.getError());
    }
    TransactionReceipt receipt;
    try {
      receipt = receipts.waitForTransactionReceipt(sent.getTransactionHash());
    } catch (TransactionException e) {
      throw new IOException("transaction " + sent.getTransactionHash() + " was not mined in time: " + e.getMessage(), e);
    }
    if (!receipt.isStatusOK()) {
      throw new IOException("transaction " + receipt.getTransactionHash() + " reverted in block " + receipt.getBlockNumber()
          + " after its simulation passed; nothing was paid. Try again.");
    }
    return receipt;
  }

  private static IOException refusalAsIo(Exception refusal) {
    return refusal instanceof IOException io ? io : new IOException(refusal);
  }

  private static ProtocolException refusalOrThrow(Exception refusal) throws IOException {
    if (refusal instanceof ProtocolException protocol) {
      return protocol;
    }
    throw refusalAsIo(refusal);
  }

  private static ProtocolException refusal(Response.Error error) throws IOException {
    return refusalOrThrow(ContractErrors.refusal(error.getData(), error.getMessage()));
  }

  @FunctionalInterface
  private interface Rpc<T extends Response<?>> {
    T send() throws IOException;
  }

  private static <T extends Response<?>> T call(Rpc<T> rpc) throws IOException {
    return call(rpc, false);
  }

  /** One JSON-RPC call: transport failures and error answers are IOExceptions (unless {@code errorsAllowed}). */
  private static <T extends Response<?>> T call(Rpc<T> rpc, boolean errorsAllowed) throws IOException {
    T response;
    try {
      response = rpc.send();
    } catch (IOException e) {
      throw new IOException("the Ethereum node did not answer: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IOException("the Ethereum node answered something web3j cannot read: " + e.getMessage(), e);
    }
    if (response == null || (!errorsAllowed && response.hasError())) {
      throw new IOException("the Ethereum node answered with an error: "
          + (response == null ? "nothing" : response.getError().getMessage()));
    }
    try {
      if (!response.hasError() && response.getResult() == null) {
        throw new IOException("the Ethereum node answered without a result");
      }
    } catch (RuntimeException e) {
      throw new IOException("the Ethereum node answered something web3j cannot read: " + e.getMessage(), e);
    }
    return response;
  }

  static String hex(PrimaryAddress address) {
    return "0x" + address.bytes().toHex();
  }

  static PrimaryAddress address(String hex) {
    byte[] bytes = Numeric.hexStringToByteArray(hex);
    if (bytes.length != PrimaryAddress.SIZE) {
      throw new IllegalArgumentException("not a 20-byte address: " + hex);
    }
    return new PrimaryAddress(Bytes.copyOf(bytes));
  }

  /** Stops the JSON-RPC client and the countersigner. */
  @Override
  public void close() {
    if (countersigner != null) {
      countersigner.close();
    }
    web3j.shutdown();
  }
}
