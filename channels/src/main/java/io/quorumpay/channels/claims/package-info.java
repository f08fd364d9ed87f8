/**
 * Claiming what channels owe the seller ({@link io.quorumpay.channels.claims.Claims}, decided by
 * {@link io.quorumpay.channels.claims.ClaimPolicy}, run by {@link io.quorumpay.channels.claims.ClaimKeeper}) and the
 * seller's control API ({@link io.quorumpay.channels.claims.ControlService}).
 */
package io.quorumpay.channels.claims;
