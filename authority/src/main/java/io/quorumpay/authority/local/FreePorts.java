package io.quorumpay.authority.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for local networks whose addresses must be written down before anything
 * starts (so port 0 cannot be used). A port is handed out once per JVM, and claimed across JVMs
 * by a byte-range lock at its number in one shared lock file, held until this JVM exits: two test
 * JVMs, or a test and {@code qp up}, never get the same port. They come from below the kernel's
 * ephemeral range (32768 and up by default), so an outgoing connection cannot take one between
 * the moment it is chosen and the moment a server binds it.
 *
 * <p>The lock file lives in the folder named by the system property {@value #DIRECTORY_PROPERTY}
 * when it is set (the build sets it to the repository's {@code target/}, so tests leave nothing
 * in the temporary folder and {@code mvn clean} removes it), else in {@code java.io.tmpdir}.
 */
public final class FreePorts {
  private static final int FIRST = 20_000;
  private static final int LAST = 32_000;
  /** The system property naming the folder of the lock file. */
  public static final String DIRECTORY_PROPERTY = "quorumpay.ports.dir";
  private static final Path LOCK_FILE = Path.of(System.getProperty(DIRECTORY_PROPERTY, System.getProperty("java.io.tmpdir")),
      "quorumpay-ports.lock");
  private static int next = FIRST + ThreadLocalRandom.current().nextInt(8_000);
  private static FileChannel locks;
  /** Held for the JVM's life: a lock is released when its channel closes. */
  private static final List<FileLock> claimed = new ArrayList<>();

  private FreePorts() {}

  /** The next free port. */
  public static synchronized int next() {
    try {
      if (locks == null) {
        java.nio.file.Files.createDirectories(LOCK_FILE.getParent());
        locks = FileChannel.open(LOCK_FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      }
      for (int tries = 0; tries < LAST - FIRST; tries++) {
        int port = next++;
        if (next >= LAST) {
          next = FIRST;
        }
        FileLock lock = locks.tryLock(port, 1, false);
        if (lock == null) {
          continue; // another JVM has it
        }
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
          claimed.add(lock);
          return port;
        } catch (IOException taken) {
          lock.release();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot claim a port through " + LOCK_FILE, e);
    }
    throw new IllegalStateException("no free port between " + FIRST + " and " + LAST);
  }
}
