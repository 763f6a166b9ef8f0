package io.github.docusigncollector.connect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.format.OutputFormat;
import io.github.docusigncollector.http.DocuSignClient;
import io.github.docusigncollector.http.ResponseBuffer;
import io.github.docusigncollector.monitor.EventTime;
import io.github.docusigncollector.monitor.MonitorPage;
import io.github.docusigncollector.monitor.MonitorReader;
import io.github.docusigncollector.sink.LineBuffer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The Monitor stream of one account as a source partition. Its checkpoint: {@code cursor}, {@code
 * recent_id_hashes} (the dedupe memory, {@link IdHashes}) and {@code newest_event_time}. Pages are
 * read and normalized by the core's {@link MonitorReader}.
 */
final class CustomerEventsSource extends PartitionSource {
  private final MonitorReader monitor;
  private final CollectorConfig config;
  private String cursor;
  private IdHashes recent = new IdHashes();
  private long newest = EventTime.INVALID;

  /** One receive and one output buffer, reused page after page (the records copy the lines). */
  private final ResponseBuffer received = new ResponseBuffer(1 << 16);

  private final LineBuffer normalized = new LineBuffer(1 << 16);

  CustomerEventsSource(
      String account,
      String eventTag,
      CollectorConfig config,
      DocuSignClient client,
      String topic,
      OutputFormat format,
      Clock clock) {
    super(account, eventTag, EventType.CUSTOMER_EVENTS, topic, format, clock);
    this.config = config;
    this.monitor = new MonitorReader(client, config, clock);
  }

  @Override
  void restore(Map<String, Object> stored) {
    ObjectNode cp = Offsets.checkpoint(stored, partition);
    cursor = cp.path("cursor").asText(null);
    recent = IdHashes.decode(cp.path("recent_id_hashes").asText(null));
    String t = cp.path("newest_event_time").asText(null);
    newest = t == null ? EventTime.INVALID : EventTime.parseEpochSecond(t);
    offset = stored;
  }

  @Override
  List<SourceRecord> poll() {
    String from = cursor != null ? cursor : monitor.firstCursor();
    int limit = config.maxCustomerEventsPerFetch();
    MonitorPage page = monitor.read(from, limit, recent::contains, received, normalized);
    String end = page.endCursor();
    // A short page is the head of the stream (or close to it): wait an interval, then go on
    // from its endCursor. A full page is followed at once.
    boolean caughtUp = end == null || end.equals(from) || page.received() < limit;
    cursor = end == null ? from : end;
    recent.addAll(page.eventIds());
    if (page.newestEventEpoch() != EventTime.INVALID && page.newestEventEpoch() > newest) {
      newest = page.newestEventEpoch();
    }
    if (caughtUp) {
      dueAt = clock.instant().plus(config.interval());
    }
    if (page.batch().isEmpty()) {
      // No record to carry an offset: the cursor moves in memory and reaches the offset with the
      // next page that has events (a restart before then reads these empty pages again).
      return List.of();
    }
    Map<String, Object> before = offset;
    offset = Offsets.offset(checkpoint());
    return records(page.batch(), before);
  }

  ObjectNode checkpoint() {
    ObjectNode cp = Offsets.newCheckpoint();
    cp.put("cursor", cursor);
    cp.put("recent_id_hashes", recent.encode());
    if (newest != EventTime.INVALID) {
      cp.put("newest_event_time", EventTime.format(newest));
    }
    return cp;
  }
}
