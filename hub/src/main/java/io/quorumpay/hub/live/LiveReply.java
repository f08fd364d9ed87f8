package io.quorumpay.hub.live;

import io.quorumpay.hub.error.ErrorBody;
import java.util.Optional;

/**
 * A message from the hub to a live client, written as JSON with a {@code type} field
 * (docs/HUB.md, "Live notifications"). Every event carries its {@code cursor}: a client that
 * reconnects subscribes with {@code since} = the last cursor it handled and misses nothing.
 */
public sealed interface LiveReply {
  /** The message's type field. */
  String type();

  /** A subscription is on; events after {@code cursor} follow. */
  record Subscribed(String type, String subscription, long cursor) implements LiveReply {
    Subscribed(String subscription, long cursor) {
      this("subscribed", subscription, cursor);
    }
  }

  /** A subscription is off; no event of it follows. */
  record Unsubscribed(String type, String subscription) implements LiveReply {
    Unsubscribed(String subscription) {
      this("unsubscribed", subscription);
    }
  }

  /** The answer to a ping. */
  record Pong(String type, String id) implements LiveReply {
    Pong(String id) {
      this("pong", id);
    }
  }

  /** A request was refused: the hub's error {@code code} and what to do; nothing changed. */
  record Error(String type, String code, String message) implements LiveReply {
    Error(ErrorBody body) {
      this("error", body.code().name(), body.message());
    }
  }

  /**
   * Something happened: {@code event} is one of {@code payment_received}, {@code payment_confirmed},
   * {@code deposit_credited}, {@code redeem_confirmed}, {@code redeem_paid}, {@code channel} (for an account) or
   * {@code certificate}, {@code deposit} (for the network feed). The other fields are the log row's.
   */
  record Event(String type, String subscription, long cursor, String event, String account, String direction, String kind,
      String counterparty, String asset, long amount, String owner, Long sequenceNumber, Long depositIndex, String indexedAt)
      implements LiveReply {

    /** What {@code row} means to a subscriber of {@code target}, or empty when it is not shown to it. */
    static Optional<Event> of(Target target, LogRow row) {
      return name(target, row).map(event -> new Event("event", target.name(), row.id(), event, row.account(), row.direction(),
          row.kind(), row.counterparty(), row.asset(), row.amount(), row.owner(), row.sequenceNumber(), row.depositIndex(),
          row.indexedAt()));
    }

    private static Optional<String> name(Target target, LogRow row) {
      boolean in = "in".equals(row.direction());
      return switch (target) {
        case Target.Account account -> Optional.of(switch (row.kind()) {
          case "deposit" -> "deposit_credited";
          case "transfer" -> in ? "payment_received" : "payment_confirmed";
          case "redeem" -> "redeem_confirmed";
          case "redeem_paid" -> "redeem_paid";
          default -> "channel";
        });
        // One event per certificate: its payer's row, or its only row when nobody pays (deposits, channel claims and refunds).
        // A payout is no certificate: the network feed shows the redeem's certificate once, when it is certified.
        case Target.Network network -> in && PAYER_KINDS.contains(row.kind()) || "redeem_paid".equals(row.kind())
            ? Optional.empty()
            : Optional.of("deposit".equals(row.kind()) ? "deposit" : "certificate");
      };
    }

    /** The kinds whose certificate has an {@code out} row (a payer), written before its {@code in} row. */
    private static final java.util.Set<String> PAYER_KINDS = java.util.Set.of("transfer", "redeem", "channel_open", "channel_fund");
  }
}
