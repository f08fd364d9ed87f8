package io.quorumpay.core.types;

/**
 * Who owns a slot of orders: an account (its transfers, channel opens and funds, numbered by its
 * sequence number) or a channel (its claims and refunds, numbered by its nonce). Each honest
 * authority votes at most once per (owner, number), which is what makes a certificate unique there.
 */
public sealed interface SlotOwner permits AccountId, ChannelId {}
