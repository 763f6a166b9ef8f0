package io.github.docusigncollector.sink;

import java.util.List;

/**
 * A kind of sink ({@code output.type}), found by {@link java.util.ServiceLoader}: list the
 * implementing class in {@code META-INF/services/io.github.docusigncollector.sink.SinkType} of any
 * jar on the class path (the kafka sink lives in its own module this way). It declares its keys
 * once, checks what the keys cannot check alone, and opens the sink.
 */
public interface SinkType {
  /** The {@code output.type} value, e.g. {@code splunk_hec}. */
  String type();

  /**
   * Every {@code output.*} key of this sink but {@code type} and {@code format} (which every sink
   * has); remote sinks start from {@code RemoteKeys.common(...)}.
   */
  SinkKeys keys();

  /**
   * Checks across keys (e.g. "{@code token} or {@code username} + {@code password}"), adding a
   * message naming the key to {@code problems} for each; called only when each key alone was valid.
   */
  default void validate(SinkSettings settings, List<String> problems) {}

  /** Opens the sink; called once per process after the configuration was validated. */
  Sink open(SinkSettings settings, SinkContext context);

  /** Whether events go to standard output (so that summaries go to stderr). */
  default boolean writesStdout() {
    return false;
  }
}
