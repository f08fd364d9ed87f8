package io.quorumpay.authority.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's temporary files stay in its own folder, and what a killed node left there is removed when it starts again. */
class NodeProcessTest {
  @TempDir
  Path dir;

  static List<Path> nativeLibraries(Path folder) throws Exception {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().startsWith("librocksdbjni")).toList();
    }
  }

  static void awaitLibraries(Path folder, int count, NodeProcess node) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (nativeLibraries(folder).size() != count) {
      assertThat(System.nanoTime()).as("%s holds %s; log: %s", folder, nativeLibraries(folder),
          Files.exists(node.log()) ? Files.readString(node.log()) : "none").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void aKilledNodeLeavesNothingInTheMachinesTemporaryFolder() throws Exception {
    LocalNetwork.Layout layout = LocalNetwork.init(dir.resolve("net"), LocalNetwork.uniqueName("tmp"), 4, 1, false, FreePorts::next);
    NodeProcess primary = NodeProcess.primary(layout.primaryFile(), dir.resolve("logs").resolve("primary.log"));
    assertThat(primary.tmp().startsWith(dir)).as("the node's temporary folder is in its own folder").isTrue();
    try {
      primary.start();
      awaitLibraries(primary.tmp(), 1, primary);
      primary.kill(); // SIGKILL: the JVM cannot delete what it unpacked
      assertThat(nativeLibraries(primary.tmp())).hasSize(1);

      primary.start();
      Thread.sleep(200);
      awaitLibraries(primary.tmp(), 1, primary); // the stale one is gone, the new run's is there
    } finally {
      primary.close();
    }
    awaitLibraries(primary.tmp(), 0, primary); // a clean stop deletes its own
  }
}
