package io.github.docusigncollector.pipeline;

import io.github.docusigncollector.config.EventType;
import java.time.Instant;

/** Receives the progress of a cycle (e.g. to show a long backfill on a terminal). */
public interface Progress {
  Progress NONE = (type, delivered, eventTimeReached) -> {};

  /**
   * Called after each delivered page or chunk.
   *
   * @param delivered events of this type delivered so far in this cycle
   * @param eventTimeReached the newest event time delivered so far (null when unknown)
   */
  void delivered(EventType type, long delivered, Instant eventTimeReached);
}
