package io.github.docusigncollector.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.format.MappingTable.Kind;
import io.github.docusigncollector.format.MappingTable.Verb;
import io.github.docusigncollector.monitor.EventTime;
import io.github.docusigncollector.sink.Batch;
import io.github.docusigncollector.sink.LineBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mapping step between normalization and delivery: rewrites a batch of normalized events (JSON
 * Lines) into the configured {@link OutputFormat}. {@code raw} hands the batch on untouched. For
 * {@code ocsf} and {@code ecs} each event is read once with Jackson's streaming parser (only the
 * fields the mapping uses), the mapped attributes are written with a streaming generator, and the
 * original event's bytes are appended unchanged as OCSF {@code unmapped} or ECS {@code docusign}:
 * no tree per event on the Monitor path. Audit users (at most a few thousand a cycle) are read as
 * trees.
 *
 * <p>Events of a kind the {@link MappingTable} does not know still map (OCSF API Activity / Other,
 * ECS without a category) and are counted in {@link #unknownKinds()}; the first few such kinds are
 * logged.
 */
public final class EventRewriter {
  private static final Logger LOG = LoggerFactory.getLogger(EventRewriter.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_LOGGED_KINDS = 50;
  private static final byte[] UNMAPPED = ascii(",\"unmapped\":");
  private static final byte[] DOCUSIGN = ascii(",\"docusign\":");
  private static final byte[] ACCOUNT = ascii(",\"docusign_account\":\"");

  private final OutputFormat format;
  private final String account;
  private final Clock clock;
  private final JsonFactory factory;
  private final CustomerEvent event = new CustomerEvent();
  private final LongAdder unknown = new LongAdder();
  private final LongAdder mapped = new LongAdder();
  private final Set<String> loggedKinds = ConcurrentHashMap.newKeySet();

  /**
   * @param account the account name of a multi-account configuration ({@code null} for a single
   *     account): it goes to OCSF {@code unmapped.docusign_account} and ECS {@code
   *     labels.docusign_account}
   */
  public EventRewriter(OutputFormat format, String account, Clock clock) {
    this.format = format;
    this.account = account;
    this.clock = clock;
    this.factory =
        JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .build();
    factory.setRootValueSeparator(null);
  }

  public OutputFormat format() {
    return format;
  }

  /** Events mapped so far whose kind the mapping table does not know. */
  public long unknownKinds() {
    return unknown.sum();
  }

  /** Events mapped so far (every kind). */
  public long mappedEvents() {
    return mapped.sum();
  }

  /**
   * Rewrites {@code in} into {@code out} (emptied first) and returns the new batch, which shares
   * {@code out}'s array; for {@code raw}, returns {@code in} itself. Not thread-safe: one rewriter
   * per thread that maps.
   */
  public Batch rewrite(EventType type, Batch in, LineBuffer out) {
    if (format == OutputFormat.RAW || in.isEmpty()) {
      return in;
    }
    out.reset();
    byte[] data = in.data();
    int start = 0;
    int events = 0;
    try {
      for (int i = 0; i < in.length(); i++) {
        if (data[i] == '\n') {
          if (i > start) {
            mapLine(type, data, start, i, out);
            events++;
          }
          start = i + 1;
        }
      }
      if (start < in.length()) {
        mapLine(type, data, start, in.length(), out);
        events++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot map an event to " + format.key(), e);
    }
    return out.toBatch(events);
  }

  /** One event (a JSON object, no line end) in the configured format, as a JSON object. */
  public ObjectNode map(EventType type, ObjectNode event) {
    if (format == OutputFormat.RAW) {
      return event;
    }
    try {
      byte[] line = JSON.writeValueAsBytes(event);
      LineBuffer out = new LineBuffer(line.length * 2 + 512);
      mapLine(type, line, 0, line.length, out);
      return (ObjectNode) JSON.readTree(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot map an event to " + format.key(), e);
    }
  }

  /**
   * The event as collected, from a delivered line in any format: OCSF {@code unmapped} or ECS
   * {@code docusign} when they hold the original, else the line itself (used to recognise what a
   * sink holds after a crash).
   */
  public static ObjectNode original(ObjectNode delivered) {
    for (String key : new String[] {"unmapped", "docusign"}) {
      JsonNode o = delivered.get(key);
      if (o instanceof ObjectNode n && n.has("source_log_type")) {
        return n;
      }
    }
    return delivered;
  }

  private void mapLine(EventType type, byte[] data, int from, int to, LineBuffer out)
      throws IOException {
    int end = to;
    while (end > from && isSpace(data[end - 1])) {
      end--;
    }
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.writeStartObject();
      if (type == EventType.AUDIT_USERS) {
        JsonNode u = JSON.readTree(data, from, end - from);
        long epoch = timeOf(OcsfWriter.text(u, "_time"), null);
        if (format == OutputFormat.OCSF) {
          OcsfWriter.auditUser(u, epoch * 1000, g);
        } else {
          EcsWriter.auditUser(u, EventTime.format(epoch), account, g);
        }
      } else {
        try (JsonParser p = factory.createParser(data, from, end - from)) {
          event.read(p);
        }
        Kind kind = MappingTable.kind(event.object, event.action);
        Verb verb = MappingTable.verb(event.action);
        if (kind == Kind.UNKNOWN) {
          countUnknown(event.object, event.action);
        }
        long epoch = timeOf(event.time, event.timestamp);
        if (format == OutputFormat.OCSF) {
          OcsfWriter.customerEvent(event, kind, verb, epoch * 1000, g);
        } else {
          String ts =
              event.time != null && epoch == EventTime.parseEpochSecond(event.time)
                  ? event.time
                  : EventTime.format(epoch);
          EcsWriter.customerEvent(event, kind, verb, ts, account, g);
        }
      }
      // The object stays open: the original's bytes follow, then its closing brace.
      g.flush();
    }
    mapped.increment();
    byte[] key = format == OutputFormat.OCSF ? UNMAPPED : DOCUSIGN;
    out.write(key, 0, key.length);
    if (format == OutputFormat.OCSF && account != null && end - from >= 2 && data[end - 1] == '}') {
      out.write(data, from, end - 1 - from);
      if (hasFields(data, from, end - 1)) {
        out.write(ACCOUNT, 0, ACCOUNT.length);
      } else {
        out.write(ACCOUNT, 1, ACCOUNT.length - 1);
      }
      byte[] a = account.getBytes(StandardCharsets.UTF_8);
      out.write(a, 0, a.length);
      out.write('"');
      out.write('}');
    } else {
      out.write(data, from, end - from);
    }
    out.write('}');
    out.write('\n');
  }

  private long timeOf(String time, String timestamp) {
    long e = time == null ? EventTime.INVALID : EventTime.parseEpochSecond(time);
    if (e == EventTime.INVALID && timestamp != null) {
      e = EventTime.parseEpochSecond(timestamp);
    }
    return e == EventTime.INVALID ? clock.instant().getEpochSecond() : e;
  }

  private void countUnknown(String object, String action) {
    unknown.increment();
    String k = object + "/" + action;
    if (loggedKinds.size() < MAX_LOGGED_KINDS && loggedKinds.add(k)) {
      LOG.info(
          "a DocuSign event of a kind the mapping table does not know ({}) maps to {} Other;"
              + " it is counted as unknown",
          k,
          format == OutputFormat.OCSF ? "OCSF API Activity" : "ECS event.kind event,");
    }
  }

  private static boolean hasFields(byte[] data, int from, int to) {
    for (int i = from + 1; i < to; i++) {
      if (!isSpace(data[i])) {
        return true;
      }
    }
    return false;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
