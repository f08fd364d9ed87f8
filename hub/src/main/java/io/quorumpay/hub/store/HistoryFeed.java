package io.quorumpay.hub.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * New history entries as the indexer commits them, in id order, for live notifications. A
 * listener that joins late, or missed some, reads them from {@link HistoryQueries#allAfter} by id.
 */
public final class HistoryFeed implements Consumer<List<HistoryEntry>> {
  private final List<Consumer<List<HistoryEntry>>> listeners = new CopyOnWriteArrayList<>();

  /** Adds a listener; returns what removes it. Listeners must not block. */
  public Runnable subscribe(Consumer<List<HistoryEntry>> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public void accept(List<HistoryEntry> entries) {
    listeners.forEach(listener -> listener.accept(entries));
  }
}
