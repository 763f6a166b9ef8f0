package io.github.docusigncollector.connect;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.format.EventRewriter;
import io.github.docusigncollector.format.OutputFormat;
import io.github.docusigncollector.monitor.EventTime;
import io.github.docusigncollector.pipeline.AccountTag;
import io.github.docusigncollector.sink.Batch;
import io.github.docusigncollector.sink.EnvelopeFields;
import io.github.docusigncollector.sink.LineBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * One source partition, (account, event type): reads one page per {@link #poll} from where its
 * offset says, and turns it into records. Every record but the page's last carries the offset
 * before the page, the last the offset after it: without exactly-once, Connect commits an offset
 * only once every record before it is acknowledged, so a partly written page is read again; with
 * exactly-once, the page and its offset commit in one transaction.
 */
abstract class PartitionSource {
  private static final ObjectMapper MAPS = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {};

  final String account;
  final EventType type;
  final Map<String, String> partition;
  final String topic;
  final Clock clock;
  private final AccountTag tag;
  private final EventRewriter rewriter;
  private final LineBuffer tagged = new LineBuffer(1 << 16);
  private final LineBuffer mapped = new LineBuffer(1 << 16);
  private final EnvelopeFields envelope = new EnvelopeFields("");

  /** Whether record values are schemaless maps (for JsonConverter) rather than JSON strings. */
  boolean mapValues;

  /** The offset of what was handed to Connect so far (null: nothing yet). */
  Map<String, Object> offset;

  /** When this partition may be read again (after it caught up, or after a failure). */
  Instant dueAt = Instant.EPOCH;

  PartitionSource(
      String account,
      String eventTag,
      EventType type,
      String topic,
      OutputFormat format,
      Clock clock) {
    this.account = account;
    this.type = type;
    this.partition = Offsets.partition(account, type);
    this.topic = topic;
    this.clock = clock;
    this.tag = eventTag == null || format != OutputFormat.RAW ? null : new AccountTag(eventTag);
    this.rewriter = new EventRewriter(format, eventTag, clock);
  }

  /** Takes up where the stored offset (null: none) says. */
  abstract void restore(Map<String, Object> stored);

  /** Reads one page; its records, possibly none. */
  abstract List<SourceRecord> poll();

  /** The records of a batch of collected events, tagged and mapped as configured. */
  final List<SourceRecord> records(Batch collected, Map<String, Object> before) {
    if (collected.isEmpty()) {
      return List.of();
    }
    Batch b = tag == null ? collected : tag.tag(collected, tagged);
    b = rewriter.rewrite(type, b, mapped);
    byte[] data = b.data();
    List<int[]> lines = new ArrayList<>(b.events());
    int start = 0;
    for (int i = 0; i < b.length(); i++) {
      if (data[i] == '\n') {
        if (i > start) {
          lines.add(new int[] {start, i});
        }
        start = i + 1;
      }
    }
    List<SourceRecord> out = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      // The page's last record carries the offset after the page; the others the one before it.
      Map<String, Object> o = i == lines.size() - 1 ? offset : before;
      out.add(record(data, lines.get(i)[0], lines.get(i)[1], o));
    }
    return out;
  }

  private SourceRecord record(byte[] data, int start, int end, Map<String, Object> o) {
    envelope.scan(data, start, end);
    String key = type == EventType.CUSTOMER_EVENTS ? envelope.eventId() : envelope.userId();
    long seconds =
        envelope.time() == null ? EventTime.INVALID : EventTime.parseEpochSecond(envelope.time());
    Long timestamp = seconds == EventTime.INVALID ? null : seconds * 1000;
    if (mapValues) {
      Map<String, Object> map;
      try {
        map = MAPS.readValue(data, start, end - start, MAP_TYPE);
      } catch (IOException e) {
        throw new UncheckedIOException("an event that is not a JSON object", e);
      }
      return new SourceRecord(
          partition, o, topic, null, Schema.STRING_SCHEMA, key, null, map, timestamp);
    }
    String value = new String(data, start, end - start, StandardCharsets.UTF_8);
    return new SourceRecord(
        partition,
        o,
        topic,
        null,
        Schema.STRING_SCHEMA,
        key,
        Schema.STRING_SCHEMA,
        value,
        timestamp);
  }
}
