package io.quorumpay.hub.live;

import io.quorumpay.core.types.AccountId;

/** What a subscription follows: one account's events, or the network's feed of every new certificate and deposit. */
public sealed interface Target {
  /** The name events and replies carry: the account's 64 hex digits, or {@code network}. */
  String name();

  /** One account: payments in and out, deposits, redeems, channel operations. */
  record Account(AccountId id) implements Target {
    @Override
    public String name() {
      return id.hex();
    }
  }

  /** The network: one event per certificate (and per deposit), whoever it concerns. */
  record Network() implements Target {
    @Override
    public String name() {
      return "network";
    }
  }
}
