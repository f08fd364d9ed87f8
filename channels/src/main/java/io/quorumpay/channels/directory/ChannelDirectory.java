package io.quorumpay.channels.directory;

import io.quorumpay.channels.policy.ChannelView;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.ChannelId;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where the seller learns channels: a cache of channel states built from certificates it verified
 * (the committee-backed implementation fills it from the committee's ChannelInfo answers). Read on
 * every paid call, so it answers from memory and never waits on the network.
 */
public interface ChannelDirectory {
  /** The latest verified state of {@code id}, or empty when this seller knows no such channel. */
  Optional<ChannelView> channel(ChannelId id);

  /**
   * Called when a paid call names channel {@code id}, unknown here, with its sender (header
   * {@code qp-channel-sender}): a directory that can read channels from the committee proves it now.
   * Returns the proven channel (not watched yet: see {@link #adopt}), or empty when it is not proven or
   * the directory does not look channels up (the default). Bounded by the implementation: it may
   * refuse to look up when busy or full, and may answer from a recent lookup.
   */
  default Optional<ChannelView> discover(ChannelId id, AccountId sender) {
    return Optional.empty();
  }

  /**
   * Starts watching {@code proven} (from {@link #discover}) once a call's payment checked against it.
   * False when the directory has no room (or does not look channels up, the default).
   */
  default boolean adopt(ChannelView proven) {
    return false;
  }

  /**
   * Lets the directory stop watching channels expired before {@code height} that {@code settled}
   * says have nothing left to claim (the default keeps everything).
   */
  default void retire(long height, Predicate<ChannelId> settled) {}
}
