package io.quorumpay.hub.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.hub.HubFixture;
import io.quorumpay.hub.http.HubServer;
import io.quorumpay.hub.http.JsonBodies;
import io.quorumpay.hub.live.LiveHubFixture;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.types.NetworkId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The explorer in a real headless Chromium (Debian's, driven through its chromedriver by
 * Selenium) against a hub on a real local network: status, live feed, account lookup, the
 * certificate page checking votes in the browser, and a hub that forges certificates. Screenshots
 * go to {@code target/screenshots/}.
 */
class ExplorerBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  static LiveHubFixture live;
  static HubFixture network;
  static WebDriver browser;
  static HubServer forger;
  /** How the forging hub changes the real certificate's JSON. */
  static final AtomicReference<UnaryOperator<ObjectNode>> FORGERY = new AtomicReference<>(UnaryOperator.identity());
  /** The forging hub's /v1/network: null for the real one. */
  static final AtomicReference<String> FORGED_NETWORK = new AtomicReference<>();
  /** The account whose state the forging hub returns for any account asked about, or null. */
  static final AtomicReference<String> FORGED_ACCOUNT = new AtomicReference<>();
  /** The one event the forging hub's live feed sends to each subscriber, or null. */
  static final AtomicReference<String> FORGED_EVENT = new AtomicReference<>();

  @BeforeAll
  static void start() throws Exception {
    assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
        .as("the explorer's tests need Debian's chromium and chromium-driver (%s, %s): run scripts/chromium.sh", CHROMIUM,
            CHROMEDRIVER)
        .isTrue();
    live = LiveHubFixture.get();
    network = live.network;
    Files.createDirectories(SCREENSHOTS);
    // The driver is named, so Selenium never looks for (or downloads) one.
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().withLogOutput(java.io.OutputStream.nullOutputStream()).build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        "--user-data-dir=" + Files.createTempDirectory(Path.of("target").toAbsolutePath(), "chromium-profile-"));
    browser = new ChromeDriver(service, options);
    forger = HubServer.start(HubServer.Settings.local(0), List.of(new ExplorerRoutes(), ExplorerBrowserTest::forgeries));
  }

  /** A hub that lies: the real network status, and the real certificates changed by {@link #FORGERY}. */
  static void forgeries(Javalin app) {
    app.get("/v1/network", ctx -> ctx.contentType("application/json")
        .result(FORGED_NETWORK.get() != null ? FORGED_NETWORK.get() : live.calls.get("/v1/network").raw().body()));
    app.ws("/v1/live", ws -> ws.onMessage(ctx -> {
      ctx.send("{\"type\":\"subscribed\",\"subscription\":\"network\",\"cursor\":0}");
      if (FORGED_EVENT.get() != null) {
        ctx.send(FORGED_EVENT.get());
      }
    }));
    app.get("/v1/accounts/{account}", ctx -> {
      HubFixture.Reply real = live.calls.get("/v1/accounts/" + FORGED_ACCOUNT.get());
      ctx.status(real.status()).contentType("application/json").result(real.raw().body());
    });
    app.get("/v1/certificates/{account}/{sequenceNumber}", ctx -> {
      HubFixture.Reply real = live.calls.get("/v1/certificates/" + ctx.pathParam("account") + "/" + ctx.pathParam("sequenceNumber"));
      ctx.status(real.status()).contentType("application/json")
          .result(real.status() == 200 ? JsonBodies.MAPPER.writeValueAsString(FORGERY.get().apply((ObjectNode) real.json()))
              : real.raw().body());
    });
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (forger != null) {
      forger.close();
    }
  }

  static String base(HubServer server) {
    return "http://127.0.0.1:" + server.port();
  }

  static void screenshot(String name) throws Exception {
    byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(SCREENSHOTS.resolve(name + ".png"), png);
  }

  static WebDriverWait waiting() {
    // The page replaces what it shows as answers arrive: an element found a moment ago may be gone.
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  /** Funds {@code payer}, pays {@code payee} through the live hub, and returns the certificate JSON. */
  static JsonNode fundAndPay(KeyPair payer, KeyPair payee, long amount) throws Exception {
    network.fund(payer, 1000);
    HubFixture.Reply reply = live.calls.post("/v1/orders", "{\"signedOrder\":\""
        + network.signedTransfer(payer, new Recipient.Account(HubFixture.account(payee)), amount, 0) + "\"}");
    assertThat(reply.status()).as(reply.json().toString()).isEqualTo(200);
    return reply.json().path("certificate");
  }

  @Test
  void statusShowsEveryAuthorityAndItsHealth() throws Exception {
    browser.get(base(live.hub.server()) + "/");
    List<WebElement> authorities = waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr.authority"), 4));
    assertThat(authorities).allSatisfy(row -> assertThat(row.findElement(By.cssSelector("td.up")).getText()).isEqualTo("up"));
    assertThat(browser.findElement(By.id("status")).getText()).contains("quorum 3");
    screenshot("status");
  }

  @Test
  void aPaymentAppearsInTheLiveFeedVerifiedByTheBrowser() throws Exception {
    KeyPair payer = network.newKey();
    KeyPair payee = network.newKey();
    network.fund(payer, 1000);
    browser.get(base(live.hub.server()) + "/");
    waiting().until(ExpectedConditions.textToBe(By.id("feed-state"), "live"));
    HubFixture.Reply paid = live.calls.post("/v1/orders", "{\"signedOrder\":\""
        + network.signedTransfer(payer, new Recipient.Account(HubFixture.account(payee)), 77, 0) + "\"}");
    assertThat(paid.status()).isEqualTo(200);
    String link = "a.certificate-link[href='#/certificate/" + HubFixture.account(payer).hex() + "/0']";
    WebElement row = waiting().until(ExpectedConditions.presenceOfElementLocated(By.xpath(
        "//tr[contains(@class,'feed-row')][.//a[@href='#/certificate/" + HubFixture.account(payer).hex() + "/0']]")));
    assertThat(browser.findElements(By.cssSelector(link))).hasSize(1);
    waiting().until(d -> row.findElement(By.cssSelector(".badge")).getText().equals("verified"));
    assertThat(row.getText()).contains("77 QPC").contains("transfer");
    screenshot("live-feed");
  }

  @Test
  void anAccountPageForAnotherAccountThanAskedIsRefused() throws Exception {
    KeyPair asked = network.newKey();
    KeyPair other = network.newKey();
    network.fund(other, 1000);
    FORGED_ACCOUNT.set(HubFixture.account(other).hex());
    try {
      browser.get(base(forger) + "/#/account/" + HubFixture.account(asked).text());
      WebElement error = waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("account-error")));
      assertThat(error.getText()).contains("the hub answered for another account");
      assertThat(browser.findElements(By.id("balances"))).isEmpty();
    } finally {
      FORGED_ACCOUNT.set(null);
    }
  }

  @Test
  void accountLookupShowsBalanceAndHistory() throws Exception {
    KeyPair payer = network.newKey();
    KeyPair payee = network.newKey();
    fundAndPay(payer, payee, 250);
    HubFixture.await("the payment indexed", () -> live.calls.get("/v1/accounts/" + HubFixture.account(payer).hex() + "/history"),
        r -> r.json().path("items").size() == 2);
    browser.get(base(live.hub.server()) + "/");
    WebElement input = browser.findElement(By.id("lookup-account"));
    input.sendKeys(HubFixture.account(payer).text());
    input.submit();
    waiting().until(ExpectedConditions.textToBe(By.cssSelector("#balances td.balance"), "750"));
    List<WebElement> history = waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr.history-row"), 2));
    assertThat(history.get(0).getText()).contains("deposit").contains("in").contains("1000 QPC");
    assertThat(history.get(1).getText()).contains("transfer").contains("out").contains("250 QPC");
    assertThat(browser.findElement(By.cssSelector("#account h2 code")).getText()).isEqualTo(HubFixture.account(payer).text());
    screenshot("account");

    browser.get(base(live.hub.server()) + "/#/account/not-an-account");
    WebElement error = waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("account-error")));
    assertThat(error.getText()).contains("BAD_HEX");
  }

  @Test
  void theCertificatePageChecksEveryVoteInTheBrowser() throws Exception {
    KeyPair payer = network.newKey();
    KeyPair payee = network.newKey();
    JsonNode certificate = fundAndPay(payer, payee, 40);
    browser.get("about:blank");
    assertThat(verdictOf(base(live.hub.server()) + "/#/certificate/" + HubFixture.account(payer).hex() + "/0")).isEqualTo("true");
    WebElement verdict = browser.findElement(By.id("verdict"));
    assertThat(verdict.getText()).startsWith("Verified in this browser");
    List<WebElement> votes = browser.findElements(By.cssSelector("tr.vote"));
    assertThat(votes).hasSize(certificate.path("votes").size());
    assertThat(browser.findElements(By.cssSelector("tr.vote.ok"))).hasSize(votes.size());
    assertThat(browser.findElement(By.id("order")).getText()).contains("40").contains("transfer");
    screenshot("certificate");
  }

  @Test
  void aHubThatForgesACertificateIsCaughtByThePage() throws Exception {
    KeyPair payer = network.newKey();
    KeyPair payee = network.newKey();
    fundAndPay(payer, payee, 30);
    String page = base(forger) + "/#/certificate/" + HubFixture.account(payer).hex() + "/0";
    try {
      // Bytes changed: the amount inside the signed order (byte 16 + 121 + 7 of the certificate) now says 31, and so does the hub.
      FORGERY.set(json -> {
        byte[] bytes = HexFormat.of().parseHex(json.path("hex").asText());
        bytes[16 + 121 + 7] ^= 0x01;
        return json.put("hex", HexFormat.of().formatHex(bytes)).put("amount", 31);
      });
      assertThat(verdictOf(page)).isEqualTo("false");
      assertThat(browser.findElement(By.id("verdict")).getText()).startsWith("Does NOT verify").contains("a quorum needs 3");
      assertThat(browser.findElements(By.cssSelector("tr.vote.ok"))).isEmpty();
      screenshot("certificate-forged-bytes");

      // Bytes intact, but the hub's description lies about the amount.
      FORGERY.set(json -> json.put("amount", 3000));
      browser.get("about:blank");
      assertThat(verdictOf(page)).isEqualTo("false");
      assertThat(browser.findElement(By.id("verdict")).getText()).contains("the hub says amount = 3000, the bytes say 30");
      screenshot("certificate-forged-claims");

      // The same hub, telling the truth, is believed.
      FORGERY.set(UnaryOperator.identity());
      browser.get("about:blank");
      assertThat(verdictOf(page)).isEqualTo("true");
    } finally {
      FORGERY.set(UnaryOperator.identity());
    }
  }

  /** Opens a certificate page and waits for its verdict. */
  static String verdictOf(String page) {
    browser.get(page);
    return waiting().until(d -> d.findElement(By.id("verdict")).getAttribute("data-verified"));
  }

  @Test
  void theLiveHubDocumentsEveryRouteItServes() throws Exception {
    JsonNode document = live.calls.get(HubServer.OPENAPI_PATH).json();
    for (HubServer.Route route : live.hub.server().routes()) {
      assertThat(document.path("paths").path(route.path()).has(route.method().toLowerCase(java.util.Locale.ROOT)))
          .as("%s %s is in the document", route.method(), route.path()).isTrue();
    }
    assertThat(live.hub.server().routes()).contains(new HubServer.Route("GET", "/v1/health"));
    // The explorer's own routes, outside /v1, are documented too.
    assertThat(document.path("paths").path("/").has("get")).isTrue();
    assertThat(document.path("paths").path("/explorer/{file}").has("get")).isTrue();
    assertThat(live.calls.get("/explorer/explorer.js").raw().headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(live.calls.get("/explorer/secrets.txt").json().path("code").asText()).isEqualTo("NOT_FOUND");
  }

  static Object inBrowser(String script, Object... arguments) {
    return ((JavascriptExecutor) browser).executeAsyncScript(script, arguments);
  }

  @Test
  void theBrowserComputesTheCommitteeDigestExactlyAsTheCore() throws Exception {
    browser.get(base(live.hub.server()) + "/");
    // A vector with unequal weights (one past 32 bits), listed out of key order.
    List<KeyPair> keys = List.of(KeyPair.generate(new Random(1)), KeyPair.generate(new Random(2)), KeyPair.generate(new Random(3)));
    long[] weights = {1, 5, 3_000_000_000L};
    TreeMap<AuthorityName, Long> members = new TreeMap<>();
    List<Map<String, Object>> listed = new ArrayList<>();
    for (int i = keys.size() - 1; i >= 0; i--) {
      members.put(new AuthorityName(keys.get(i).publicKey()), weights[i]);
      listed.add(Map.of("name", keys.get(i).publicKey().bytes().toHex(), "weight", weights[i]));
    }
    NetworkId networkId = NetworkId.fromHex("ab".repeat(32));
    Object digest = inBrowser("const done = arguments[arguments.length - 1];"
        + " quorumpayExplorer.committeeDigest(arguments[0]).then(done, (e) => done('error: ' + e.message));",
        Map.of("network", networkId.bytes().toHex(), "authorities", listed));
    assertThat(digest).isEqualTo(new Committee(networkId, members).digest().toHex());

    // The status page shows the digest it computed from what the hub reports: the real committee's, not pinned.
    String real = network.committee.committee().digest().toHex();
    waiting().until(ExpectedConditions.textToBe(By.id("committee-digest"), real));
    assertThat(browser.findElement(By.id("committee-note")).getText()).startsWith("not pinned");
  }

  @Test
  void aHubReportingAnotherCommitteeIsBelievedOnlyUntilTheRealOneIsPinned() throws Exception {
    KeyPair payer = network.newKey();
    KeyPair payee = network.newKey();
    fundAndPay(payer, payee, 12);
    Committee real = network.committee.committee();
    // The forger's own committee (same network, four keys of its own) and the certificate re-signed by it.
    TreeMap<AuthorityName, KeyPair> forgers = new TreeMap<>();
    for (int i = 0; i < 4; i++) {
      KeyPair key = KeyPair.generate(new Random(100 + i));
      forgers.put(new AuthorityName(key.publicKey()), key);
    }
    TreeMap<AuthorityName, Long> weights = new TreeMap<>();
    forgers.keySet().forEach(name -> weights.put(name, 1L));
    Committee forged = new Committee(real.network(), weights);
    ObjectNode status = (ObjectNode) live.calls.get("/v1/network").json().deepCopy();
    com.fasterxml.jackson.databind.node.ArrayNode authorities = status.putArray("authorities");
    com.fasterxml.jackson.databind.JsonNode shards = live.calls.get("/v1/network").json().path("authorities").get(0).path("shards");
    forgers.keySet().forEach(name -> authorities.addObject().put("name", name.key().bytes().toHex()).put("weight", 1).set("shards", shards));
    status.put("committeeDigest", forged.digest().toHex());
    FORGERY.set(json -> {
      byte[] bytes = HexFormat.of().parseHex(json.path("hex").asText());
      byte[] order = Arrays.copyOfRange(bytes, 16, 16 + 169);
      byte[] message = new byte[16 + order.length];
      System.arraycopy("QP-VOTE-V1".getBytes(StandardCharsets.US_ASCII), 0, message, 0, 10);
      System.arraycopy(order, 0, message, 16, order.length);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      out.write(bytes, 0, 16 + 169);
      out.write(0);
      out.write(forgers.size());
      forgers.forEach((name, key) -> {
        out.writeBytes(name.key().bytes().toArray());
        out.writeBytes(key.sign(message).bytes().toArray());
      });
      return json.put("hex", HexFormat.of().formatHex(out.toByteArray()));
    });
    FORGED_NETWORK.set(JsonBodies.MAPPER.writeValueAsString(status));
    String page = base(forger) + "/#/certificate/" + HubFixture.account(payer).hex() + "/0";
    try {
      browser.get(base(forger) + "/");
      ((JavascriptExecutor) browser).executeScript("localStorage.clear()");
      // Not pinned: the forged committee's votes check out, and the page says on whose word.
      browser.get("about:blank");
      assertThat(verdictOf(page)).isEqualTo("true");
      assertThat(browser.findElement(By.id("verdict")).getText())
          .contains("against the committee the hub reports (not pinned: compare the digest " + forged.digest().toHex());
      screenshot("certificate-forged-committee-unpinned");

      // With the real committee pinned (a shared link), the same page refuses it.
      browser.get(base(forger) + "/#committee=" + real.digest().toHex());
      waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("committee-note"), "does NOT match your pinned digest"));
      browser.get("about:blank");
      assertThat(verdictOf(page)).isEqualTo("false");
      assertThat(browser.findElement(By.id("verdict")).getText())
          .contains("is not the pinned committee " + real.digest().toHex());
      screenshot("certificate-forged-committee-pinned");

      // The honest hub, with its committee pinned, verifies against the pin.
      browser.get(base(live.hub.server()) + "/#committee=" + real.digest().toHex());
      waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("committee-note"), "matches your pinned digest"));
      browser.get("about:blank");
      assertThat(verdictOf(base(live.hub.server()) + "/#/certificate/" + HubFixture.account(payer).hex() + "/0")).isEqualTo("true");
      assertThat(browser.findElement(By.id("verdict")).getText()).contains("against committee " + real.digest().toHex() + " (pinned)");
      ((JavascriptExecutor) browser).executeScript("localStorage.clear()");
    } finally {
      FORGERY.set(UnaryOperator.identity());
      FORGED_NETWORK.set(null);
      browser.get(base(forger) + "/#/x");
      ((JavascriptExecutor) browser).executeScript("localStorage.clear()");
    }
  }

  @Test
  void aFeedRowWhosePartiesWereChangedDoesNotVerify() throws Exception {
    KeyPair payer = network.newKey();
    KeyPair payee = network.newKey();
    KeyPair stranger = network.newKey();
    fundAndPay(payer, payee, 21);
    String payerHex = HubFixture.account(payer).hex();
    java.util.function.Function<String, String> event = counterparty -> "{\"type\":\"event\",\"subscription\":\"network\",\"cursor\":1,"
        + "\"event\":\"certificate\",\"account\":\"" + payerHex + "\",\"direction\":\"out\",\"kind\":\"transfer\","
        + "\"counterparty\":\"" + counterparty + "\",\"asset\":\"QPC\",\"amount\":21,\"owner\":\"" + payerHex + "\",\"sequenceNumber\":0}";
    try {
      // A real certificate, but the row says the stranger was paid.
      FORGED_EVENT.set(event.apply(HubFixture.account(stranger).hex()));
      browser.get(base(forger) + "/");
      WebElement badge = waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr.feed-row .badge")));
      waiting().until(d -> !badge.getText().equals("checking…"));
      assertThat(badge.getText()).isEqualTo("does not verify");
      assertThat(badge.getAttribute("title")).contains("the hub says to = " + HubFixture.account(stranger).hex());
      screenshot("feed-forged-counterparty");

      // The true row verifies, and then shows its parties from the certificate's bytes.
      FORGED_EVENT.set(event.apply(HubFixture.account(payee).hex()));
      browser.get("about:blank");
      browser.get(base(forger) + "/");
      WebElement row = waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr.feed-row")));
      waiting().until(d -> row.findElement(By.cssSelector(".badge")).getText().equals("verified"));
      assertThat(row.findElements(By.cssSelector("a[data-account]"))).extracting(e -> e.getAttribute("data-account"))
          .containsExactly(payerHex, HubFixture.account(payee).hex());
      // Shown as people see accounts elsewhere: the qp1… form, computed by the page itself.
      assertThat(row.findElements(By.cssSelector("a[data-account]"))).extracting(e -> e.getAttribute("title"))
          .containsExactly(HubFixture.account(payer).text(), HubFixture.account(payee).text());
    } finally {
      FORGED_EVENT.set(null);
    }
  }

  @Test
  void aCertificateLinkThatIsNotOneRequestsNothing() throws Exception {
    browser.get(base(live.hub.server()) + "/#/certificate/..%2F..%2Fv1%2Fnetwork/x");
    WebElement error = waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("certificate-error")));
    assertThat(error.getText()).contains("not a certificate reference");
  }

  @Test
  void theApiDocumentationRendersUnderItsPolicyAndNothingIsSniffed() throws Exception {
    HubFixture.Reply docs = live.calls.get(HubServer.DOCS_PATH);
    assertThat(docs.raw().headers().firstValue("Content-Security-Policy")).get().asString().contains("default-src 'none'");
    assertThat(live.calls.get("/v1/network").raw().headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(live.calls.get("/v1/nothing-here").raw().headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    browser.get(base(live.hub.server()) + HubServer.DOCS_PATH);
    WebElement title = waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".swagger-ui .info .title")));
    assertThat(title.getText()).startsWith("QuorumPay hub");
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".swagger-ui .opblock")));
    screenshot("docs");
  }
}
