package io.github.docusigncollector.monitor;

import io.github.docusigncollector.sink.Batch;
import java.util.List;

/**
 * One Monitor stream answer after normalization: the {@code endCursor}, the new events as JSON
 * Lines (duplicates already left out), their ids, and the newest event time among them.
 *
 * @param received events in the answer, duplicates included
 * @param newestEventEpoch epoch second of the newest parsed event timestamp, or {@link
 *     EventTime#INVALID} when no event had one
 */
public record MonitorPage(
    String endCursor, Batch batch, List<String> eventIds, int received, long newestEventEpoch) {

  public int delivered() {
    return batch.events();
  }

  public int duplicates() {
    return received - batch.events();
  }
}
