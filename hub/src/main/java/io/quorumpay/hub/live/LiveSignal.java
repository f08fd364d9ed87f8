package io.quorumpay.hub.live;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-process signal that the indexer committed new rows: it only wakes the sessions, which
 * then read the {@link EventLog} from their own cursors, so a missed or early signal loses nothing.
 */
public final class LiveSignal {
  private final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();

  /** Called by the indexer after each commit that added rows. */
  public void committed() {
    listeners.forEach(Runnable::run);
  }

  void listen(Runnable wake) {
    listeners.add(wake);
  }

  void forget(Runnable wake) {
    listeners.remove(wake);
  }
}
