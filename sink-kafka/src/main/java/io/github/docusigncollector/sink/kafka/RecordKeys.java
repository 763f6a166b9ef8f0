package io.github.docusigncollector.sink.kafka;

import io.github.docusigncollector.sink.EnvelopeFields;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The record key and type of an event, for every record the kafka sink sends. {@link
 * EnvelopeFields} is the one reader of an event's envelope; this adds a fast path in front of it
 * for the common case, since a full parse of every event was half of the sending thread's time: one
 * pass over the bytes that looks only at top-level field names and skips every value. It answers
 * only when the event is a plain JSON object whose {@code eventId}, {@code id}, {@code userId} and
 * {@code source_log_type} are strings without escapes and which keeps no collected record ({@code
 * unmapped}, {@code docusign}, as OCSF and ECS events do); anything else goes to {@link
 * EnvelopeFields}. On well-formed JSON (what the collector writes) both give the same answer; the
 * fast path does not validate the values it skips. Not thread-safe.
 */
final class RecordKeys {
  private static final byte[] EVENT_ID = ascii("eventId");
  private static final byte[] ID = ascii("id");
  private static final byte[] USER_ID = ascii("userId");
  private static final byte[] SOURCE_LOG_TYPE = ascii("source_log_type");
  private static final byte[] UNMAPPED = ascii("unmapped");
  private static final byte[] DOCUSIGN = ascii("docusign");
  private static final byte[] AUDIT_USERS = ascii("auditusers");

  /** The key (null: none) and whether the event is an audit user. */
  record Keyed(byte[] key, boolean audit) {}

  private final EnvelopeFields fields = new EnvelopeFields(null);

  // the last scan's value positions (start, end) in the event; -1 for absent
  private int eventIdAt;
  private int eventIdEnd;
  private int idAt;
  private int idEnd;
  private int userIdAt;
  private int userIdEnd;
  private int typeAt;
  private int typeEnd;

  Keyed keyed(byte[] event) {
    if (fast(event)) {
      boolean audit = typeAt >= 0 && equal(event, typeAt, typeEnd, AUDIT_USERS);
      byte[] key;
      if (audit) {
        key =
            idAt >= 0
                ? Arrays.copyOfRange(event, idAt, idEnd)
                : userIdAt >= 0 ? Arrays.copyOfRange(event, userIdAt, userIdEnd) : null;
      } else {
        key = eventIdAt >= 0 ? Arrays.copyOfRange(event, eventIdAt, eventIdEnd) : null;
      }
      return new Keyed(key, audit);
    }
    fields.scan(event, 0, event.length);
    boolean audit = "auditusers".equals(fields.sourceLogType());
    String key = audit ? fields.userId() : fields.eventId();
    return new Keyed(key == null ? null : key.getBytes(StandardCharsets.UTF_8), audit);
  }

  /** The one pass; false when the event is not the plain case this path answers for. */
  private boolean fast(byte[] b) {
    eventIdAt = idAt = userIdAt = typeAt = -1;
    int n = b.length;
    int i = ws(b, 0);
    if (i >= n || b[i] != '{') {
      return false;
    }
    i = ws(b, i + 1);
    if (i < n && b[i] == '}') {
      return ws(b, i + 1) == n;
    }
    while (true) {
      if (i >= n || b[i] != '"') {
        return false;
      }
      int nameAt = i + 1;
      int nameEnd = plainStringEnd(b, nameAt);
      if (nameEnd < 0) {
        return false; // an escape in a name: let the parser read it
      }
      i = ws(b, nameEnd + 1);
      if (i >= n || b[i] != ':') {
        return false;
      }
      i = ws(b, i + 1);
      if (i >= n) {
        return false;
      }
      boolean wanted = false;
      int[] target = null;
      if (equal(b, nameAt, nameEnd, UNMAPPED) || equal(b, nameAt, nameEnd, DOCUSIGN)) {
        return false; // a mapped event: its collected record is read by EnvelopeFields
      }
      if (equal(b, nameAt, nameEnd, EVENT_ID)
          || equal(b, nameAt, nameEnd, ID)
          || equal(b, nameAt, nameEnd, USER_ID)
          || equal(b, nameAt, nameEnd, SOURCE_LOG_TYPE)) {
        wanted = true;
      }
      if (wanted) {
        if (b[i] != '"') {
          return false; // null, a number...: as the parser reads it
        }
        int end = plainStringEnd(b, i + 1);
        if (end < 0) {
          return false;
        }
        set(b, nameAt, nameEnd, i + 1, end);
        i = end + 1;
      } else {
        i = skipValue(b, i);
        if (i < 0) {
          return false;
        }
      }
      i = ws(b, i);
      if (i >= n) {
        return false;
      }
      if (b[i] == ',') {
        i = ws(b, i + 1);
        continue;
      }
      if (b[i] == '}') {
        return ws(b, i + 1) == n;
      }
      return false;
    }
  }

  private void set(byte[] b, int nameAt, int nameEnd, int at, int end) {
    if (equal(b, nameAt, nameEnd, EVENT_ID)) {
      eventIdAt = at;
      eventIdEnd = end;
    } else if (equal(b, nameAt, nameEnd, ID)) {
      idAt = at;
      idEnd = end;
    } else if (equal(b, nameAt, nameEnd, USER_ID)) {
      if (userIdAt < 0) { // the first userId counts, as in EnvelopeFields; id wins over it
        userIdAt = at;
        userIdEnd = end;
      }
    } else {
      typeAt = at;
      typeEnd = end;
    }
  }

  /** The index of the closing quote of a string starting at {@code i}; -1 if it has escapes. */
  private static int plainStringEnd(byte[] b, int i) {
    for (; i < b.length; i++) {
      byte c = b[i];
      if (c == '"') {
        return i;
      }
      if (c == '\\' || (c >= 0 && c < 0x20)) {
        return -1;
      }
    }
    return -1;
  }

  /** Skips one value at {@code i} (a string, object, array, number or literal); -1 if malformed. */
  private static int skipValue(byte[] b, int i) {
    byte c = b[i];
    if (c == '"') {
      return skipString(b, i + 1);
    }
    if (c == '{' || c == '[') {
      int depth = 0;
      for (; i < b.length; i++) {
        c = b[i];
        if (c == '"') {
          i = skipString(b, i + 1);
          if (i < 0) {
            return -1;
          }
          i--; // the loop's i++ moves past the closing quote
        } else if (c == '{' || c == '[') {
          depth++;
        } else if (c == '}' || c == ']') {
          if (--depth == 0) {
            return i + 1;
          }
        }
      }
      return -1;
    }
    int start = i;
    while (i < b.length && b[i] != ',' && b[i] != '}' && b[i] != ']' && !space(b[i])) {
      i++;
    }
    return i > start ? i : -1;
  }

  /** The index after the closing quote of a string whose body starts at {@code i}; -1 if none. */
  private static int skipString(byte[] b, int i) {
    for (; i < b.length; i++) {
      byte c = b[i];
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i + 1;
      }
    }
    return -1;
  }

  private static int ws(byte[] b, int i) {
    while (i < b.length && space(b[i])) {
      i++;
    }
    return i;
  }

  private static boolean space(byte c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static boolean equal(byte[] b, int at, int end, byte[] name) {
    return Arrays.equals(b, at, end, name, 0, name.length);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
