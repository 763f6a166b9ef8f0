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
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mapping step between normalization and delivery: rewrites a batch of normalized events (JSON
 * Lines) into the configured {@link OutputFormat}. {@code raw} hands the batch on untouched. For
 * {@code ocsf} and {@code ecs} a customer event is mapped straight from its bytes: one scan notes
 * where the fields the mapping reads are ({@link EventSlices}), the mapped attributes are written
 * from those bytes and pre-encoded constants ({@link SliceMapper}), and the original event's bytes
 * are appended unchanged as OCSF {@code unmapped} or ECS {@code docusign}. An event the byte path
 * declines (a JSON escape in a field it reads, an array in {@code data}) is read with Jackson's
 * streaming parser instead ({@link CustomerEvent}) and written with its generator; both give the
 * same bytes. Audit users (at most a few thousand a cycle) are read as trees.
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
  private final boolean sliced;
  private final EventSlices slices = new EventSlices();
  private final SliceMapper sliceMapper = new SliceMapper();
  private final JsonBytes bytes = new JsonBytes();
  private final byte[] accountQuoted;
  private long declined;

  /**
   * @param account the account name of a multi-account configuration ({@code null} for a single
   *     account): it goes to OCSF {@code unmapped.docusign_account} and ECS {@code
   *     labels.docusign_account}
   */
  public EventRewriter(OutputFormat format, String account, Clock clock) {
    this(format, account, clock, true);
  }

  /**
   * @param sliced whether customer events take the byte path ({@link SliceMapper}); {@code false}
   *     maps every event with Jackson (the reference the tests compare the byte path with)
   */
  EventRewriter(OutputFormat format, String account, Clock clock, boolean sliced) {
    this.format = format;
    this.sliced = sliced;
    this.accountQuoted = account == null ? null : quotedJson(account);
    this.account = account;
    this.clock = clock;
    this.factory =
        JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_CONTENT)
            // a character beyond U+FFFF as its four UTF-8 bytes, as the byte path copies it,
            // not as an escaped surrogate pair (Jackson's default)
            .enable(
                com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
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

  /** Customer events the byte path handed to the Jackson path so far (escapes, arrays in data). */
  long declined() {
    return declined;
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
    int length = in.length();
    boolean bytePath = sliced && type != EventType.AUDIT_USERS;
    int start = 0;
    int events = 0;
    try {
      while (start < length) {
        if (data[start] == '\n') {
          start++;
          continue;
        }
        // The byte path finds the line's end as it scans the event; else look for it.
        int lineEnd = bytePath ? slices.scanLine(data, start, length) : -1;
        if (lineEnd >= 0) {
          mapSliced(data, start, slices.objectEnd(), out);
        } else {
          lineEnd = start;
          while (lineEnd < length && data[lineEnd] != '\n') {
            lineEnd++;
          }
          if (bytePath) {
            declined++;
          }
          mapLine(type, data, start, lineEnd, out, false);
        }
        events++;
        start = lineEnd + 1;
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
      mapLine(type, line, 0, line.length, out, true);
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

  /**
   * Maps one line; {@code tryBytes}: the byte path has not been tried on it yet (the Jackson path
   * follows when it declines).
   */
  private void mapLine(
      EventType type, byte[] data, int from, int to, LineBuffer out, boolean tryBytes)
      throws IOException {
    int end = to;
    while (end > from && isSpace(data[end - 1])) {
      end--;
    }
    if (type != EventType.AUDIT_USERS && sliced && tryBytes) {
      if (slices.scanLine(data, from, end) >= 0) {
        mapSliced(data, from, slices.objectEnd(), out);
        return;
      }
      declined++;
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
    bytes.reset();
    closeWithOriginal(data, from, end, bytes);
    out.write(bytes.buf, 0, bytes.len);
  }

  /** A customer event from the offsets {@link #slices} found: no parser, no generator. */
  private void mapSliced(byte[] data, int from, int end, LineBuffer out) {
    sliceMapper.classify(slices);
    Kind kind = sliceMapper.kind;
    Verb verb = sliceMapper.verb;
    if (kind == Kind.UNKNOWN) {
      countUnknown(slices.string(EventSlices.OBJECT), slices.string(EventSlices.ACTION));
    }
    long epoch = timeEpoch();
    boolean timeValid = epoch != EventTime.INVALID;
    if (!timeValid && slices.has(EventSlices.TIMESTAMP)) {
      epoch = EventTime.parseEpochSecond(slices.string(EventSlices.TIMESTAMP));
    }
    if (epoch == EventTime.INVALID) {
      epoch = clock.instant().getEpochSecond();
    }
    JsonBytes w = bytes;
    w.reset();
    w.startObject();
    if (format == OutputFormat.OCSF) {
      sliceMapper.ocsf(slices, kind, verb, epoch * 1000, w);
    } else {
      sliceMapper.ecs(
          slices,
          kind,
          verb,
          timeValid ? null : EventTime.format(epoch),
          timeValid ? EventSlices.TIME : -1,
          accountQuoted,
          w);
    }
    closeWithOriginal(data, from, end, w);
    out.write(w.buf, 0, w.len);
  }

  // The day of the last _time read and its first epoch second: events of one day share it.
  private final byte[] lastDay = new byte[10];
  private long lastDayEpoch = EventTime.INVALID;

  /** {@code _time} as an epoch second ({@link EventTime#INVALID} when absent or not a time). */
  private long timeEpoch() {
    if (!slices.has(EventSlices.TIME)) {
      return EventTime.INVALID;
    }
    byte[] d = slices.data;
    int s = slices.start[EventSlices.TIME];
    // The collector's own form, YYYY-MM-DDTHH:MM:SSZ: the day from the last event's, the rest here.
    if (slices.length(EventSlices.TIME) == 20
        && d[s + 10] == 'T'
        && d[s + 13] == ':'
        && d[s + 16] == ':'
        && d[s + 19] == 'Z') {
      int h = twoDigits(d, s + 11);
      int m = twoDigits(d, s + 14);
      int sec = twoDigits(d, s + 17);
      if (h >= 0 && h <= 23 && m >= 0 && m <= 59 && sec >= 0 && sec <= 59) {
        if (!Arrays.equals(lastDay, 0, 10, d, s, s + 10)) {
          System.arraycopy(d, s, lastDay, 0, 10);
          lastDayEpoch =
              EventTime.parseEpochSecond(
                  new String(d, s, 10, StandardCharsets.ISO_8859_1) + "T00:00:00Z");
        }
        if (lastDayEpoch != EventTime.INVALID) {
          return lastDayEpoch + h * 3600L + m * 60L + sec;
        }
      }
    }
    return EventTime.parseEpochSecond(slices.string(EventSlices.TIME));
  }

  private static int twoDigits(byte[] d, int i) {
    int a = d[i] - '0';
    int b = d[i + 1] - '0';
    return a < 0 || a > 9 || b < 0 || b > 9 ? -1 : a * 10 + b;
  }

  /**
   * Appends to {@code w} the original's bytes as OCSF {@code unmapped} or ECS {@code docusign}, the
   * mapped object's closing brace and the line's end.
   */
  private void closeWithOriginal(byte[] data, int from, int end, JsonBytes w) {
    mapped.increment();
    w.raw(format == OutputFormat.OCSF ? UNMAPPED : DOCUSIGN);
    if (format == OutputFormat.OCSF && account != null && end - from >= 2 && data[end - 1] == '}') {
      w.raw(data, from, end - 1);
      if (hasFields(data, from, end - 1)) {
        w.raw(ACCOUNT);
      } else {
        w.raw(ACCOUNT, 1, ACCOUNT.length);
      }
      w.raw(account.getBytes(StandardCharsets.UTF_8));
      w.raw((byte) '"');
      w.raw((byte) '}');
    } else {
      w.raw(data, from, end);
    }
    w.raw((byte) '}');
    w.raw((byte) '\n');
  }

  /** A string as Jackson's generator quotes and escapes it. */
  private static byte[] quotedJson(String s) {
    try {
      return JSON.writeValueAsBytes(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
