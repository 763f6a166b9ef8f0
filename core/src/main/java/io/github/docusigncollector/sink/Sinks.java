package io.github.docusigncollector.sink;

import io.github.docusigncollector.config.CollectorConfig.OutputConfig;
import io.github.docusigncollector.error.CollectorException;
import java.io.PrintStream;

/** Builds the configured sink. */
public final class Sinks {
  private Sinks() {}

  /** The sink of {@code output}; {@code stdout} is where the stdout sink writes. */
  public static Sink open(OutputConfig output, PrintStream stdout) {
    return switch (output.type()) {
      case "file" -> new FileSink(output.path(), output.rotateBytes(), output.keep());
      case "stdout" -> new StdoutSink(stdout);
      default ->
          throw CollectorException.config(
              "output.type: \"" + output.type() + "\" is not a known sink; use file or stdout");
    };
  }

  /** Whether events go to standard output (so summaries must go to stderr). */
  public static boolean writesStdout(OutputConfig output) {
    return "stdout".equals(output.type());
  }
}
