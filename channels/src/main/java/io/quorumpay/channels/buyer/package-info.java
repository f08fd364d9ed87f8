/**
 * The buyer's side of payment channels for gRPC clients: {@link io.quorumpay.channels.buyer.PayingClientInterceptor}
 * pays each call from a channel that a {@link io.quorumpay.channels.buyer.ChannelPayer} opens on demand with the
 * buyer's wallet ({@code PayKit}), and {@link io.quorumpay.channels.buyer.ChannelRecovery} gets a lost record back
 * from the seller, believing only the buyer's own signature. See docs/CHANNELS.md, "The buyer's side".
 */
package io.quorumpay.channels.buyer;
