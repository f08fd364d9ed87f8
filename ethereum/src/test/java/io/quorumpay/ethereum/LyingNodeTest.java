package io.quorumpay.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.quorumpay.api.primary.DepositReceipt;
import io.quorumpay.core.authority.DepositFollowing;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.types.Amount;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/**
 * An RPC endpoint that lies or times out, between a real anvil and the chain: a JSON-RPC proxy on
 * loopback that claims a height ahead of the chain, drops deposit logs, moves logs to blocks that
 * are not the chain's, or answers too late. Whatever it does, no deposit is returned (so none is
 * credited) that the chain does not hold at depth, the error says what is wrong, and a deposit
 * through a node that times out moves no funds. Log reads are chunked to the block range asked.
 */
class LyingNodeTest {
  static final int DEPTH = 2;
  static final ObjectMapper JSON = new ObjectMapper();

  enum Lie { NONE, HEIGHT_AHEAD, DROP_LOGS, FORGE_BLOCK_HASH, SLOW }

  TestNetwork network;
  AnvilFixture anvil;
  HttpServer proxy;
  volatile Lie lie = Lie.NONE;
  final List<long[]> logRanges = new CopyOnWriteArrayList<>();
  EthereumPrimaryChain honest;
  EthereumPrimaryChain lying;

  @BeforeEach
  void start() throws Exception {
    network = new TestNetwork("lying-node");
    anvil = new AnvilFixture(network);
    HttpClient http = HttpClient.newHttpClient();
    proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    proxy.createContext("/", exchange -> {
      try {
        ObjectNode request = (ObjectNode) JSON.readTree(exchange.getRequestBody());
        String method = request.path("method").asText();
        if (method.equals("eth_getLogs")) {
          JsonNode filter = request.path("params").get(0);
          logRanges.add(new long[] {Long.decode(filter.path("fromBlock").asText()), Long.decode(filter.path("toBlock").asText())});
        }
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(anvil.anvil.endpoint()))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(),
            HttpResponse.BodyHandlers.ofString());
        ObjectNode reply = (ObjectNode) JSON.readTree(answer.body());
        switch (lie) {
          case NONE -> { }
          case HEIGHT_AHEAD -> {
            if (method.equals("eth_blockNumber")) {
              reply.put("result", "0x" + Long.toHexString(Long.decode(reply.path("result").asText()) + 10));
            }
          }
          case DROP_LOGS -> {
            if (method.equals("eth_getLogs")) {
              reply.set("result", JSON.createArrayNode());
            }
          }
          case FORGE_BLOCK_HASH -> {
            if (method.equals("eth_getLogs")) {
              for (JsonNode log : (ArrayNode) reply.path("result")) {
                ((ObjectNode) log).put("blockHash", "0x" + "ab".repeat(32));
              }
            }
          }
          case SLOW -> Thread.sleep(2_000);
        }
        byte[] body = reply.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      } catch (IOException | InterruptedException | RuntimeException e) {
        exchange.close();
      }
    });
    proxy.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    proxy.start();
    honest = EthereumPrimaryChain.connect(EthereumPrimaryChain.client(anvil.anvil.endpoint(), 2_000), anvil.contractAddress(),
        anvil.deployment.block(), network.committee, Credentials.create(Anvil.DEV_KEYS.get(2)),
        new LocalCountersigner(network.ethKeys));
    // Log queries of at most 2 blocks: a provider that caps the range.
    lying = EthereumPrimaryChain.connect(EthereumPrimaryChain.client("http://127.0.0.1:" + proxy.getAddress().getPort(), 1_000),
        anvil.contractAddress(), anvil.deployment.block(), 2, network.committee, Credentials.create(Anvil.DEV_KEYS.get(3)),
        new LocalCountersigner(network.ethKeys));
  }

  @AfterEach
  void stop() {
    lying.close();
    honest.close();
    proxy.stop(0);
    anvil.close();
  }

  DepositReceipt deposit(long amount) throws Exception {
    return honest.deposit(honest.account(), TestNetwork.id(TestNetwork.newAccount()), AnvilFixture.QPC, new Amount(amount));
  }

  /** What an authority at cursor {@code next} following the lying node would credit now. */
  List<PrimaryDeposit> credits(long next) throws IOException {
    return DepositFollowing.plan(next, lying.confirmedDeposits(next, 500, DEPTH)).deposits();
  }

  @Test
  void aNodeThatClaimsAHeightItDoesNotHaveCreditsNothingBeforeTheDepth() throws Exception {
    deposit(5); // in the newest block: 1 confirmation of the 2 needed
    assertThat(credits(0)).isEmpty();
    lie = Lie.HEIGHT_AHEAD;
    assertThatThrownBy(() -> credits(0)).isInstanceOf(IOException.class)
        .hasMessageContaining("reports height").hasMessageContaining("it is not to be trusted");
    lie = Lie.NONE;
    anvil.mine(1);
    assertThat(credits(0)).hasSize(1);
  }

  @Test
  void aNodeThatDropsOrMovesLogsIsRefusedAndNothingIsCreditedFromIt() throws Exception {
    DepositReceipt first = deposit(5);
    anvil.mine(DEPTH);
    lie = Lie.DROP_LOGS;
    assertThatThrownBy(() -> credits(0)).isInstanceOf(IOException.class).hasMessageContaining("logs lack deposit #0");
    lie = Lie.FORGE_BLOCK_HASH;
    assertThatThrownBy(() -> credits(0)).isInstanceOf(IOException.class).hasMessageContaining("which is not its block");
    lie = Lie.NONE;
    assertThat(credits(0)).containsExactly(first.deposit());
  }

  @Test
  void aNodeThatTimesOutIsAClearErrorAndADepositThroughItMovesNoFunds() throws Exception {
    deposit(5);
    anvil.mine(DEPTH);
    lie = Lie.SLOW;
    assertThatThrownBy(() -> credits(0)).isInstanceOf(IOException.class).hasMessageContaining("did not answer");
    long before = honest.status().depositCount();
    assertThatThrownBy(() -> lying.deposit(lying.account(), TestNetwork.id(TestNetwork.newAccount()), AnvilFixture.QPC,
        new Amount(7))).isInstanceOf(IOException.class).hasMessageContaining("did not answer");
    lie = Lie.NONE;
    assertThat(honest.status().depositCount()).isEqualTo(before);
    assertThat(credits(0)).hasSize(1);
  }

  @Test
  void logsAreReadInChunksOfTheConfiguredBlockRangeFromWhereTheNextDepositCanBe() throws Exception {
    List<PrimaryDeposit> made = new java.util.ArrayList<>();
    DepositReceipt last = null;
    for (int i = 0; i < 4; i++) {
      last = deposit(10 + i);
      made.add(last.deposit());
      anvil.mine(3);
    }
    long lastBlock = last.block();
    anvil.mine(DEPTH);
    assertThat(credits(0)).containsExactlyElementsOf(made);
    assertThat(logRanges).isNotEmpty().allSatisfy(range -> assertThat(range[1] - range[0] + 1).isBetween(1L, 2L));
    logRanges.clear();
    DepositReceipt next = deposit(99);
    anvil.mine(DEPTH);
    assertThat(credits(4)).containsExactly(next.deposit());
    // From the block of the last deposit read, not from the deployment block again.
    assertThat(logRanges).allSatisfy(range -> assertThat(range[0]).isGreaterThanOrEqualTo(lastBlock));
  }
}
