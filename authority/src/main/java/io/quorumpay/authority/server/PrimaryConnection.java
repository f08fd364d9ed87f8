package io.quorumpay.authority.server;

import io.quorumpay.api.primary.ChainStatus;
import io.quorumpay.api.primary.ConfirmedDeposits;
import io.quorumpay.api.primary.DepositReceipt;
import io.quorumpay.api.primary.PrimaryChain;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.primary.RedeemReceipt;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.PrimaryAddress;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A primary chain whose node may be down when the authority starts: a background loop connects
 * (running the connection's checks) until the node answers, and until then every call fails with
 * an IOException, which the follower retries. So the authority serves payments at once and follows
 * the primary from the moment its node answers. A node that answers as the wrong chain or contract
 * stops the authority through {@code onFatal} (see {@link DaemonLoop#classify}).
 */
public final class PrimaryConnection implements PrimaryChain {
  private static final Logger log = LoggerFactory.getLogger(PrimaryConnection.class);

  /** Opens the connection, checks included; throws IOException while the node does not answer. */
  @FunctionalInterface
  public interface Connector {
    /** A connected, checked chain. */
    PrimaryChain connect() throws IOException;
  }

  private final String name;
  private final Duration retry;
  private final Consumer<Throwable> onFatal;
  private final DaemonLoop loop;
  private volatile PrimaryChain chain;
  private volatile String waitingFor = "not connected yet";
  private boolean closed;

  /** Starts connecting to {@code name} (for messages) through {@code connector}, trying again every {@code retry}. */
  public PrimaryConnection(String name, Connector connector, Duration retry, Consumer<Throwable> onFatal) {
    this.name = name;
    this.retry = retry;
    this.onFatal = onFatal;
    this.loop = new DaemonLoop("primary-connection", () -> connect(connector));
  }

  private void connect(Connector connector) {
    boolean warned = false;
    while (DaemonLoop.running()) {
      try {
        PrimaryChain connected = connector.connect();
        if (!install(connected)) {
          connected.close();
          return;
        }
        log.atInfo().addKeyValue("primary", name).log("connected to the primary chain; following it");
        return;
      } catch (Exception e) {
        if (!DaemonLoop.retries(e, "connecting to the primary chain at " + name, log, onFatal)) {
          return;
        }
        waitingFor = "waiting for the primary chain at " + name + ": " + e.getMessage();
        if (!warned) {
          log.atWarn().addKeyValue("primary", name).addKeyValue("reason", e.getMessage())
              .log("the primary chain does not answer; serving payments and waiting for it");
          warned = true;
        }
        try {
          Thread.sleep(retry.toMillis());
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  /** Takes the connected chain unless closed meanwhile (then the caller closes it). */
  private synchronized boolean install(PrimaryChain connected) {
    if (closed) {
      return false;
    }
    chain = connected;
    return true;
  }

  private PrimaryChain chain() throws IOException {
    PrimaryChain connected = chain;
    if (connected == null) {
      throw new IOException(waitingFor);
    }
    return connected;
  }

  @Override
  public DepositReceipt deposit(PrimaryAddress depositor, AccountId recipient, AssetId asset, Amount amount)
      throws ProtocolException, IOException {
    return chain().deposit(depositor, recipient, asset, amount);
  }

  @Override
  public RedeemReceipt redeem(Certificate certificate) throws ProtocolException, IOException {
    return chain().redeem(certificate);
  }

  @Override
  public List<PrimaryDeposit> confirmedDeposits(long from, int limit, int confirmations) throws IOException {
    return chain().confirmedDeposits(from, limit, confirmations);
  }

  @Override
  public ConfirmedDeposits confirmedDeposits(long from, long scanFrom, int limit, int confirmations) throws IOException {
    return chain().confirmedDeposits(from, scanFrom, limit, confirmations);
  }

  @Override
  public ChainStatus status() throws IOException {
    return chain().status();
  }

  @Override
  public java.util.OptionalLong lastRedeemed(AccountId sender) throws IOException {
    return chain().lastRedeemed(sender);
  }

  @Override
  public void close() {
    loop.close();
    PrimaryChain connected;
    synchronized (this) {
      closed = true;
      connected = chain;
    }
    if (connected != null) {
      connected.close();
    }
  }
}
