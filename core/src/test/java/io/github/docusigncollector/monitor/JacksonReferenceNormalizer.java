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
 * The Monitor page normalizer as it was before {@link MonitorJsonScanner}: Jackson's streaming
 * parser over the whole page. Kept as the reference the scanner-based {@link MonitorPageNormalizer}
 * is compared with, byte for byte.
 */
final class JacksonReferenceNormalizer {
  private static final String SOURCE_LOG_TYPE = EventType.CUSTOMER_EVENTS.sourceLogType();

  private final JsonFactory factory;

  JacksonReferenceNormalizer() {
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
  MonitorPage normalize(byte[] body, Predicate<String> alreadyDelivered, long collectedEpochSecond)
      throws IOException {
    LineBuffer out = new LineBuffer(Math.max(256, body.length + body.length / 8));
    List<String> ids = new ArrayList<>();
    Set<String> inPage = new HashSet<>();
    String endCursor = null;
    int received = 0;
    int delivered = 0;
    long newest = EventTime.INVALID;
    char[] timeChars = new char[20];
    byte[] timeBytes = new byte[20];
    String[] found = new String[5];
    try (JsonParser p = factory.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("the Monitor answer is not a JSON object");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if ("endCursor".equals(name)) {
          endCursor = v == JsonToken.VALUE_NULL ? null : p.getValueAsString();
        } else if (("data".equals(name) || "resultData".equals(name))
            && v == JsonToken.START_ARRAY) {
          JsonToken e;
          while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
            if (e == null) {
              throw new IOException("the Monitor answer ends inside its event list");
            }
            if (e != JsonToken.START_OBJECT) {
              p.skipChildren();
              continue;
            }
            received++;
            int start = (int) p.currentTokenLocation().getByteOffset();
            scanEvent(p, found);
            int end = (int) p.currentTokenLocation().getByteOffset(); // the closing brace
            String eventId = found[0];
            if (eventId != null && (alreadyDelivered.test(eventId) || !inPage.add(eventId))) {
              continue;
            }
            long epoch = timestampEpoch(found[1], found[2]);
            boolean collected = epoch == EventTime.INVALID;
            EventTime.formatInto(collected ? collectedEpochSecond : epoch, timeChars);
            if (found[3] == null && isOneLine(body, start, end)) {
              // The fast path: the event's own bytes, then the added fields.
              int last = end;
              while (last > start + 1 && isSpace(body[last - 1])) {
                last--;
              }
              out.write(body, start, last - start);
              if (found[4] != null) {
                out.write(',');
              }
              out.write(TIME_FIELD, 0, TIME_FIELD.length);
              for (int i = 0; i < 20; i++) {
                timeBytes[i] = (byte) timeChars[i];
              }
              out.write(timeBytes, 0, 20);
              out.write(
                  collected ? TAIL_COLLECTED : TAIL, 0, (collected ? TAIL_COLLECTED : TAIL).length);
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
            }
            out.write('\n');
            delivered++;
            if (eventId != null) {
              ids.add(eventId);
            }
            if (!collected && epoch > newest) {
              newest = epoch;
            }
          }
        } else {
          p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw new IOException("the Monitor answer is not complete JSON");
      }
    }
    return new MonitorPage(endCursor, out.toBatch(delivered), ids, received, newest);
  }

  private static final byte[] TIME_FIELD = ascii("\"_time\":\"");
  private static final byte[] TAIL = ascii("\",\"source_log_type\":\"" + SOURCE_LOG_TYPE + "\"}");
  private static final byte[] TAIL_COLLECTED =
      ascii("\",\"_time_source\":\"collected\",\"source_log_type\":\"" + SOURCE_LOG_TYPE + "\"}");

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /**
   * Walks one event object (the parser is at its START_OBJECT, and ends at its END_OBJECT) and
   * fills {eventId, timestamp text, timestamp number text, "reserved" when the event has a field we
   * set, "fields" when it has any field}.
   */
  private static void scanEvent(JsonParser p, String[] found) throws IOException {
    java.util.Arrays.fill(found, null);
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      found[4] = "fields";
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (v == null) {
        break;
      }
      switch (name) {
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
        case "_time", "_time_source", "source_log_type" -> found[3] = "reserved";
        default -> {}
      }
      if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
        p.skipChildren();
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new IOException("the Monitor answer ends inside an event");
    }
  }

  private static boolean isOneLine(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '\n' || b[i] == '\r') {
        return false;
      }
    }
    return true;
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
