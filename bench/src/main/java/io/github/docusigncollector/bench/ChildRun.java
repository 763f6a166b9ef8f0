package io.github.docusigncollector.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A child JVM run to completion, with its wall time (process start to exit), its peak resident set
 * (VmHWM, polled from /proc) and the heap figures it printed at exit.
 */
public record ChildRun(
    int exitCode,
    double wallS,
    long peakRssBytes,
    long peakHeapBytes,
    long peakLiveBytes,
    long retainedBytes,
    double cpuS,
    String stdout,
    String stderr) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Runs {@code command} in {@code dir} with {@code env} added, and waits for it. */
  public static ChildRun run(List<String> command, Path dir, Map<String, String> env) {
    try {
      Path out = Files.createTempFile(dir, "child-", ".out");
      Path err = Files.createTempFile(dir, "child-", ".err");
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      pb.environment().put(HeapStats.ENV, "1");
      pb.environment().putAll(env);
      long start = System.nanoTime();
      Process p = pb.start();
      Path status = Path.of("/proc/" + p.pid() + "/status");
      long hwm = 0;
      while (p.isAlive()) {
        hwm = Math.max(hwm, vmHwm(status));
        try {
          if (p.waitFor(5, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            break;
          }
        } catch (InterruptedException e) {
          p.destroy();
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
      int code = p.exitValue();
      double wall = (System.nanoTime() - start) / 1e9;
      String o = Files.readString(out, StandardCharsets.UTF_8);
      String e = Files.readString(err, StandardCharsets.UTF_8);
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      JsonNode stats = statsFrom(e);
      return new ChildRun(
          code,
          wall,
          hwm,
          stats.path("peak_heap_bytes").asLong(-1),
          stats.path("peak_live_bytes").asLong(-1),
          stats.path("retained_bytes").asLong(-1),
          stats.path("cpu_ns").asLong(-1) / 1e9,
          o,
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** VmHWM of a live process in bytes (0 when it is gone or not on Linux). */
  static long vmHwm(Path status) {
    try {
      for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmHWM:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process ended between the check and the read
    }
    return 0;
  }

  /** The figures {@link HeapStats#print} wrote into {@code stderr} (empty when none). */
  static JsonNode statsFrom(String stderr) {
    for (String line : stderr.split("\n")) {
      int i = line.indexOf(HeapStats.PREFIX);
      if (i >= 0) {
        try {
          return JSON.readTree(line.substring(i + HeapStats.PREFIX.length()));
        } catch (IOException e) {
          break;
        }
      }
    }
    return JSON.createObjectNode();
  }

  /** The command line starting a java child: the same java binary as this JVM. */
  public static List<String> java(List<String> jvmOptions) {
    List<String> c = new ArrayList<>();
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    c.addAll(jvmOptions);
    return c;
  }
}
