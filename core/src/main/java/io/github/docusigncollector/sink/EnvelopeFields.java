package io.github.docusigncollector.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads the few top-level fields of one delivered event that a receiver's envelope is filled from
 * ({@code _time}, {@code source_log_type}, {@code eventId}, the user {@code id}), and whether the
 * event already has a field a sink would add. One streaming pass over the event's bytes; nested
 * values are skipped, not read. Not thread-safe: one per sink; the fields are those of the last
 * {@link #scan}.
 */
public final class EnvelopeFields {
  private static final JsonFactory FACTORY = new JsonFactory();

  private final String extraField;
  private String time;
  private String sourceLogType;
  private String eventId;
  private String userId;
  private boolean hasExtra;
  private boolean object;

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
    hasExtra = false;
    object = false;
    try (JsonParser p = FACTORY.createParser(data, start, end - start)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return;
      }
      object = true;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
          p.skipChildren();
          if (name.equals(extraField)) {
            hasExtra = true;
          }
          continue;
        }
        switch (name) {
          case "_time" -> time = v == JsonToken.VALUE_STRING ? p.getText() : null;
          case "source_log_type" -> sourceLogType = p.getText();
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
      if (t != JsonToken.END_OBJECT) {
        object = false;
      }
    } catch (IOException e) {
      object = false;
    }
  }

  /** Whether the event is one well-formed JSON object. */
  public boolean isObject() {
    return object;
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
