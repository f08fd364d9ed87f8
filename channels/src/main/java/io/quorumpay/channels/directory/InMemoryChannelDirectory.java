package io.quorumpay.channels.directory;

import io.quorumpay.channels.policy.ChannelView;
import io.quorumpay.core.types.ChannelId;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A directory whose channels are put in by hand: for tests, benchmarks and local runs without a committee. */
public final class InMemoryChannelDirectory implements ChannelDirectory {
  private final ConcurrentHashMap<ChannelId, ChannelView> channels = new ConcurrentHashMap<>();

  /** Adds or replaces a channel's state (a newer certificate was seen). */
  public void put(ChannelView view) {
    channels.put(view.id(), view);
  }

  @Override
  public Optional<ChannelView> channel(ChannelId id) {
    return Optional.ofNullable(channels.get(id));
  }
}
