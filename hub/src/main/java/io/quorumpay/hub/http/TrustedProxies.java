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
   * {@link #FORWARDED_FOR} header's value, in the order received; null or empty when there was
   * none), as an address in its usual form.
   */
  public String client(String remote, List<String> forwardedFor) {
    Optional<InetAddress> hop = parse(remote);
    if (hop.isEmpty() || !addresses.contains(hop.get())) {
      return hop.map(InetAddresses::toAddrString).orElse(remote);
    }
    InetAddress nearest = hop.get();
    List<String> chain = nearestHops(forwardedFor == null ? List.of() : forwardedFor);
    for (String entry : chain) {
      Optional<InetAddress> named = parse(entry);
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

  /** The chain's last {@link #MAX_HOPS} entries, nearest first. */
  private static List<String> nearestHops(List<String> headers) {
    List<String> hops = new ArrayList<>();
    for (int h = headers.size() - 1; h >= 0 && hops.size() < MAX_HOPS; h--) {
      String header = headers.get(h);
      int end = header.length();
      while (end >= 0 && hops.size() < MAX_HOPS) {
        int comma = header.lastIndexOf(',', end - 1);
        hops.add(header.substring(comma + 1, end).strip());
        end = comma;
      }
    }
    return hops;
  }

  /**
   * An IP address literal, never a name to look up: IPv6 possibly in brackets, and either with a
   * port as some proxies append it ({@code 198.51.100.1:5678}, {@code [2001:db8::1]:443}).
   */
  private static Optional<InetAddress> parse(String literal) {
    String bare = literal.strip();
    if (bare.startsWith("[")) {
      int close = bare.indexOf(']');
      if (close < 0 || !(close == bare.length() - 1 || bare.charAt(close + 1) == ':')) {
        return Optional.empty();
      }
      bare = bare.substring(1, close);
    } else if (bare.indexOf(':') == bare.lastIndexOf(':') && bare.indexOf(':') > 0) {
      bare = bare.substring(0, bare.indexOf(':')); // IPv4 with a port: one colon (IPv6 has at least two)
    }
    return InetAddresses.isInetAddress(bare) ? Optional.of(InetAddresses.forString(bare)) : Optional.empty();
  }
}
