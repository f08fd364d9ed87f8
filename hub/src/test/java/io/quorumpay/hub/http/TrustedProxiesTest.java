package io.quorumpay.hub.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
  private static final TrustedProxies PROXIES = TrustedProxies.of(List.of("10.0.0.1", "10.0.0.2", "[2001:db8::1]"));

  @Test
  void withoutTrustedProxiesTheHeaderIsIgnored() {
    assertThat(TrustedProxies.NONE.client("203.0.113.7", List.of("198.51.100.1"))).isEqualTo("203.0.113.7");
    assertThat(PROXIES.client("203.0.113.7", List.of("198.51.100.1"))).isEqualTo("203.0.113.7");
  }

  @Test
  void throughProxiesTheNearestAddressNotAProxyIsTheClient() {
    assertThat(PROXIES.client("10.0.0.1", List.of("198.51.100.1"))).isEqualTo("198.51.100.1");
    assertThat(PROXIES.client("10.0.0.1", List.of("198.51.100.1, 10.0.0.2"))).isEqualTo("198.51.100.1");
    assertThat(PROXIES.client("10.0.0.1", List.of("198.51.100.1", "10.0.0.2"))).isEqualTo("198.51.100.1");
    assertThat(PROXIES.client("2001:db8:0:0:0:0:0:1", List.of("2001:DB8::7"))).isEqualTo("2001:db8::7");
  }

  @Test
  void entriesWithPortsAreRead() {
    assertThat(PROXIES.client("10.0.0.1", List.of("198.51.100.1:5678"))).isEqualTo("198.51.100.1");
    assertThat(PROXIES.client("10.0.0.1", List.of("[2001:db8::7]:443, 10.0.0.2:80"))).isEqualTo("2001:db8::7");
    assertThat(PROXIES.client("10.0.0.1", List.of("[2001:db8::7]x"))).isEqualTo("10.0.0.1");
  }

  @Test
  void aTrustedProxyWithoutTheHeaderIsTheClient() {
    assertThat(PROXIES.client("10.0.0.1", null)).isEqualTo("10.0.0.1");
    assertThat(PROXIES.client("10.0.0.1", List.of(""))).isEqualTo("10.0.0.1");
  }

  @Test
  void whatTheClientWroteLeftOfItsOwnAddressIsNotBelieved() {
    // The client sent "X-Forwarded-For: 192.0.2.99"; the proxy appended the address it saw.
    assertThat(PROXIES.client("10.0.0.1", List.of("192.0.2.99, 198.51.100.1"))).isEqualTo("198.51.100.1");
  }

  @Test
  void anUnreadableChainCountsAgainstTheLastProxy() {
    assertThat(PROXIES.client("10.0.0.1", List.of())).isEqualTo("10.0.0.1");
    assertThat(PROXIES.client("10.0.0.1", List.of("unknown"))).isEqualTo("10.0.0.1");
    assertThat(PROXIES.client("10.0.0.1", List.of("198.51.100.1, 10.0.0.2, example.com"))).isEqualTo("10.0.0.1");
    assertThat(PROXIES.client("10.0.0.1", List.of("evil.example, 10.0.0.2"))).isEqualTo("10.0.0.2");
    assertThat(PROXIES.client("10.0.0.1", List.of("10.0.0.2"))).isEqualTo("10.0.0.2");
  }

  @Test
  void onlyTheNearestHopsAreRead() {
    String chain = "198.51.100.1, " + String.join(", ", Collections.nCopies(TrustedProxies.MAX_HOPS, "10.0.0.2"));
    assertThat(PROXIES.client("10.0.0.1", List.of(chain))).isEqualTo("10.0.0.2");
  }

  @Test
  void aProxyMustBeAnAddressNotAName() {
    assertThatThrownBy(() -> TrustedProxies.of(List.of("proxy.internal"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("proxy.internal");
  }
}
