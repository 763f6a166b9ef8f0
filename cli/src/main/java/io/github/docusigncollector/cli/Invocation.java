package io.github.docusigncollector.cli;

import io.github.docusigncollector.http.Sleeper;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What one command line runs with: the environment, the working directory, the clock and the two
 * output streams. {@code main} passes the process's own; tests pass theirs.
 */
record Invocation(
    Map<String, String> env,
    Path workDir,
    Clock clock,
    Sleeper sleeper,
    PrintStream out,
    PrintStream err) {
  Invocation {
    env = Map.copyOf(env);
    workDir = workDir.toAbsolutePath().normalize();
  }

  /** The process's own environment, directory, clock and streams. */
  static Invocation system() {
    return new Invocation(
        System.getenv(), Path.of(""), Clock.systemUTC(), Sleeper.SYSTEM, System.out, System.err);
  }
}
