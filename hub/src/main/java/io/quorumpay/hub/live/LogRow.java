package io.quorumpay.hub.live;

/**
 * One row of the event log: what happened to {@code account} ({@code in} or {@code out}), of which
 * {@code kind} (transfer, redeem, deposit, channel_*), with whom, in which asset, how much, and what
 * proves it: the certificate at ({@code owner}, {@code sequenceNumber}) or the primary deposit
 * {@code depositIndex}. {@code id} is the cursor.
 */
public record LogRow(long id, String account, String direction, String kind, String counterparty, String asset, long amount,
    String owner, Long sequenceNumber, Long depositIndex, String indexedAt) {}
