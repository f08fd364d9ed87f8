package io.quorumpay.hub.store;

/**
 * One line of an account's history: a payment sent ({@code out}) or received ({@code in}), a
 * deposit, a redeem, or a channel operation. {@code id} orders all entries of the hub and is the
 * cursor to page or resume from. {@code owner}/{@code sequenceNumber} name the certificate that
 * proves it ({@code GET /v1/certificates/{owner}/{sequenceNumber}}), {@code depositIndex} the
 * primary deposit. {@code indexedAt} is when the hub's indexer first saw it (certificates carry no time).
 */
public record HistoryEntry(long id, String account, String direction, String kind, String counterparty, String asset,
    long amount, String owner, Long sequenceNumber, Long depositIndex, String indexedAt) {}
