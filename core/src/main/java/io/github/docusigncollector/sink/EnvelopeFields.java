package io.github.docusigncollector.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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
    reset();
    if (fastScan(data, start, end)) {
      return;
    }
    // Something the byte scanner leaves to the parser (an escape in a name or in a value read,
    // malformed input): the same fields, read by Jackson.
    reset();
    parse(data, start, end);
  }

  private void reset() {
    time = null;
    sourceLogType = null;
    eventId = null;
    userId = null;
    object = null;
    action = null;
    result = null;
    hasExtra = false;
    wellFormed = false;
  }

  private void parse(byte[] data, int start, int end) {
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

  // ---- the byte scanner: the common case (the collector's own, well-formed events) without a
  // parser. It checks the whole event against the JSON grammar as it goes, and gives up (false)
  // on anything it does not read itself; the parser then reads the event.

  private byte[] d;
  private int pos;
  private int limit;

  private boolean fastScan(byte[] data, int start, int end) {
    d = data;
    pos = start;
    limit = end;
    try {
      space();
      if (pos >= limit || d[pos] != '{') {
        return false;
      }
      if (!members(false)) {
        return false;
      }
      space();
      if (pos != limit) {
        return false;
      }
      wellFormed = true;
      return true;
    } finally {
      d = null;
    }
  }

  /**
   * The members of the object at {@code pos} (its {@code '{'}): the event's own fields, or with
   * {@code kept} those of the original record a mapped event keeps; the wanted ones are read.
   */
  private boolean members(boolean kept) {
    pos++;
    space();
    if (pos < limit && d[pos] == '}') {
      pos++;
      return true;
    }
    while (true) {
      if (pos >= limit || d[pos] != '"') {
        return false;
      }
      int nameStart = pos + 1;
      int nameEnd = plainString();
      if (nameEnd < 0) {
        return false;
      }
      space();
      if (pos >= limit || d[pos] != ':') {
        return false;
      }
      pos++;
      space();
      if (pos >= limit) {
        return false;
      }
      if (!(kept ? keptValue(nameStart, nameEnd) : topValue(nameStart, nameEnd))) {
        return false;
      }
      space();
      if (pos >= limit) {
        return false;
      }
      byte c = d[pos++];
      if (c == '}') {
        return true;
      }
      if (c != ',') {
        return false;
      }
      space();
    }
  }

  /** A value of a top-level field {@code d[nameStart..nameEnd)}: read when wanted, else skipped. */
  private boolean topValue(int nameStart, int nameEnd) {
    byte c = d[pos];
    if (c == '{' && (is(nameStart, nameEnd, UNMAPPED) || is(nameStart, nameEnd, DOCUSIGN))) {
      return members(true);
    }
    if (c == '{' || c == '[') {
      if (extraField != null && is(nameStart, nameEnd, extraBytes())) {
        hasExtra = true;
      }
      return value(0);
    }
    return field(nameStart, nameEnd, true);
  }

  /** A value of the kept original record: its scalar fields read, nested ones skipped. */
  private boolean keptValue(int nameStart, int nameEnd) {
    byte c = d[pos];
    return c == '{' || c == '[' || (extraField != null && is(nameStart, nameEnd, extraBytes()))
        ? value(0)
        : field(nameStart, nameEnd, false);
  }

  /** A scalar value of a field: kept when the field is one of those read. */
  private boolean field(int nameStart, int nameEnd, boolean top) {
    int valueStart = pos;
    boolean string = d[pos] == '"';
    if (!value(0)) {
      return false;
    }
    String name = wanted(nameStart, nameEnd);
    if (name == null) {
      if (top && extraField != null && is(nameStart, nameEnd, extraBytes())) {
        hasExtra = true;
      }
      return true;
    }
    String text;
    if (string) {
      if (hasEscape(valueStart + 1, pos - 1)) {
        return false;
      }
      text = new String(d, valueStart + 1, pos - 1 - valueStart - 1, StandardCharsets.UTF_8);
    } else {
      text = new String(d, valueStart, pos - valueStart, StandardCharsets.US_ASCII);
    }
    boolean isNull = !string && text.equals("null");
    switch (name) {
      case "_time" -> time = string ? text : null;
      case "source_log_type" -> sourceLogType = text; // as the parser: null reads "null"
      case "object" -> object = string ? text : null;
      case "action" -> action = string ? text : null;
      case "result" -> result = string ? text : null;
      case "eventId" -> eventId = isNull ? null : text;
      case "id" -> userId = isNull ? null : text;
      case "userId" -> {
        if (userId == null && !isNull) {
          userId = text;
        }
      }
      default -> {}
    }
    return true;
  }

  private static final byte[][] WANTED = {
    ascii("_time"),
    ascii("source_log_type"),
    ascii("object"),
    ascii("action"),
    ascii("result"),
    ascii("eventId"),
    ascii("id"),
    ascii("userId")
  };

  private static final String[] WANTED_NAMES = {
    "_time", "source_log_type", "object", "action", "result", "eventId", "id", "userId"
  };

  private static final byte[] UNMAPPED = ascii("unmapped");
  private static final byte[] DOCUSIGN = ascii("docusign");

  private byte[] extra;

  private byte[] extraBytes() {
    if (extra == null) {
      extra = extraField.getBytes(StandardCharsets.UTF_8);
    }
    return extra;
  }

  private String wanted(int from, int to) {
    for (int i = 0; i < WANTED.length; i++) {
      if (is(from, to, WANTED[i])) {
        return WANTED_NAMES[i];
      }
    }
    return null;
  }

  private boolean is(int from, int to, byte[] name) {
    if (to - from != name.length) {
      return false;
    }
    for (int i = 0; i < name.length; i++) {
      if (d[from + i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  private boolean hasEscape(int from, int to) {
    for (int i = from; i < to; i++) {
      if (d[i] == '\\') {
        return true;
      }
    }
    return false;
  }

  /** A string without escapes at {@code pos} (its quote); its end (the closing quote), or -1. */
  private int plainString() {
    int i = plainRun(d, pos + 1, limit);
    while (i < limit) {
      byte c = d[i];
      if (c == '"') {
        pos = i + 1;
        return i;
      }
      if (c == '\\' || (c >= 0 && c < 0x20)) {
        return -1;
      }
      i = plainRun(d, i + 1, limit);
    }
    return -1;
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /**
   * Skips string bytes that need no look ({@code "}, {@code \\} and control characters do), eight
   * at a time: the first byte that needs one, or, in the last seven bytes, where the bytes to look
   * at one by one start.
   */
  private static int plainRun(byte[] d, int from, int limit) {
    int i = from;
    while (i + 8 <= limit) {
      long x = (long) LONGS.get(d, i);
      long q = x ^ 0x2222222222222222L;
      long b = x ^ 0x5c5c5c5c5c5c5c5cL;
      long special = ((q - ONES) & ~q) | ((b - ONES) & ~b) | ((x - 0x2020202020202020L) & ~x);
      if ((special & HIGHS) != 0) {
        // The lowest flagged byte is exact (a borrow only runs upwards from a flagged byte): the
        // first byte to look at.
        return i + (Long.numberOfTrailingZeros(special & HIGHS) >>> 3);
      }
      i += 8;
    }
    return i;
  }

  /** Any JSON value at {@code pos}, checked and skipped. */
  private boolean value(int depth) {
    if (pos >= limit || depth > 64) {
      return false;
    }
    byte c = d[pos];
    switch (c) {
      case '"' -> {
        return string();
      }
      case '{' -> {
        pos++;
        space();
        if (pos < limit && d[pos] == '}') {
          pos++;
          return true;
        }
        while (true) {
          if (pos >= limit || d[pos] != '"' || !string()) {
            return false;
          }
          space();
          if (pos >= limit || d[pos] != ':') {
            return false;
          }
          pos++;
          space();
          if (!value(depth + 1)) {
            return false;
          }
          space();
          if (pos >= limit) {
            return false;
          }
          byte e = d[pos++];
          if (e == '}') {
            return true;
          }
          if (e != ',') {
            return false;
          }
          space();
        }
      }
      case '[' -> {
        pos++;
        space();
        if (pos < limit && d[pos] == ']') {
          pos++;
          return true;
        }
        while (true) {
          if (!value(depth + 1)) {
            return false;
          }
          space();
          if (pos >= limit) {
            return false;
          }
          byte e = d[pos++];
          if (e == ']') {
            return true;
          }
          if (e != ',') {
            return false;
          }
          space();
        }
      }
      case 't' -> {
        return literal(TRUE);
      }
      case 'f' -> {
        return literal(FALSE);
      }
      case 'n' -> {
        return literal(NULL);
      }
      default -> {
        return number();
      }
    }
  }

  private static final byte[] TRUE = ascii("true");
  private static final byte[] FALSE = ascii("false");
  private static final byte[] NULL = ascii("null");

  private boolean literal(byte[] word) {
    if (limit - pos < word.length) {
      return false;
    }
    for (int i = 0; i < word.length; i++) {
      if (d[pos + i] != word[i]) {
        return false;
      }
    }
    pos += word.length;
    return true;
  }

  /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?} */
  private boolean number() {
    int i = pos;
    if (i < limit && d[i] == '-') {
      i++;
    }
    if (i >= limit || d[i] < '0' || d[i] > '9') {
      return false;
    }
    if (d[i] == '0') {
      i++;
    } else {
      while (i < limit && d[i] >= '0' && d[i] <= '9') {
        i++;
      }
    }
    if (i < limit && d[i] == '.') {
      i++;
      int digits = i;
      while (i < limit && d[i] >= '0' && d[i] <= '9') {
        i++;
      }
      if (i == digits) {
        return false;
      }
    }
    if (i < limit && (d[i] == 'e' || d[i] == 'E')) {
      i++;
      if (i < limit && (d[i] == '+' || d[i] == '-')) {
        i++;
      }
      int digits = i;
      while (i < limit && d[i] >= '0' && d[i] <= '9') {
        i++;
      }
      if (i == digits) {
        return false;
      }
    }
    pos = i;
    return true;
  }

  /** A string at {@code pos} (its quote), escapes checked; after it. */
  private boolean string() {
    int i = plainRun(d, pos + 1, limit);
    while (i < limit) {
      byte c = d[i];
      if (c == '"') {
        pos = i + 1;
        return true;
      }
      if (c == '\\') {
        if (i + 1 >= limit) {
          return false;
        }
        byte e = d[i + 1];
        if (e == 'u') {
          if (i + 6 > limit) {
            return false;
          }
          for (int k = i + 2; k < i + 6; k++) {
            if (Character.digit(d[k], 16) < 0) {
              return false;
            }
          }
          i = plainRun(d, i + 6, limit);
          continue;
        }
        if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r'
            && e != 't') {
          return false;
        }
        i = plainRun(d, i + 2, limit);
        continue;
      }
      if (c >= 0 && c < 0x20) {
        return false;
      }
      i = plainRun(d, i + 1, limit);
    }
    return false;
  }

  private void space() {
    while (pos < limit) {
      byte c = d[pos];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
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
