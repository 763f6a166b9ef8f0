package io.github.docusigncollector.sink;

/**
 * Hears what a sink does, for metrics and the status page: batches accepted, their bytes, and
 * failures. Every sink is wrapped in an {@link ObservedSink} that feeds it, so a sink needs no code
 * of its own for this; a sink that retries or splits internally may call it directly too.
 * Implementations are thread-safe and quick.
 */
public interface SinkStats {
  /** Observes nothing. */
  SinkStats NONE = new SinkStats() {};

  /**
   * A batch of {@code events} events, {@code bytes} bytes, was durably accepted by {@code sink}.
   */
  default void accepted(String sink, int events, long bytes) {}

  /**
   * {@code sink} refused or failed a batch (or its recovery); {@code message} carries no secret.
   */
  default void failed(String sink, String message) {}
}
