package io.github.docusigncollector.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged collector jar run as a real process (signals, exit codes, stdout and stderr). */
final class CollectorProcess implements AutoCloseable {
  private static int counter;

  final Process process;
  final Path out;
  final Path err;

  private CollectorProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  static Path jar() {
    String jar = System.getProperty("collector.jar");
    if (jar == null) {
      throw new IllegalStateException("system property collector.jar is not set (run by failsafe)");
    }
    return Path.of(jar);
  }

  static synchronized CollectorProcess start(Path workDir, String... args) throws IOException {
    int n = ++counter;
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Xshare:auto");
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(List.of(args));
    Path out = workDir.resolve("proc-" + n + ".out");
    Path err = workDir.resolve("proc-" + n + ".err");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("DOCUSIGN_"));
    return new CollectorProcess(pb.start(), out, err);
  }

  static CollectorProcess.Result runToEnd(Path workDir, Duration timeout, String... args)
      throws IOException, InterruptedException {
    try (CollectorProcess p = start(workDir, args)) {
      if (!p.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("collector " + String.join(" ", args) + " did not end in time");
      }
      return new Result(p.process.exitValue(), p.stdout(), p.stderr());
    }
  }

  String stdout() throws IOException {
    return Files.readString(out);
  }

  String stderr() throws IOException {
    return Files.readString(err);
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
