package io.quorumpay.authority.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports that are free on loopback, handed out once each per process. They come from below the
 * kernel's ephemeral range (32768 and up by default), so an outgoing connection cannot take one
 * between the moment it is chosen and the moment a server binds it. For local networks that must
 * not collide with one already running (the demo, tests).
 */
public final class FreePorts {
  private static final int FIRST = 20_000;
  private static final int LAST = 32_000;
  private static final AtomicInteger NEXT = new AtomicInteger(FIRST + ThreadLocalRandom.current().nextInt(8_000));

  private FreePorts() {}

  /** The next free port. */
  public static int next() {
    for (int tries = 0; tries < LAST - FIRST; tries++) {
      int port = NEXT.getAndIncrement();
      if (port >= LAST) {
        NEXT.set(FIRST);
        continue;
      }
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException taken) {
        // Try the next one.
      }
    }
    throw new IllegalStateException("no free port between " + FIRST + " and " + LAST);
  }
}
