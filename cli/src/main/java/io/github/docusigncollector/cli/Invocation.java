package io.github.docusigncollector.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What one command line runs with: the environment, the working directory, the clock and the two
 * output streams. {@code main} passes the process's own; tests pass theirs.
 */
record Invocation(
    Map<String, String> env, Path workDir, Clock clock, PrintStream out, PrintStream err) {
  Invocation {
    env = Map.copyOf(env);
    workDir = workDir.toAbsolutePath().normalize();
  }
}
