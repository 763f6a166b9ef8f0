package io.github.docusigncollector.monitor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.sink.LineBuffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns the raw bytes of one Monitor stream answer into JSON Lines, in one pass of {@link
 * MonitorJsonScanner} over the bytes: each event's own bytes are copied and {@code _time} and
 * {@code source_log_type} appended; an event that spans lines or carries one of those fields is
 * rewritten token by token with Jackson instead. Events already delivered (by {@code eventId}) are
 * left out. Truncated or non-JSON input raises an {@link IOException}, so the HTTP client retries
 * it.
 *
 * <p>It accepts and rejects what Jackson's streaming parser (default {@code JsonFactory}) does, and
 * gives the same output, with two differences, both stricter, both on answers that are not one JSON
 * object in UTF-8: (1) the whole answer is checked, so anything but whitespace after the top-level
 * object is an error (Jackson stops reading at its closing brace, and so did the Jackson
 * normalizer, also when an object {@code endCursor} made it stop at an inner brace); (2) the answer
 * must be UTF-8 (Jackson would also detect UTF-16 and UTF-32).
 */
public final class MonitorPageNormalizer {
  private static final String SOURCE_LOG_TYPE = EventType.CUSTOMER_EVENTS.sourceLogType();

  private final JsonFactory factory;

  public MonitorPageNormalizer() {
    this.factory = JsonFactory.builder().disable(JsonFactory.Feature.INTERN_FIELD_NAMES).build();
    factory.setRootValueSeparator(null);
  }

  /**
   * Normalizes one answer.
   *
   * @param body the answer's bytes ({@code {"endCursor": ..., "data"|"resultData": [...]}})
   * @param alreadyDelivered tells whether an {@code eventId} was delivered before
   * @param collectedEpochSecond the collection time, for events without a usable timestamp
   */
  public MonitorPage normalize(
      byte[] body, Predicate<String> alreadyDelivered, long collectedEpochSecond)
      throws IOException {
    LineBuffer out = new LineBuffer(Math.max(256, body.length + body.length / 8));
    return normalizeRange(body, 0, body.length, out, alreadyDelivered, collectedEpochSecond);
  }

  /**
   * Normalizes the first {@code length} bytes of {@code body} into {@code out}, which is emptied
   * first; the page's batch shares {@code out}'s array, so {@code out} may be reused only once the
   * batch has been delivered.
   */
  public MonitorPage normalize(
      byte[] body,
      int length,
      Predicate<String> alreadyDelivered,
      long collectedEpochSecond,
      LineBuffer out)
      throws IOException {
    out.reset();
    return normalizeRange(body, 0, length, out, alreadyDelivered, collectedEpochSecond);
  }

  /**
   * Normalizes the answer in {@code body[from, to)} (never reading outside it) into {@code out},
   * which should be empty: the page's batch is all of it.
   */
  MonitorPage normalizeRange(
      byte[] body,
      int from,
      int to,
      LineBuffer out,
      Predicate<String> alreadyDelivered,
      long collectedEpochSecond)
      throws IOException {
    MonitorJsonScanner s = new MonitorJsonScanner(body, from, to);
    List<String> ids = new ArrayList<>();
    Set<String> inPage = new HashSet<>(Math.max(16, (to - from) >> 8)); // events are rarely < 256 B
    String endCursor = null;
    int received = 0;
    int delivered = 0;
    long newest = EventTime.INVALID;
    char[] timeChars = new char[20];
    long timeDay = Long.MIN_VALUE; // the day whose date is in timeChars
    byte[] suffix = suffix(TAIL);
    byte[] suffixCollected = suffix(TAIL_COLLECTED);
    if (s.nextToken() != MonitorJsonScanner.START_OBJECT) {
      throw new IOException("the Monitor answer is not a JSON object");
    }
    // The token walk is the Jackson normalizer's, token for token (an object endCursor included).
    int t;
    while ((t = s.nextToken()) == MonitorJsonScanner.FIELD_NAME) {
      int name = s.rootName();
      int v = s.nextToken();
      if (name == MonitorJsonScanner.END_CURSOR) {
        endCursor = v == MonitorJsonScanner.NULL ? null : s.valueAsString();
      } else if (name == MonitorJsonScanner.DATA && v == MonitorJsonScanner.START_ARRAY) {
        int e;
        while ((e = s.nextToken()) != MonitorJsonScanner.END_ARRAY) {
          if (e != MonitorJsonScanner.START_OBJECT) {
            s.skipChildren();
            continue;
          }
          received++;
          int start = s.tokenStart();
          s.scanEvent();
          int end = s.eventEnd(); // the closing brace
          String eventId = s.eventId();
          if (eventId != null && (alreadyDelivered.test(eventId) || !inPage.add(eventId))) {
            continue;
          }
          long epoch = timestampEpoch(s.timestampText(), s.timestampNumber());
          boolean collected = epoch == EventTime.INVALID;
          long time = collected ? collectedEpochSecond : epoch;
          long day = Math.floorDiv(time, 86_400L);
          if (day == timeDay) {
            // the events of a page are mostly of one day: only the time of day changes
            int seconds = (int) (time - day * 86_400L);
            twoDigits(timeChars, 11, seconds / 3600);
            twoDigits(timeChars, 14, seconds / 60 % 60);
            twoDigits(timeChars, 17, seconds % 60);
          } else {
            EventTime.formatInto(time, timeChars);
            timeDay = day;
          }
          if (!s.hasReservedField() && !s.spansLines()) {
            // The fast path: the event's own bytes, then the added fields and the line end.
            int last = end;
            while (last > start + 1 && isSpace(body[last - 1])) {
              last--;
            }
            out.write(body, start, last - start);
            byte[] tail = collected ? suffixCollected : suffix;
            for (int i = 0; i < 20; i++) {
              tail[TIME_AT + i] = (byte) timeChars[i];
            }
            int skipComma = s.hasFields() ? 0 : 1;
            out.write(tail, skipComma, tail.length - skipComma);
          } else {
            // Pretty-printed, or carrying a field we set: rewrite it token by token.
            try (JsonParser one = factory.createParser(body, start, end + 1 - start);
                JsonGenerator g = factory.createGenerator(out)) {
              one.nextToken();
              copyEvent(one, g);
              g.writeFieldName("_time");
              g.writeString(timeChars, 0, 20);
              if (collected) {
                g.writeStringField("_time_source", "collected");
              }
              g.writeStringField("source_log_type", SOURCE_LOG_TYPE);
              g.writeEndObject();
            }
            out.write('\n');
          }
          delivered++;
          if (eventId != null) {
            ids.add(eventId);
          }
          if (!collected && epoch > newest) {
            newest = epoch;
          }
        }
      } else {
        s.skipChildren();
      }
    }
    if (t != MonitorJsonScanner.END_OBJECT) {
      throw new IOException("the Monitor answer is not complete JSON");
    }
    s.finish();
    return new MonitorPage(endCursor, out.toBatch(delivered), ids, received, newest);
  }

  private static final byte[] TIME_FIELD = ascii("\"_time\":\"");
  private static final byte[] TAIL = ascii("\",\"source_log_type\":\"" + SOURCE_LOG_TYPE + "\"}");
  private static final byte[] TAIL_COLLECTED =
      ascii("\",\"_time_source\":\"collected\",\"source_log_type\":\"" + SOURCE_LOG_TYPE + "\"}");

  /** Where the 20 characters of {@code _time} go in a {@link #suffix}. */
  private static final int TIME_AT = 1 + TIME_FIELD.length;

  /** {@code ,"_time":"<20 characters>} then {@code tail} and the line end. */
  private static byte[] suffix(byte[] tail) {
    byte[] b = new byte[TIME_AT + 20 + tail.length + 1];
    b[0] = ',';
    System.arraycopy(TIME_FIELD, 0, b, 1, TIME_FIELD.length);
    System.arraycopy(tail, 0, b, TIME_AT + 20, tail.length);
    b[b.length - 1] = '\n';
    return b;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static void twoDigits(char[] out, int at, int value) {
    out[at] = (char) ('0' + value / 10);
    out[at + 1] = (char) ('0' + value % 10);
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t';
  }

  /**
   * Copies one event object (the parser is at its START_OBJECT) without its closing brace and
   * returns {eventId, timestamp text, timestamp number text}.
   */
  private static String[] copyEvent(JsonParser p, JsonGenerator g) throws IOException {
    String[] found = new String[3];
    g.writeStartObject();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (v == null) {
        break;
      }
      switch (name) {
        case "_time", "_time_source", "source_log_type" -> {
          // ours to set: a copy would repeat the key
          p.skipChildren();
          continue;
        }
        case "eventId" -> {
          if (v.isScalarValue() && v != JsonToken.VALUE_NULL) {
            found[0] = p.getText();
          }
        }
        case "timestamp" -> {
          if (v == JsonToken.VALUE_STRING) {
            found[1] = p.getText();
          } else if (v.isNumeric()) {
            found[2] = p.getText();
          }
        }
        default -> {}
      }
      g.writeFieldName(name);
      switch (v) {
        case START_OBJECT, START_ARRAY -> g.copyCurrentStructure(p);
        case VALUE_STRING ->
            g.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        default -> g.copyCurrentEvent(p);
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new IOException("the Monitor answer ends inside an event");
    }
    return found;
  }

  private static long timestampEpoch(String text, String number) {
    if (text != null) {
      return EventTime.parseEpochSecond(text);
    }
    if (number != null) {
      try {
        long n = Long.parseLong(number);
        return n > 100_000_000_000L ? n / 1000 : n; // milliseconds or seconds
      } catch (NumberFormatException e) {
        return EventTime.INVALID;
      }
    }
    return EventTime.INVALID;
  }
}
