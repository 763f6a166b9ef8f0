package io.github.docusigncollector.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** One in-process command line run: its exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {
  static CliRun run(Path workDir, Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(workDir, env, new PrintWriter(out), new PrintWriter(err), args);
    return new CliRun(code, out.toString(), err.toString());
  }

  String all() {
    return out + err;
  }
}
