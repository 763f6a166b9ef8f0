package io.github.docusigncollector.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** One in-process command line run: its exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {
  static CliRun run(Path workDir, Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(workDir, env, new PrintWriter(out), new PrintWriter(err), args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** A run whose waits (backoff, throttling) return at once. */
  static CliRun runWithoutWaits(Path workDir, Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            workDir,
            env,
            Clock.systemUTC(),
            d -> {},
            new PrintWriter(out),
            new PrintWriter(err),
            args);
    return new CliRun(code, out.toString(), err.toString());
  }

  String all() {
    return out + err;
  }
}
