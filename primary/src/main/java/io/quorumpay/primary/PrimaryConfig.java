package io.quorumpay.primary;

import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.config.ConfigException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The standalone primary chain's settings, from one YAML file (paths relative to it):
 *
 * <pre>
 * committee: committee.yaml     # the committee whose certificates the contract honours
 * data: primary/data            # the chain's journal
 * listen: 127.0.0.1:7000
 * blockMillis: 200              # one block per interval
 * tls: {cert: tls/primary.crt, key: tls/primary.key}   # on unless enabled: false
 * </pre>
 */
public record PrimaryConfig(CommitteeFile committee, Path dataDir, InetSocketAddress listen, Duration blockInterval,
    boolean tls, Path tlsCert, Path tlsKey) {

  record Raw(String committee, String data, String listen, Long blockMillis, RawTls tls) {}

  record RawTls(Boolean enabled, String cert, String key) {}

  public static PrimaryConfig read(Path file) throws ConfigException {
    Raw raw;
    try {
      raw = CommitteeFile.YAML.readValue(Files.readString(file), Raw.class);
    } catch (IOException e) {
      throw new ConfigException("cannot read primary config " + file + ": " + e.getMessage(), e);
    }
    if (raw == null || raw.committee() == null || raw.data() == null || raw.listen() == null) {
      throw new ConfigException(file + ": needs 'committee', 'data' and 'listen'");
    }
    Path base = file.toAbsolutePath().getParent();
    int colon = raw.listen().lastIndexOf(':');
    if (colon < 0) {
      throw new ConfigException(file + ": listen must be host:port");
    }
    InetSocketAddress listen;
    try {
      listen = new InetSocketAddress(raw.listen().substring(0, colon), Integer.parseInt(raw.listen().substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(file + ": listen: " + e.getMessage());
    }
    long blockMillis = raw.blockMillis() == null ? 500 : raw.blockMillis();
    if (blockMillis < 10) {
      throw new ConfigException(file + ": blockMillis must be at least 10");
    }
    // TLS is on unless the config turns it off explicitly (local development networks do).
    RawTls rawTls = raw.tls() == null ? new RawTls(null, null, null) : raw.tls();
    boolean tls = rawTls.enabled() == null || rawTls.enabled();
    if (tls && (rawTls.cert() == null || rawTls.key() == null)) {
      throw new ConfigException(file + ": TLS is on by default and needs tls.cert and tls.key (see docs/OPERATIONS.md),"
          + " or 'tls: {enabled: false}' for local development");
    }
    return new PrimaryConfig(CommitteeFile.read(base.resolve(raw.committee())), base.resolve(raw.data()), listen,
        Duration.ofMillis(blockMillis), tls, tls ? base.resolve(rawTls.cert()) : null, tls ? base.resolve(rawTls.key()) : null);
  }
}
