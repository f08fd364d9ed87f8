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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
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
    app.get("/v1/network", ctx -> ctx.contentType("application/json").result(live.calls.get("/v1/network").raw().body()));
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
}
