package io.github.docusigncollector.sink;

import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.config.CollectorConfig.OutputConfig;
import io.github.docusigncollector.error.CollectorException;
import java.io.PrintStream;

/** Builds the configured sink through the {@link SinkTypes} registry. */
public final class Sinks {
  private Sinks() {}

  /** The sink of {@code output}; {@code stdout} is where the stdout sink writes. */
  public static Sink open(OutputConfig output, PrintStream stdout) {
    return open(
        output, SinkContext.of(output.path() != null ? output.path().getParent() : null, stdout));
  }

  /** The sink of {@code config}, with the state directory, time-outs and environment it needs. */
  public static Sink open(CollectorConfig config, SinkContext context) {
    return open(config.output(), context);
  }

  /** The sink of {@code output} in {@code context}. */
  public static Sink open(OutputConfig output, SinkContext context) {
    SinkType type = SinkTypes.get(output.type());
    if (type == null) {
      throw CollectorException.config(
          "output.type: \""
              + output.type()
              + "\" is not a known sink; use one of "
              + String.join(", ", SinkTypes.all().keySet()));
    }
    return type.open(output.settings(), context);
  }

  /** Whether events go to standard output (so summaries must go to stderr). */
  public static boolean writesStdout(OutputConfig output) {
    SinkType type = SinkTypes.get(output.type());
    return type != null && type.writesStdout();
  }
}
