package io.quorumpay.hub.live;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-process signal that the indexer committed new rows, with the newest row id as of that
 * commit: it only wakes the sessions, which then read the {@link EventLog} from their own cursors
 * (skipping those already at the head), so a missed or early signal loses nothing.
 */
public final class LiveSignal {
  /** Not known: every subscription reads. */
  static final long UNKNOWN = Long.MAX_VALUE;
  private final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();
  private volatile long head = UNKNOWN;

  /** Called by the indexer after each commit that added rows, when the newest row id is not known. */
  public void committed() {
    committed(UNKNOWN);
  }

  /** Called by the indexer after each commit that added rows: {@code newest} is the newest row id now committed. */
  public void committed(long newest) {
    head = newest;
    listeners.forEach(Runnable::run);
  }

  /** The newest row id as of the last commit heard of, or {@link #UNKNOWN}. */
  long head() {
    return head;
  }

  void listen(Runnable wake) {
    listeners.add(wake);
  }

  void forget(Runnable wake) {
    listeners.remove(wake);
  }
}
