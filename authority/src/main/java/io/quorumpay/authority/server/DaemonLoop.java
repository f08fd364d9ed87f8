package io.quorumpay.authority.server;

/**
 * A background loop on its own daemon thread. The loop runs until its thread is interrupted, which
 * is how {@link #close()} stops it; blocking calls inside it end with InterruptedException.
 */
final class DaemonLoop implements AutoCloseable {
  private final Thread thread;

  DaemonLoop(String name, Runnable loop) {
    this.thread = new Thread(loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** True until the loop is asked to stop; the loop checks it between iterations. */
  static boolean running() {
    return !Thread.currentThread().isInterrupted();
  }

  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
