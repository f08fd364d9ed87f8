package io.quorumpay.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one benchmark in a child JVM, for what a benchmark needs that this JVM does not have: the
 * latency benchmark its own garbage collector, the shard-scaling runs a fixed set of cores. The
 * child gets this JVM's options and class path (garbage-collector options replaced when given, a
 * flight recording left out) and writes its figures as a JSON object to the file named by its
 * last argument.
 */
final class ChildJvm {
  private ChildJvm() {}

  /**
   * Runs {@code main} with {@code args} and returns the figures it wrote. {@code prefix} goes
   * before the java command (such as {@code taskset -c 0}); {@code collector}, if not empty,
   * replaces this JVM's garbage-collector options.
   */
  static Map<String, Object> run(List<String> prefix, List<String> collector, Class<?> main, String... args) throws Exception {
    Path figures = Files.createTempFile("qp-bench", ".json");
    try {
      List<String> command = new ArrayList<>(prefix);
      command.add(ProcessHandle.current().info().command().orElse("java"));
      ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
          .filter(option -> collector.isEmpty() || !(option.startsWith("-XX:+Use") || option.startsWith("-XX:MaxGCPauseMillis")))
          .filter(option -> !option.startsWith("-XX:StartFlightRecording")) // one recording, the parent's
          .forEach(command::add);
      command.addAll(collector);
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
      command.addAll(List.of(args));
      command.add(figures.toString());
      int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
      if (exit != 0) {
        throw new IllegalStateException(main.getSimpleName() + " exited with code " + exit);
      }
      return new ObjectMapper().readValue(figures.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
    } finally {
      Files.deleteIfExists(figures);
    }
  }

  /** What a child's main calls last: writes {@code figures} where {@link #run} reads them. */
  static void write(Object figures, String file) throws Exception {
    new ObjectMapper().writeValue(Path.of(file).toFile(), figures);
  }
}
