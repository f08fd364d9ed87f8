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
   * {@code qp-channel-sender}): a directory that can read channels from the committee proves it now
   * and starts watching it when {@code wanted} (it pays this seller). Returns the proven channel (watched
   * or not), or empty when it is not proven or the directory does not look channels up (the default).
   * Bounded by the implementation: it may refuse to look up when busy or full.
   */
  default Optional<ChannelView> discover(ChannelId id, AccountId sender, Predicate<ChannelView> wanted) {
    return Optional.empty();
  }
}
