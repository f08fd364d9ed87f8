package io.quorumpay.hub;

import static io.quorumpay.hub.HubFixture.account;
import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.types.Recipient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The curl examples of docs/HUB.md work as written: each {@code curl} line of its {@code sh}
 * blocks runs with the system's curl against a hub on a local network ({@code HUB}, {@code ACCOUNT}
 * and {@code QP_HUB_OPERATOR_TOKEN} set as the document says), and answers 200, or the status and
 * code its comment names.
 */
class HubDocTest {
  static final Pattern EXPECTED = Pattern.compile("#\\s*(\\d{3})\\s+([A-Z_]+)\\s*$");

  @Test
  void curlExamplesWorkAsWritten() throws Exception {
    HubFixture fixture = HubFixture.get();
    KeyPair key = fixture.newKey();
    fixture.fund(key, 200);
    String hex = account(key).hex();
    assertThat(fixture.post("/v1/orders", "{\"signedOrder\":\""
        + fixture.signedTransfer(key, new Recipient.Account(account(fixture.newKey())), 20, 0) + "\"}").status()).isEqualTo(200);
    HubFixture.await("the payment indexed", () -> fixture.get("/v1/accounts/" + hex + "/history?direction=out"),
        r -> r.json().path("items").size() == 1);

    List<String> lines = curlLines(Files.readString(Path.of("..", "docs", "HUB.md")));
    assertThat(lines).hasSizeGreaterThanOrEqualTo(15);
    for (String line : lines) {
      ProcessBuilder builder = new ProcessBuilder("bash", "-c", line).redirectErrorStream(true);
      builder.environment().put("HUB", fixture.hub.address().toString());
      builder.environment().put("ACCOUNT", hex);
      builder.environment().put("QP_HUB_OPERATOR_TOKEN", HubFixture.OPERATOR_TOKEN);
      Process run = builder.start();
      String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(run.exitValue()).as("%s%n%s", line, output).isZero();
      Matcher expected = EXPECTED.matcher(line);
      String status = expected.find() ? expected.group(1) : "200";
      assertThat(output.lines().findFirst().orElse("")).as("%s%n%s", line, output).matches("HTTP/[0-9.]+ " + status + "\\b.*");
      if (!status.equals("200")) {
        assertThat(output).as(line).contains("\"code\":\"" + expected.group(2) + "\"");
      }
    }
  }

  /** The curl lines of the document's {@code sh} blocks. */
  static List<String> curlLines(String document) {
    List<String> lines = new ArrayList<>();
    boolean inShell = false;
    for (String line : document.lines().toList()) {
      if (line.startsWith("```")) {
        inShell = !inShell && line.equals("```sh");
        continue;
      }
      if (inShell && line.startsWith("curl ")) {
        lines.add(line);
      }
    }
    return lines;
  }
}
