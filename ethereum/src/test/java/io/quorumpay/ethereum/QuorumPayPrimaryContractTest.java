package io.quorumpay.ethereum;

import static io.quorumpay.ethereum.AnvilFixture.FALSE;
import static io.quorumpay.ethereum.AnvilFixture.FEE;
import static io.quorumpay.ethereum.AnvilFixture.GWEI;
import static io.quorumpay.ethereum.AnvilFixture.NORET;
import static io.quorumpay.ethereum.AnvilFixture.NOTREG;
import static io.quorumpay.ethereum.AnvilFixture.QPC;
import static io.quorumpay.ethereum.AnvilFixture.USD;
import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.ethereum.testcontracts.ReentrantReceiver;
import io.quorumpay.ethereum.testcontracts.TestToken;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The Solidity contract's own tests, against a real anvil: every rule and error, the misbehaving
 * tokens, re-entrancy, overflow, and the gas of deposits and redeems (printed as GAS lines, and the
 * redeem for a committee of 4 held to at most 150,000).
 */
class QuorumPayPrimaryContractTest {
  static final long REDEEM_GAS_LIMIT = 150_000;
  static TestNetwork network;
  static AnvilFixture chain;
  static final Map<String, Long> GAS = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    network = new TestNetwork("contract-test");
    chain = new AnvilFixture(network);
  }

  @AfterAll
  static void stop() {
    GAS.forEach((what, gas) -> System.out.println("GAS " + what + " " + gas));
    if (chain != null) {
      chain.close();
    }
  }

  static byte[] id(KeyPair account) {
    return account.publicKey().bytes().toArray();
  }

  String depositEth(byte[] recipient, AssetId asset, BigInteger wei) throws Exception {
    return chain.contract.depositEth(recipient, asset.toBytes(), wei).encodeFunctionCall();
  }

  String depositToken(byte[] recipient, AssetId asset, long amount) throws Exception {
    return chain.contract.depositToken(recipient, asset.toBytes(), BigInteger.valueOf(amount)).encodeFunctionCall();
  }

  String redeemCall(TransferOrder order, byte[] signatures) {
    return chain.contract.redeem(order.encode(), signatures).encodeFunctionCall();
  }

  byte[] countersign(TransferOrder order, List<ECKeyPair> keys) {
    List<RedeemCountersignature> signatures = new ArrayList<>();
    for (ECKeyPair key : keys) {
      signatures.add(RedeemCountersignature.sign(key, Anvil.CHAIN_ID, chain.contractAddress(), order));
    }
    return RedeemCountersignature.pack(signatures);
  }

  byte[] quorum(TransferOrder order) {
    return countersign(order, network.ethKeys.subList(0, 3));
  }

  /** Funds the contract with {@code wei} of QPC for a fresh account. */
  void fundQpc(long wei) throws Exception {
    chain.send(depositEth(id(TestNetwork.newAccount()), QPC, BigInteger.valueOf(wei)), BigInteger.valueOf(wei));
  }

  long funds(AssetId asset) throws Exception {
    return chain.contract.assetInfo(asset.toBytes()).send().component4().longValueExact();
  }

  @Test
  void depositsAreNumberedAnnouncedAndCounted() throws Exception {
    KeyPair alice = TestNetwork.newAccount();
    long before = chain.contract.depositCount().send().longValueExact();
    long fundsBefore = funds(GWEI);
    TransactionReceipt receipt = chain.send(depositEth(id(alice), GWEI, BigInteger.valueOf(5).multiply(BigInteger.TEN.pow(9))),
        BigInteger.valueOf(5).multiply(BigInteger.TEN.pow(9)));
    var event = chain.contract.getDepositedEvents(receipt).get(0);
    assertThat(event.index.longValueExact()).isEqualTo(before);
    assertThat(event.recipient).isEqualTo(id(alice));
    assertThat(event.amount.longValueExact()).isEqualTo(5);
    assertThat(event.depositor).isEqualToIgnoringCase(chain.user.getAddress());
    assertThat(funds(GWEI)).isEqualTo(fundsBefore + 5);
    assertThat(chain.contract.depositCount().send().longValueExact()).isEqualTo(before + 1);
  }

  @Test
  void badDepositsAreRefusedWithClearErrors() throws Exception {
    byte[] to = id(TestNetwork.newAccount());
    assertThat(chain.simulate(depositEth(to, QPC, BigInteger.ZERO), BigInteger.ZERO)).isEqualTo("ZeroAmount");
    assertThat(chain.simulate(depositEth(to, NOTREG, BigInteger.TEN), BigInteger.TEN)).isEqualTo("UnknownAsset");
    assertThat(chain.simulate(depositEth(to, USD, BigInteger.TEN), BigInteger.TEN)).isEqualTo("WrongAssetKind");
    assertThat(chain.simulate(depositToken(to, QPC, 10), BigInteger.ZERO)).isEqualTo("WrongAssetKind");
    assertThat(chain.simulate(depositToken(to, USD, 0), BigInteger.ZERO)).isEqualTo("ZeroAmount");
    assertThat(chain.simulate(depositToken(to, NOTREG, 1), BigInteger.ZERO)).isEqualTo("UnknownAsset");
    assertThat(chain.simulate(depositEth(to, GWEI, BigInteger.valueOf(1_500_000_000L)), BigInteger.valueOf(1_500_000_000L)))
        .isEqualTo("NotWholeUnits");
    // Not approved: the token itself reverts, which the contract reports as a failed transfer.
    assertThat(chain.simulate(depositToken(to, USD, 1), BigInteger.ZERO)).isEqualTo("TokenTransferFailed");
  }

  @Test
  void tokenDepositsAndRedeemsMoveExactlyTheAmount() throws Exception {
    TestToken usd = TestToken.load(chain.usd.getContractAddress(), chain.web3j, chain.userTx, chain.gas);
    usd.mint(chain.user.getAddress(), BigInteger.valueOf(1000)).send();
    usd.approve(EthereumPrimaryChain.hex(chain.contractAddress()), BigInteger.valueOf(1000)).send();
    TransactionReceipt deposit = chain.send(depositToken(id(TestNetwork.newAccount()), USD, 600), BigInteger.ZERO);
    GAS.put("deposit-erc20", deposit.getGasUsed().longValueExact());
    assertThat(usd.balanceOf(EthereumPrimaryChain.hex(chain.contractAddress())).send()).isEqualTo(600);

    PrimaryAddress to = TestNetwork.randomAddress();
    TransferOrder order = network.redeemOrder(TestNetwork.newAccount(), to, USD, 250, 0);
    TransactionReceipt redeem = chain.send(redeemCall(order, quorum(order)), BigInteger.ZERO);
    GAS.put("redeem-erc20-committee-4", redeem.getGasUsed().longValueExact());
    assertThat(usd.balanceOf(EthereumPrimaryChain.hex(to)).send()).isEqualTo(250);
    assertThat(funds(USD)).isEqualTo(350);
  }

  @Test
  void aTokenThatReturnsFalseIsRefused() throws Exception {
    chain.falseToken.mint(chain.user.getAddress(), BigInteger.valueOf(100)).send();
    chain.falseToken.approve(EthereumPrimaryChain.hex(chain.contractAddress()), BigInteger.valueOf(100)).send();
    assertThat(chain.simulate(depositToken(id(TestNetwork.newAccount()), FALSE, 10), BigInteger.ZERO))
        .isEqualTo("TokenTransferFailed");
    assertThat(funds(FALSE)).isZero();
  }

  @Test
  void aFeeOnTransferTokenIsRefused() throws Exception {
    chain.fee.mint(chain.user.getAddress(), BigInteger.valueOf(10_000)).send();
    chain.fee.approve(EthereumPrimaryChain.hex(chain.contractAddress()), BigInteger.valueOf(10_000)).send();
    assertThat(chain.simulate(depositToken(id(TestNetwork.newAccount()), FEE, 1000), BigInteger.ZERO))
        .isEqualTo("TokenTransferMismatch");
    assertThat(funds(FEE)).isZero();
  }

  @Test
  void aTokenThatReturnsNothingWorks() throws Exception {
    // NoReturnToken's approve returns nothing; the TestToken wrapper only sends it.
    chain.noReturn.mint(chain.user.getAddress(), BigInteger.valueOf(100)).send();
    chain.noReturn.approve(EthereumPrimaryChain.hex(chain.contractAddress()), BigInteger.valueOf(100)).send();
    chain.send(depositToken(id(TestNetwork.newAccount()), NORET, 100), BigInteger.ZERO);
    PrimaryAddress to = TestNetwork.randomAddress();
    TransferOrder order = network.redeemOrder(TestNetwork.newAccount(), to, NORET, 40, 3);
    chain.send(redeemCall(order, quorum(order)), BigInteger.ZERO);
    assertThat(chain.noReturn.balanceOf(EthereumPrimaryChain.hex(to)).send()).isEqualTo(40);
    assertThat(funds(NORET)).isEqualTo(60);
  }

  @Test
  void fundsNeverReach2To63() throws Exception {
    // QPC is 1 wei per unit: 2^63 - 1 units is about 9.2 ETH, within a dev account's 10000.
    long room = Long.MAX_VALUE - funds(QPC);
    assertThat(chain.simulate(depositEth(id(TestNetwork.newAccount()), QPC, BigInteger.valueOf(room).add(BigInteger.ONE)),
        BigInteger.valueOf(room).add(BigInteger.ONE))).isEqualTo("BalanceOverflow");
    chain.send(depositEth(id(TestNetwork.newAccount()), QPC, BigInteger.valueOf(room)), BigInteger.valueOf(room));
    assertThat(funds(QPC)).isEqualTo(Long.MAX_VALUE);
    assertThat(chain.simulate(depositEth(id(TestNetwork.newAccount()), QPC, BigInteger.ONE), BigInteger.ONE))
        .isEqualTo("BalanceOverflow");
    // Give the room back for the other tests.
    TransferOrder order = network.redeemOrder(TestNetwork.newAccount(), TestNetwork.randomAddress(), QPC, room, 0);
    chain.send(redeemCall(order, quorum(order)), BigInteger.ZERO);
  }

  @Test
  void aRedeemPaysOnceAndItsLogRefusesReplaysAndOlderOrders() throws Exception {
    fundQpc(10_000);
    KeyPair alice = TestNetwork.newAccount();
    PrimaryAddress to = TestNetwork.randomAddress();
    TransferOrder fifth = network.redeemOrder(alice, to, QPC, 1000, 5);
    TransactionReceipt first = chain.send(redeemCall(fifth, quorum(fifth)), BigInteger.ZERO);
    GAS.put("redeem-eth-committee-4-first-for-sender-new-recipient", first.getGasUsed().longValueExact());
    assertThat(first.getGasUsed().longValueExact()).isLessThanOrEqualTo(REDEEM_GAS_LIMIT);
    assertThat(chain.balance(EthereumPrimaryChain.hex(to))).isEqualTo(1000);
    var paid = chain.contract.getRedeemedEvents(first).get(0);
    assertThat(paid.sequence.longValueExact()).isEqualTo(5);
    assertThat(paid.to).isEqualToIgnoringCase(EthereumPrimaryChain.hex(to));

    assertThat(chain.simulate(redeemCall(fifth, quorum(fifth)), BigInteger.ZERO)).isEqualTo("RedeemReplay");
    TransferOrder fourth = network.redeemOrder(alice, to, QPC, 10, 4);
    assertThat(chain.simulate(redeemCall(fourth, quorum(fourth)), BigInteger.ZERO)).isEqualTo("RedeemReplay");
    var last = chain.contract.lastRedeemed(id(alice)).send();
    assertThat(last.component1()).isTrue();
    assertThat(last.component2().longValueExact()).isEqualTo(5);

    TransferOrder sixth = network.redeemOrder(alice, to, QPC, 10, 6);
    TransactionReceipt later = chain.send(redeemCall(sixth, quorum(sixth)), BigInteger.ZERO);
    GAS.put("redeem-eth-committee-4-later-for-sender", later.getGasUsed().longValueExact());
    assertThat(chain.balance(EthereumPrimaryChain.hex(to))).isEqualTo(1010);
    TransferOrder allFour = network.redeemOrder(alice, TestNetwork.randomAddress(), QPC, 10, 7);
    TransactionReceipt four = chain.send(redeemCall(allFour, countersign(allFour, network.ethKeys)), BigInteger.ZERO);
    GAS.put("redeem-eth-committee-4-all-4-countersign", four.getGasUsed().longValueExact());
    assertThat(four.getGasUsed().longValueExact()).isLessThanOrEqualTo(REDEEM_GAS_LIMIT);
  }

  @Test
  void countersignaturesMustBeAQuorumOfMembersSortedOnceEachForThisContract() throws Exception {
    fundQpc(1000);
    TransferOrder order = network.redeemOrder(TestNetwork.newAccount(), TestNetwork.randomAddress(), QPC, 100, 0);
    List<ECKeyPair> keys = network.ethKeys;
    assertThat(chain.simulate(redeemCall(order, countersign(order, keys.subList(0, 2))), BigInteger.ZERO))
        .isEqualTo("InsufficientQuorum");
    assertThat(chain.simulate(redeemCall(order, new byte[0]), BigInteger.ZERO)).isEqualTo("InsufficientQuorum");
    byte[] outsider = countersign(order, List.of(TestNetwork.newEthKey(), keys.get(0), keys.get(1)));
    assertThat(chain.simulate(redeemCall(order, outsider), BigInteger.ZERO)).isEqualTo("UnknownSigner");
    // Unsorted: swap the first two 65-byte signatures of a sorted quorum.
    byte[] sorted = quorum(order);
    byte[] swapped = sorted.clone();
    System.arraycopy(sorted, 65, swapped, 0, 65);
    System.arraycopy(sorted, 0, swapped, 65, 65);
    assertThat(chain.simulate(redeemCall(order, swapped), BigInteger.ZERO)).isEqualTo("SignersNotSorted");
    // One member three times.
    byte[] one = countersign(order, List.of(keys.get(0)));
    byte[] thrice = new byte[195];
    for (int i = 0; i < 3; i++) {
      System.arraycopy(one, 0, thrice, i * 65, 65);
    }
    assertThat(chain.simulate(redeemCall(order, thrice), BigInteger.ZERO)).isEqualTo("SignersNotSorted");
    // Signed for another contract (or chain): recovers to some other address.
    List<RedeemCountersignature> elsewhere = keys.subList(0, 3).stream()
        .map(k -> RedeemCountersignature.sign(k, Anvil.CHAIN_ID, TestNetwork.randomAddress(), order)).toList();
    assertThat(chain.simulate(redeemCall(order, RedeemCountersignature.pack(elsewhere)), BigInteger.ZERO))
        .isEqualTo("UnknownSigner");
    List<RedeemCountersignature> otherChain = keys.subList(0, 3).stream()
        .map(k -> RedeemCountersignature.sign(k, 1, chain.contractAddress(), order)).toList();
    assertThat(chain.simulate(redeemCall(order, RedeemCountersignature.pack(otherChain)), BigInteger.ZERO))
        .isEqualTo("UnknownSigner");
    // A high-s twin of a valid signature (s' = n - s, v flipped) is refused.
    byte[] highS = sorted.clone();
    BigInteger n = new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sorted, 32, 64));
    System.arraycopy(Numeric.toBytesPadded(n.subtract(s), 32), 0, highS, 32, 32);
    highS[64] = (byte) (sorted[64] == 27 ? 28 : 27);
    assertThat(chain.simulate(redeemCall(order, highS), BigInteger.ZERO)).isEqualTo("UnknownSigner");
    assertThat(chain.simulate(redeemCall(order, java.util.Arrays.copyOf(sorted, 100)), BigInteger.ZERO))
        .isEqualTo("MalformedOrder");
    // And the genuine quorum passes.
    assertThat(chain.simulate(redeemCall(order, sorted), BigInteger.ZERO)).isNull();
  }

  @Test
  void ordersThatAreNotRedeemsOfThisNetworkAreRefused() throws Exception {
    fundQpc(1000);
    KeyPair alice = TestNetwork.newAccount();
    TransferOrder otherNetwork = TestNetwork.order(NetworkId.named("elsewhere"), alice,
        new Recipient.Primary(TestNetwork.randomAddress()), QPC, 10, 0);
    assertThat(chain.simulate(redeemCall(otherNetwork, quorum(otherNetwork)), BigInteger.ZERO)).isEqualTo("WrongNetwork");
    TransferOrder toAccount = TestNetwork.order(network.committee.network(), alice,
        new Recipient.Account(TestNetwork.id(TestNetwork.newAccount())), QPC, 10, 0);
    assertThat(chain.simulate(redeemCall(toAccount, quorum(toAccount)), BigInteger.ZERO)).isEqualTo("NotARedeem");
    byte[] zero = network.redeemOrder(alice, TestNetwork.randomAddress(), QPC, 10, 0).encode();
    java.util.Arrays.fill(zero, 81, 101, (byte) 0);
    assertThat(chain.simulate(chain.contract.redeem(zero, new byte[0]).encodeFunctionCall(), BigInteger.ZERO))
        .isEqualTo("InvalidPrimaryAddress");
    byte[] zeroAmount = network.redeemOrder(alice, TestNetwork.randomAddress(), QPC, 10, 0).encode();
    java.util.Arrays.fill(zeroAmount, 121, 129, (byte) 0);
    assertThat(chain.simulate(chain.contract.redeem(zeroAmount, new byte[0]).encodeFunctionCall(), BigInteger.ZERO))
        .isEqualTo("ZeroAmount");
    byte[] good = network.redeemOrder(alice, TestNetwork.randomAddress(), QPC, 10, 0).encode();
    assertThat(chain.simulate(chain.contract.redeem(java.util.Arrays.copyOf(good, 168), new byte[0]).encodeFunctionCall(),
        BigInteger.ZERO)).isEqualTo("MalformedOrder");
    byte[] badTag = good.clone();
    badTag[0] = 'X';
    assertThat(chain.simulate(chain.contract.redeem(badTag, new byte[0]).encodeFunctionCall(), BigInteger.ZERO))
        .isEqualTo("MalformedOrder");
    TransferOrder tooMuch = network.redeemOrder(alice, TestNetwork.randomAddress(), GWEI, Long.MAX_VALUE, 0);
    assertThat(chain.simulate(redeemCall(tooMuch, quorum(tooMuch)), BigInteger.ZERO)).isEqualTo("InsufficientFunds");
    TransferOrder unknown = network.redeemOrder(alice, TestNetwork.randomAddress(), NOTREG, 1, 0);
    assertThat(chain.simulate(redeemCall(unknown, quorum(unknown)), BigInteger.ZERO)).isEqualTo("UnknownAsset");
  }

  @Test
  void reentrancyIsRefusedAndTheRedeemPaysOnce() throws Exception {
    fundQpc(1000);
    ReentrantReceiver receiver = ReentrantReceiver.deploy(chain.web3j, chain.userTx, chain.gas).send();
    PrimaryAddress to = EthereumPrimaryChain.address(receiver.getContractAddress());
    TransferOrder order = network.redeemOrder(TestNetwork.newAccount(), to, QPC, 100, 0);
    byte[] signatures = quorum(order);
    receiver.arm(order.encode(), signatures).send();
    long before = funds(QPC);
    chain.send(redeemCall(order, signatures), BigInteger.ZERO);
    assertThat(receiver.received().send()).isEqualTo(100);
    assertThat(receiver.innerSucceeded().send()).isFalse();
    assertThat(Numeric.toHexString(receiver.innerRevert().send())).isEqualTo(
        org.web3j.abi.CustomErrorEncoder.encode(io.quorumpay.ethereum.contracts.QuorumPayPrimary.REENTRANCY_ERROR)
            .substring(0, 10));
    assertThat(funds(QPC)).isEqualTo(before - 100);
  }

  @Test
  void aRecipientThatRefusesEthGetsNothingAndTheLogDoesNotMove() throws Exception {
    fundQpc(1000);
    KeyPair alice = TestNetwork.newAccount();
    // A token contract has no receive(): it refuses plain ETH.
    PrimaryAddress refuses = EthereumPrimaryChain.address(chain.usd.getContractAddress());
    TransferOrder order = network.redeemOrder(alice, refuses, QPC, 100, 0);
    assertThat(chain.simulate(redeemCall(order, quorum(order)), BigInteger.ZERO)).isEqualTo("PaymentFailed");
    assertThat(chain.contract.lastRedeemed(id(alice)).send().component1()).isFalse();
  }

  @Test
  void theContractsDigestIsTheDocumentedLayout() throws Exception {
    TransferOrder order = network.redeemOrder(TestNetwork.newAccount(), TestNetwork.randomAddress(), QPC, 9, 1);
    assertThat(chain.contract.redeemDigest(order.encode()).send())
        .isEqualTo(RedeemCountersignature.digest(Anvil.CHAIN_ID, chain.contractAddress(), order));
  }

  @Test
  void depositGas() throws Exception {
    byte[] to = id(TestNetwork.newAccount());
    TransactionReceipt receipt = chain.send(depositEth(to, GWEI, BigInteger.TEN.pow(9)), BigInteger.TEN.pow(9));
    GAS.put("deposit-eth", receipt.getGasUsed().longValueExact());
    GAS.put("deploy-committee-4-assets-6", chain.deployment.gasUsed());
  }
}
