package io.github.docusigncollector.opensearch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged collector jar as a real process (exit codes, SIGKILL). */
final class Jar implements AutoCloseable {
  private static int counter;

  final Process process;
  private final Path out;
  private final Path err;

  private Jar(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  static Jar start(Path workDir, String... args) throws IOException {
    return start(workDir, java.util.Map.of(), args);
  }

  static synchronized Jar start(Path workDir, java.util.Map<String, String> env, String... args)
      throws IOException {
    String jar = System.getProperty("collector.jar");
    if (jar == null || !Files.exists(Path.of(jar))) {
      throw new IllegalStateException(
          "system property collector.jar does not name the packaged jar (run by failsafe after the"
              + " cli module is packaged): "
              + jar);
    }
    int n = ++counter;
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-jar");
    cmd.add(jar);
    cmd.addAll(List.of(args));
    Path o = workDir.resolve("proc-" + n + ".out");
    Path e = workDir.resolve("proc-" + n + ".err");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(workDir.toFile())
            .redirectOutput(o.toFile())
            .redirectError(e.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("DOCUSIGN_"));
    pb.environment().putAll(env);
    return new Jar(pb.start(), o, e);
  }

  /** Runs to the end (at most {@code seconds}); returns the exit code. */
  static Result run(Path workDir, int seconds, String... args)
      throws IOException, InterruptedException {
    return run(workDir, seconds, java.util.Map.of(), args);
  }

  static Result run(Path workDir, int seconds, java.util.Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    try (Jar j = start(workDir, env, args)) {
      if (!j.process.waitFor(seconds, TimeUnit.SECONDS)) {
        throw new AssertionError("collector " + String.join(" ", args) + " did not end in time");
      }
      return new Result(j.process.exitValue(), Files.readString(j.out), Files.readString(j.err));
    }
  }

  /** SIGKILL, and wait for the process to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  record Result(int exitCode, String out, String err) {}
}
