/**
 * What the seller learns from outside: channels as their certificates prove them
 * ({@link io.quorumpay.channels.directory.ChannelDirectory}) and the primary chain's height
 * ({@link io.quorumpay.channels.directory.PrimaryHeight}).
 */
package io.quorumpay.channels.directory;
