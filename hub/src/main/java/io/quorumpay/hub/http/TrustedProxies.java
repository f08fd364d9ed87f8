package io.quorumpay.hub.http;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who a request comes from, for the per-client limits (the HTTP rate limit, live connections per
 * address). By default the connection's remote address, and no header is believed: a client could
 * otherwise pick a new identity per request. Behind reverse proxies the operator names them: a
 * connection from one of them is from the nearest address its {@code X-Forwarded-For} chain names
 * that is not a proxy of the operator's, read from the right, since a proxy appends the address it
 * saw and everything to its left is what the client wrote. A chain that cannot be read is
 * answered with the last proxy's address: a garbled header only shares that proxy's allowance, it
 * never buys a fresh one. Pure: the addresses are passed in.
 */
public record TrustedProxies(Set<InetAddress> addresses) {
  /** The header reverse proxies append to. */
  public static final String FORWARDED_FOR = "X-Forwarded-For";
  /** No proxy is trusted: the remote address is the client. */
  public static final TrustedProxies NONE = new TrustedProxies(Set.of());
  /** Most addresses of a chain read: more hops than any real deployment has proxies. */
  static final int MAX_HOPS = 32;

  public TrustedProxies {
    addresses = Set.copyOf(addresses);
  }

  /**
   * The operator's proxies from their IP addresses as written (no name is looked up).
   *
   * @throws IllegalArgumentException naming the first that is not an IP address
   */
  public static TrustedProxies of(List<String> literals) {
    Set<InetAddress> addresses = new HashSet<>();
    for (String literal : literals) {
      addresses.add(parse(literal).orElseThrow(() -> new IllegalArgumentException("a trusted proxy must be an IP address, not '"
          + literal + "'")));
    }
    return new TrustedProxies(addresses);
  }

  /**
   * The client behind a connection from {@code remote} that carried {@code forwardedFor} (each
   * {@link #FORWARDED_FOR} header's value, in the order received), as an address in its usual form.
   */
  public String client(String remote, List<String> forwardedFor) {
    Optional<InetAddress> hop = parse(remote);
    if (hop.isEmpty() || !addresses.contains(hop.get())) {
      return hop.map(InetAddresses::toAddrString).orElse(remote);
    }
    List<String> chain = new ArrayList<>();
    for (String header : forwardedFor) {
      for (String entry : header.split(",")) {
        chain.add(entry.strip());
      }
    }
    InetAddress nearest = hop.get();
    for (int i = chain.size() - 1; i >= Math.max(0, chain.size() - MAX_HOPS); i--) {
      Optional<InetAddress> named = parse(chain.get(i));
      if (named.isEmpty()) {
        break;
      }
      nearest = named.get();
      if (!addresses.contains(nearest)) {
        break;
      }
    }
    return InetAddresses.toAddrString(nearest);
  }

  /** An IP address literal (IPv6 possibly in brackets), never a name to look up. */
  private static Optional<InetAddress> parse(String literal) {
    String bare = literal.strip();
    if (bare.startsWith("[") && bare.endsWith("]")) {
      bare = bare.substring(1, bare.length() - 1);
    }
    return InetAddresses.isInetAddress(bare) ? Optional.of(InetAddresses.forString(bare)) : Optional.empty();
  }
}
