package io.quorumpay.cli;

import io.quorumpay.api.config.ConfigException;
import io.quorumpay.api.primary.PrimaryChain;
import io.quorumpay.client.CommitteeClient;
import io.quorumpay.client.PayKit;
import io.quorumpay.client.PayKitException;
import io.quorumpay.client.WalletData;
import io.quorumpay.client.WalletFile;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.text.TextFormException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A command that acts for one wallet against the network: opens both, runs, and maps failures to exit codes. */
abstract class WalletCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  NetworkOptions network;

  @Option(names = "--wallet", defaultValue = "qp-data/wallet.json", paramLabel = "FILE",
      description = "The wallet file (default: ${DEFAULT-VALUE}).")
  Path wallet;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  Output output;
  /** The network's primary chain, while the command runs. */
  PrimaryChain primary;

  /** An amount that moves money: a positive number of units (zero is bad input, like a negative one). */
  static io.quorumpay.core.types.Amount positiveAmount(String text) throws ProtocolException {
    io.quorumpay.core.types.Amount amount = io.quorumpay.core.types.Amount.parse(text);
    if (amount.isZero()) {
      throw new ProtocolException(new io.quorumpay.core.error.ProtocolError.ZeroAmount());
    }
    return amount;
  }

  /** Checks the command's own arguments before anything is opened; throws on bad input. */
  void validate() throws ProtocolException, TextFormException {}

  abstract int run(PayKit kit) throws PayKitException, ProtocolException;

  /** Whether the command talks to the network (so first finishes an order left pending); false for offline views. */
  boolean needsNetwork() {
    return true;
  }

  /** Whether the command only reads: it goes on (saying so) when an order left pending cannot finish now. */
  boolean readsOnly() {
    return false;
  }

  /** The idempotency key the command was given ({@code --id}), if any: an interruption reports that payment's state. */
  java.util.Optional<String> idempotencyKey() {
    return java.util.Optional.empty();
  }

  /** What a pending order is, in words a user recognises. */
  static String describe(io.quorumpay.core.messages.SignedOrder<? extends io.quorumpay.core.messages.Order> pending) {
    return "sequence number " + pending.order().key().sequenceNumber() + ": " + what(pending.order());
  }

  /** An order in words, for people. */
  static String what(io.quorumpay.core.messages.Order order) {
    return switch (order) {
      case io.quorumpay.core.messages.TransferOrder t -> t.amount() + " " + t.asset() + " to " + t.recipient();
      case io.quorumpay.core.messages.ChannelOpen o -> "open channel " + o.channel() + " of " + o.value() + " " + o.asset() + " to "
          + o.recipient().text();
      case io.quorumpay.core.messages.ChannelFund f -> "add " + f.added() + " to channel " + f.channel() + ", expiring at "
          + f.expiration();
      case io.quorumpay.core.messages.ChannelClaim c -> "claim " + c.paid() + " " + c.asset() + " from channel " + c.channel();
      case io.quorumpay.core.messages.ChannelRefund r -> "refund " + r.amount() + " " + r.asset() + " from channel " + r.channel();
    };
  }

  @Override
  public final Integer call() {
    output = new Output(spec, json);
    try {
      validate();
    } catch (ProtocolException e) {
      return output.error(Exit.USAGE, e.getMessage(), java.util.Optional.of(e.error()));
    } catch (TextFormException e) {
      return output.error(Exit.USAGE, e.getMessage());
    }
    // Ctrl-C (or a kill) during a command: say what state the wallet is in, from what it saved.
    Thread interrupted = new Thread(this::reportInterrupted, "qp-interrupted");
    Runtime.getRuntime().addShutdownHook(interrupted);
    try {
      return open();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(interrupted);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running: it reports.
      }
    }
  }

  private void reportInterrupted() {
    String state;
    try {
      WalletData saved = WalletFile.at(wallet).load();
      java.util.Optional<String> key = idempotencyKey();
      Long sequence = key.map(saved.intents()::get).orElse(null);
      java.util.Optional<TransferOrder> certified = saved.snapshot().sent().stream()
          .map(c -> c.order() instanceof TransferOrder t ? t : null)
          .filter(t -> t != null && sequence != null && t.sequenceNumber().value() == sequence).findFirst();
      if (certified.isPresent()) {
        state = "payment " + key.get() + " went through: it is certified (sequence number " + sequence + ": "
            + certified.get().amount() + " " + certified.get().asset() + " to " + certified.get().recipient()
            + "). Running the same command again finishes or shows it, never a second one";
      } else if (saved.snapshot().pendingOrder().isPresent()) {
        state = "the order (" + describe(saved.snapshot().pendingOrder().get()) + ") is signed and pending: it may have been"
            + " paid already. Run the same command again (with the same --id, if you gave one) or qp sync: it is finished,"
            + " never paid twice";
      } else if (key.isPresent()) {
        state = "payment " + key.get() + " was not signed: nothing was paid. Run the same command again to pay it, once";
      } else {
        state = "nothing is pending: what went through shows in qp history";
      }
    } catch (IOException e) {
      state = "the wallet cannot be read now: " + e.getMessage();
    }
    spec.commandLine().getErr().println("\ninterrupted: " + state);
    spec.commandLine().getErr().flush();
  }

  private int open() {
    try (CommitteeClient committee = network.committeeClient();
        PrimaryChain chain = network.primary();
        PayKit kit = PayKit.open(WalletFile.at(wallet), committee, chain)) {
      primary = chain;
      if (needsNetwork() && kit.pendingOrder().isPresent()) {
        String pending = describe(kit.pendingOrder().get());
        output.note("finishing the order left pending by an earlier run (" + pending + ")...");
        try {
          kit.finishPending();
        } catch (PayKitException e) {
          if (!readsOnly() || e.kind() == PayKitException.Kind.STORAGE) {
            throw new PayKitException(e.kind(), e.getMessage() + "; the pending order (" + pending + ") must finish before"
                + " another", e.error().orElse(null), e);
          }
          output.note("the pending order (" + pending + ") cannot finish now: " + e.getMessage() + "; it stays pending");
        }
      }
      return run(kit);
    } catch (ConfigException e) {
      return output.error(Exit.USAGE, e.getMessage());
    } catch (IOException e) {
      return output.error(Exit.USAGE, e.getMessage());
    } catch (ProtocolException e) {
      return output.error(Exit.USAGE, e.getMessage(), java.util.Optional.of(e.error()));
    } catch (PayKitException e) {
      return output.error(switch (e.kind()) {
        case REFUSED -> Exit.REFUSED;
        case NO_QUORUM, UNREACHABLE -> Exit.UNAVAILABLE;
        case STORAGE -> Exit.STORAGE;
        case WRONG_NETWORK -> Exit.USAGE;
        case IN_USE -> Exit.UNAVAILABLE;
      }, e.getMessage(), e.error());
    }
  }
}
