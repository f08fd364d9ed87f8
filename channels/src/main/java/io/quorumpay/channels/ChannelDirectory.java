package io.quorumpay.channels;

import io.quorumpay.core.types.ChannelId;
import java.util.Optional;

/**
 * Where the seller learns channels: a cache of channel states built from certificates it verified
 * (the committee-backed implementation fills it from the committee's ChannelInfo answers). Read on
 * every paid call, so it answers from memory and never waits on the network.
 */
public interface ChannelDirectory {
  /** The latest verified state of {@code id}, or empty when this seller knows no such channel. */
  Optional<ChannelView> channel(ChannelId id);
}
