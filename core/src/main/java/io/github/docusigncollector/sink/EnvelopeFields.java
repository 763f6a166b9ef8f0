package io.github.docusigncollector.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Set;

/**
 * Reads the few top-level fields of one delivered event that a receiver's envelope is filled from
 * ({@code _time}, {@code source_log_type}, {@code eventId}, the user {@code id}), and whether the
 * event already has a field a sink would add. One streaming pass over the event's bytes; nested
 * values are skipped, not read. Not thread-safe: one per sink; the fields are those of the last
 * {@link #scan}.
 */
public final class EnvelopeFields {
  private static final JsonFactory FACTORY = new JsonFactory();

  /**
   * Where a mapped event keeps the record as collected: OCSF {@code unmapped}, ECS {@code
   * docusign}.
   */
  private static final Set<String> ORIGINAL_HOLDERS = Set.of("unmapped", "docusign");

  private final String extraField;
  private String time;
  private String sourceLogType;
  private String eventId;
  private String userId;
  private String object;
  private String action;
  private String result;
  private boolean hasExtra;
  private boolean wellFormed;

  /**
   * @param extraField a field the sink adds to every event ({@code @timestamp}, {@code
   *     TimeGenerated}); {@link #hasExtra} tells whether the event already carries it
   */
  public EnvelopeFields(String extraField) {
    this.extraField = extraField;
  }

  /** Reads event {@code data[start..end)}, one JSON value. */
  public void scan(byte[] data, int start, int end) {
    time = null;
    sourceLogType = null;
    eventId = null;
    userId = null;
    object = null;
    action = null;
    result = null;
    hasExtra = false;
    wellFormed = false;
    try (JsonParser p = FACTORY.createParser(data, start, end - start)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return;
      }
      wellFormed = true;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (v == JsonToken.START_OBJECT && ORIGINAL_HOLDERS.contains(name)) {
          // A mapped event (output.format ocsf or ecs) keeps the collected record here: the
          // envelope is filled from it, as from a raw event.
          readFields(p);
          continue;
        }
        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
          p.skipChildren();
          if (name.equals(extraField)) {
            hasExtra = true;
          }
          continue;
        }
        field(name, v, p);
      }
      if (t != JsonToken.END_OBJECT) {
        wellFormed = false;
      }
    } catch (IOException e) {
      wellFormed = false;
    }
  }

  /** Reads the fields of the kept original record, skipping its nested values. */
  private void readFields(JsonParser p) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
        p.skipChildren();
      } else if (!name.equals(extraField)) {
        field(name, v, p);
      }
    }
  }

  private void field(String name, JsonToken v, JsonParser p) throws IOException {
    switch (name) {
      case "_time" -> time = v == JsonToken.VALUE_STRING ? p.getText() : null;
      case "source_log_type" -> sourceLogType = p.getText();
      case "object" -> object = text(v, p);
      case "action" -> action = text(v, p);
      case "result" -> result = text(v, p);
      case "eventId" -> eventId = v == JsonToken.VALUE_NULL ? null : p.getText();
      case "id" -> userId = v == JsonToken.VALUE_NULL ? null : p.getText();
      case "userId" -> {
        if (userId == null && v != JsonToken.VALUE_NULL) {
          userId = p.getText();
        }
      }
      default -> {
        if (name.equals(extraField)) {
          hasExtra = true;
        }
      }
    }
  }

  private static String text(JsonToken v, JsonParser p) throws IOException {
    return v == JsonToken.VALUE_STRING ? p.getText() : null;
  }

  /** Whether the event is one well-formed JSON object. */
  public boolean isObject() {
    return wellFormed;
  }

  /** A customer event's {@code object} (its kind, with {@link #action}), or null. */
  public String object() {
    return object;
  }

  /** A customer event's {@code action}, or null. */
  public String action() {
    return action;
  }

  /** A customer event's {@code result} ({@code Success}, {@code Failed}, ...), or null. */
  public String result() {
    return result;
  }

  /** {@code _time} as written by the collector (ISO-8601, UTC), or null. */
  public String time() {
    return time;
  }

  public String sourceLogType() {
    return sourceLogType;
  }

  /** A customer event's {@code eventId}, or null. */
  public String eventId() {
    return eventId;
  }

  /** An audit user's {@code id} (or {@code userId}), or null. */
  public String userId() {
    return userId;
  }

  /** Whether the event already has the field the sink adds. */
  public boolean hasExtra() {
    return hasExtra;
  }
}
