package io.quorumpay.authority;

import java.time.Duration;

/** Waits for something asynchronous (deposits followed, credits delivered) within a bound. */
final class Eventually {
  private Eventually() {}

  @FunctionalInterface
  interface Check {
    void run() throws Exception;
  }

  /** Retries {@code check} until it passes or {@code limit} is over; then rethrows its last failure. */
  static void within(Duration limit, Check check) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      try {
        check.run();
        return;
      } catch (Exception | AssertionError e) {
        if (System.nanoTime() > deadline) {
          if (e instanceof AssertionError failure) {
            throw failure;
          }
          throw (Exception) e;
        }
        Thread.sleep(50);
      }
    }
  }
}
