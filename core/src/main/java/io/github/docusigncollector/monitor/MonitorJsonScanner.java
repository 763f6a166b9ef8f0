package io.github.docusigncollector.monitor;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A validating, single-pass JSON tokenizer over {@code buf[from, to)} for Monitor answers, with a
 * fast walk over one event object that only notes what the normalizer needs.
 *
 * <p>It accepts exactly what Jackson's {@code UTF8StreamJsonParser} accepts with a default {@code
 * JsonFactory}: RFC 8259 JSON in UTF-8 (an optional UTF-8 byte order mark first), no comments, no
 * single quotes, no unquoted names, no leading zeros, no {@code NaN}/{@code Infinity}, no trailing
 * or missing commas, no unescaped control character in a string, only the JSON escapes (hex digits
 * of either case), strict UTF-8 (no overlong form, no encoded surrogate, nothing above U+10FFFF),
 * duplicate names allowed, and Jackson's default limits: 1,000 nested arrays and objects, 1,000
 * digits in a number (integer, fraction and exponent digits together), 50,000 UTF-8 bytes in a
 * decoded name (where an escaped high surrogate must be followed by an escaped low one), and
 * 20,000,000 characters in a string whose text is read ({@link #valueAsString}, {@link #eventId},
 * {@link #timestampText}). It never reads {@code buf} at or after {@code to}.
 */
final class MonitorJsonScanner {
  static final int START_OBJECT = 1;
  static final int END_OBJECT = 2;
  static final int START_ARRAY = 3;
  static final int END_ARRAY = 4;
  static final int FIELD_NAME = 5;
  static final int STRING = 6;
  static final int NUMBER_INT = 7;
  static final int NUMBER_FLOAT = 8;
  static final int TRUE = 9;
  static final int FALSE = 10;
  static final int NULL = 11;

  /** The names the normalizer looks at; {@link #OTHER} for any other. */
  static final int OTHER = 0;

  static final int EVENT_ID = 1;
  static final int TIMESTAMP = 2;
  static final int RESERVED = 3;
  static final int END_CURSOR = 4;
  static final int DATA = 5;

  static final int MAX_DEPTH = 1000;
  static final int MAX_NUMBER_DIGITS = 1000;
  static final int MAX_NAME_BYTES = 50_000;
  static final int MAX_STRING_CHARS = 20_000_000;

  private static final int EXPECT_VALUE = 0;
  private static final int EXPECT_VALUE_OR_END = 1;
  private static final int EXPECT_NAME = 2;
  private static final int EXPECT_NAME_OR_END = 3;
  private static final int EXPECT_SEPARATOR = 4;

  private static final byte[] TRUE_BYTES = ascii("true");
  private static final byte[] FALSE_BYTES = ascii("false");
  private static final byte[] NULL_BYTES = ascii("null");
  private static final byte[] EVENT_ID_NAME = ascii("eventId");
  private static final byte[] TIMESTAMP_NAME = ascii("timestamp");
  private static final byte[] TIME_NAME = ascii("_time");
  private static final byte[] TIME_SOURCE_NAME = ascii("_time_source");
  private static final byte[] SOURCE_LOG_TYPE_NAME = ascii("source_log_type");
  private static final byte[] END_CURSOR_NAME = ascii("endCursor");
  private static final byte[] DATA_NAME = ascii("data");
  private static final byte[] RESULT_DATA_NAME = ascii("resultData");

  /** Eight bytes at a time, for the string loops. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
  private static final long SPACES = 0x2020202020202020L;

  /** The first byte of the event names we look at, by length (0 for no such name). */
  private static final byte[] FIRST_BYTE_BY_LENGTH = new byte[16];

  static {
    for (byte[] name :
        new byte[][] {
          EVENT_ID_NAME, TIMESTAMP_NAME, TIME_NAME, TIME_SOURCE_NAME, SOURCE_LOG_TYPE_NAME
        }) {
      FIRST_BYTE_BY_LENGTH[name.length] = name[0];
    }
  }

  private final byte[] buf;
  private final int to;
  private int pos;
  private int depth;
  private final boolean[] inObject = new boolean[MAX_DEPTH + 1];
  private int expect = EXPECT_VALUE;
  private int token;
  private int tokenStart;
  private int tokenEnd;
  private boolean tokenPlain;
  private boolean numberFloat;
  private int escaped;
  private boolean newline;

  private String eventId;
  private String timestampText;
  private String timestampNumber;
  private boolean reservedField;
  private boolean anyField;
  private int eventEnd;

  MonitorJsonScanner(byte[] buf, int from, int to) {
    if (from < 0 || to < from || to > buf.length) {
      throw new IndexOutOfBoundsException("range " + from + ".." + to + " of " + buf.length);
    }
    this.buf = buf;
    this.to = to;
    boolean bom =
        to - from >= 3
            && buf[from] == (byte) 0xEF
            && buf[from + 1] == (byte) 0xBB
            && buf[from + 2] == (byte) 0xBF;
    this.pos = bom ? from + 3 : from;
  }

  /** Reads the next token (Jackson's token order); throws on anything Jackson would reject. */
  int nextToken() throws IOException {
    int i = ws(pos);
    switch (expect) {
      case EXPECT_SEPARATOR -> {
        if (depth == 0) {
          throw malformed("content after the end of the answer", i);
        }
        int c = at(i);
        if (c == ',') {
          i = ws(i + 1);
          return inObject[depth] ? name(i) : value(i);
        }
        return close(c, i);
      }
      case EXPECT_NAME_OR_END -> {
        return at(i) == '}' ? close('}', i) : name(i);
      }
      case EXPECT_VALUE_OR_END -> {
        return at(i) == ']' ? close(']', i) : value(i);
      }
      case EXPECT_NAME -> {
        return name(i);
      }
      default -> {
        return value(i);
      }
    }
  }

  /** The first byte of the current token (for a string, the first byte inside the quotes). */
  int tokenStart() {
    return tokenStart;
  }

  /** After the current token ({@link #START_OBJECT} or {@link #START_ARRAY}): skips to its end. */
  void skipChildren() throws IOException {
    if (token == START_OBJECT || token == START_ARRAY) {
      pos = skipRest(pos, depth - 1);
      expect = EXPECT_SEPARATOR;
      token = token == START_OBJECT ? END_OBJECT : END_ARRAY;
    }
  }

  /**
   * The current scalar as Jackson's {@code getValueAsString} gives it: a string's decoded text, a
   * number's text as written, {@code "true"}/{@code "false"}; null for anything else.
   */
  String valueAsString() throws IOException {
    return switch (token) {
      case STRING -> decode(tokenStart, tokenEnd);
      case NUMBER_INT, NUMBER_FLOAT -> latin1(tokenStart, tokenEnd);
      case TRUE -> "true";
      case FALSE -> "false";
      default -> null;
    };
  }

  /** Which of {@code endCursor}, {@code data}/{@code resultData} the current field name is. */
  int rootName() throws IOException {
    if (!tokenPlain) {
      return switch (decode(tokenStart, tokenEnd)) {
        case "endCursor" -> END_CURSOR;
        case "data", "resultData" -> DATA;
        default -> OTHER;
      };
    }
    int s = tokenStart;
    return switch (tokenEnd - s) {
      case 9 -> same(s, END_CURSOR_NAME) ? END_CURSOR : OTHER;
      case 4 -> same(s, DATA_NAME) ? DATA : OTHER;
      case 10 -> same(s, RESULT_DATA_NAME) ? DATA : OTHER;
      default -> OTHER;
    };
  }

  /**
   * Walks the event object whose {@link #START_OBJECT} was just read, up to and including its
   * closing brace, noting its {@code eventId}, {@code timestamp}, whether it has a field the
   * normalizer sets, whether it has any field, and whether it spans lines.
   */
  void scanEvent() throws IOException {
    eventId = null;
    timestampText = null;
    timestampNumber = null;
    reservedField = false;
    anyField = false;
    newline = false;
    int i = ws(pos);
    int c = at(i);
    if (c != '}') {
      anyField = true;
      for (; ; ) {
        if (c != '"') {
          throw malformed("expected a field name", i);
        }
        i = scanName(i + 1);
        int name = tokenPlain ? eventName(tokenStart, tokenEnd) : eventName(decodeName());
        i = ws(i);
        if (at(i) != ':') {
          throw malformed("expected a colon", i);
        }
        i = ws(i + 1);
        c = at(i);
        if (c == '"') {
          int end = scanString(i + 1);
          if (name != OTHER) {
            if (name == EVENT_ID) {
              eventId = decode(i + 1, end - 1);
            } else if (name == TIMESTAMP) {
              timestampText = decode(i + 1, end - 1);
            } else {
              reservedField = true;
            }
          }
          i = end;
        } else {
          i = eventValue(c, i, name);
        }
        i = ws(i);
        c = at(i);
        if (c == ',') {
          i = ws(i + 1);
          c = at(i);
        } else if (c == '}') {
          break;
        } else {
          throw malformed("expected a comma or the end of the event", i);
        }
      }
    }
    eventEnd = i;
    pos = i + 1;
    depth--;
    expect = EXPECT_SEPARATOR;
    token = END_OBJECT;
  }

  /** Skips an event field's value other than a string, noting it when the field is ours. */
  private int eventValue(int c, int i, int name) throws IOException {
    if (name == RESERVED) {
      reservedField = true;
    }
    switch (c) {
      case '{', '[' -> {
        push(c == '{', i);
        return skipRest(i + 1, depth - 1);
      }
      case 't' -> {
        if (name == EVENT_ID) {
          eventId = "true";
        }
        return literal(i, TRUE_BYTES);
      }
      case 'f' -> {
        if (name == EVENT_ID) {
          eventId = "false";
        }
        return literal(i, FALSE_BYTES);
      }
      case 'n' -> {
        return literal(i, NULL_BYTES);
      }
      default -> {
        if (c != '-' && (c < '0' || c > '9')) {
          throw malformed("expected a value", i);
        }
        int end = scanNumber(i);
        if (name == EVENT_ID) {
          eventId = latin1(i, end);
        } else if (name == TIMESTAMP) {
          timestampNumber = latin1(i, end);
        }
        return end;
      }
    }
  }

  /** The last event's {@code eventId} (a scalar's text), or null. */
  String eventId() {
    return eventId;
  }

  /** The last event's string {@code timestamp}, decoded, or null. */
  String timestampText() {
    return timestampText;
  }

  /** The last event's numeric {@code timestamp} as written, or null. */
  String timestampNumber() {
    return timestampNumber;
  }

  /**
   * Whether the last event has a {@code _time}, {@code _time_source} or {@code source_log_type}.
   */
  boolean hasReservedField() {
    return reservedField;
  }

  /** Whether the last event has any field. */
  boolean hasFields() {
    return anyField;
  }

  /** Whether the last event has a line break (only whitespace can hold one). */
  boolean spansLines() {
    return newline;
  }

  /** The index of the last event's closing brace. */
  int eventEnd() {
    return eventEnd;
  }

  /**
   * Checks the rest of the answer once the normalizer is done with it: the open arrays and objects
   * must close, and only whitespace may follow.
   */
  void finish() throws IOException {
    while (depth > 0) {
      nextToken();
      skipChildren();
    }
    int i = ws(pos);
    if (i != to) {
      throw malformed("content after the end of the answer", i);
    }
  }

  // ---- tokens

  private int close(int c, int i) throws IOException {
    if (depth == 0 || c != (inObject[depth] ? '}' : ']')) {
      throw malformed("unexpected character", i);
    }
    boolean object = inObject[depth];
    depth--;
    tokenStart = i;
    pos = i + 1;
    expect = EXPECT_SEPARATOR;
    return token = object ? END_OBJECT : END_ARRAY;
  }

  private int name(int i) throws IOException {
    if (at(i) != '"') {
      throw malformed("expected a field name", i);
    }
    int j = ws(scanName(i + 1));
    if (at(j) != ':') {
      throw malformed("expected a colon", j);
    }
    pos = j + 1;
    expect = EXPECT_VALUE;
    return token = FIELD_NAME;
  }

  private int value(int i) throws IOException {
    int c = at(i);
    tokenStart = i;
    switch (c) {
      case '{' -> {
        push(true, i);
        pos = i + 1;
        expect = EXPECT_NAME_OR_END;
        return token = START_OBJECT;
      }
      case '[' -> {
        push(false, i);
        pos = i + 1;
        expect = EXPECT_VALUE_OR_END;
        return token = START_ARRAY;
      }
      case '"' -> {
        int end = scanString(i + 1);
        tokenStart = i + 1;
        tokenEnd = end - 1;
        pos = end;
        expect = EXPECT_SEPARATOR;
        return token = STRING;
      }
      case 't' -> {
        return scalar(literal(i, TRUE_BYTES), TRUE);
      }
      case 'f' -> {
        return scalar(literal(i, FALSE_BYTES), FALSE);
      }
      case 'n' -> {
        return scalar(literal(i, NULL_BYTES), NULL);
      }
      default -> {
        if (c != '-' && (c < '0' || c > '9')) {
          throw malformed("expected a value", i);
        }
        int end = scanNumber(i);
        return scalar(end, numberFloat ? NUMBER_FLOAT : NUMBER_INT);
      }
    }
  }

  private int scalar(int end, int kind) {
    tokenEnd = end;
    pos = end;
    expect = EXPECT_SEPARATOR;
    return token = kind;
  }

  private void push(boolean object, int i) throws IOException {
    if (depth == MAX_DEPTH) {
      throw malformed("more than " + MAX_DEPTH + " nested arrays and objects", i);
    }
    inObject[++depth] = object;
  }

  /**
   * Skips the rest of the array or object opened last (at {@link #depth}, {@code i} just after its
   * opening bracket) and returns the index after its closing one, with the depth back at {@code
   * base}.
   */
  private int skipRest(int i, int base) throws IOException {
    final boolean[] stack = inObject;
    int d = depth; // kept in a register; the field is stale only if this throws
    boolean first = true;
    for (; ; ) {
      i = ws(i);
      int c = at(i);
      boolean object = stack[d];
      if (c == (object ? '}' : ']')) {
        i++;
        if (--d == base) {
          depth = d;
          return i;
        }
        first = false;
        continue;
      }
      if (!first) {
        if (c != ',') {
          throw malformed("expected a comma or a closing bracket", i);
        }
        i = ws(i + 1);
        c = at(i);
      }
      if (object) {
        if (c != '"') {
          throw malformed("expected a field name", i);
        }
        i = ws(skipName(i + 1));
        if (at(i) != ':') {
          throw malformed("expected a colon", i);
        }
        i = ws(i + 1);
        c = at(i);
      }
      if (c == '"') {
        i = scanString(i + 1);
        first = false;
      } else if (c == '{' || c == '[') {
        if (d == MAX_DEPTH) {
          throw malformed("more than " + MAX_DEPTH + " nested arrays and objects", i);
        }
        stack[++d] = c == '{';
        i++;
        first = true;
      } else {
        i = skipScalar(c, i);
        first = false;
      }
    }
  }

  /** Skips a number or a literal at {@code i} (its first byte {@code c}); returns its end. */
  private int skipScalar(int c, int i) throws IOException {
    switch (c) {
      case 't' -> {
        return literal(i, TRUE_BYTES);
      }
      case 'f' -> {
        return literal(i, FALSE_BYTES);
      }
      case 'n' -> {
        return literal(i, NULL_BYTES);
      }
      default -> {
        if (c != '-' && (c < '0' || c > '9')) {
          throw malformed("expected a value", i);
        }
        return scanNumber(i);
      }
    }
  }

  // ---- lexemes

  /**
   * The index of the first byte at or after {@code i} that is not JSON whitespace (or {@code to}).
   */
  private int ws(int i) {
    final byte[] b = buf;
    final int end = to;
    while (i < end) {
      int c = b[i];
      if (c > ' ') {
        return i;
      }
      if (c == ' ' || c == '\t') {
        i++;
      } else if (c == '\n' || c == '\r') {
        newline = true;
        i++;
      } else {
        return i;
      }
    }
    return i;
  }

  /** The byte at {@code i} (signed), or an error at the end of the answer. */
  private int at(int i) throws IOException {
    if (i >= to) {
      throw new IOException("the Monitor answer ends early (truncated JSON at byte " + i + ")");
    }
    return buf[i];
  }

  /**
   * Flags (bit 7 of its byte) the lowest byte of the eight in {@code x} (little-endian) that is a
   * quote, a backslash, a control character or not ASCII; flags above it may be false.
   */
  private static long specials(long x) {
    long q = x ^ QUOTES;
    long b = x ^ BACKSLASHES;
    return ((q - ONES) & ~q | (b - ONES) & ~b | (x - SPACES) & ~x | x) & HIGHS;
  }

  /**
   * Validates a string whose opening quote is before {@code i}; returns the index after its end.
   */
  private int scanString(int i) throws IOException {
    final byte[] b = buf;
    final int wide = to - 8;
    for (; ; ) {
      int c;
      if (i <= wide) {
        long m = specials((long) LONGS.get(b, i));
        if (m == 0) {
          i += 8;
          continue;
        }
        i += Long.numberOfTrailingZeros(m) >>> 3;
        c = b[i];
      } else {
        c = at(i);
        // printable ASCII but the quote and the backslash (non-ASCII bytes are negative)
        if (c >= ' ' && c != '"' && c != '\\') {
          i++;
          continue;
        }
      }
      if (c == '"') {
        return i + 1;
      } else if (c == '\\') {
        i = escape(i + 1);
      } else if (c >= 0) {
        throw malformed("unescaped control character in a string", i);
      } else {
        i = utf8(i, c & 0xFF);
      }
    }
  }

  /**
   * Validates a field name whose opening quote is before {@code i}, sets the token range (inside
   * the quotes) and {@link #tokenPlain}; returns the index after its closing quote.
   */
  private int scanName(int i) throws IOException {
    final byte[] b = buf;
    final int wide = to - 8;
    final int start = i;
    for (; ; ) {
      if (i <= wide) {
        long m = specials((long) LONGS.get(b, i));
        if (m == 0) {
          i += 8;
          continue;
        }
        i += Long.numberOfTrailingZeros(m) >>> 3;
        break;
      }
      if (i < to) {
        int c = b[i];
        if (c >= ' ' && c != '"' && c != '\\') {
          i++;
          continue;
        }
      }
      break;
    }
    if (i < to && b[i] == '"') {
      if (i - start > MAX_NAME_BYTES) {
        throw malformed("field name longer than " + MAX_NAME_BYTES + " bytes", start);
      }
      tokenStart = start;
      tokenEnd = i;
      tokenPlain = true;
      return i + 1;
    }
    return scanNameSlowly(start, i);
  }

  /** Validates a field name whose opening quote is before {@code i}; returns after its end. */
  private int skipName(int i) throws IOException {
    final byte[] b = buf;
    final int wide = to - 8;
    final int start = i;
    for (; ; ) {
      if (i <= wide) {
        long m = specials((long) LONGS.get(b, i));
        if (m == 0) {
          i += 8;
          continue;
        }
        i += Long.numberOfTrailingZeros(m) >>> 3;
        break;
      }
      if (i < to) {
        int c = b[i];
        if (c >= ' ' && c != '"' && c != '\\') {
          i++;
          continue;
        }
      }
      break;
    }
    if (i < to && b[i] == '"' && i - start <= MAX_NAME_BYTES) {
      return i + 1;
    }
    return scanNameSlowly(start, i);
  }

  private int scanNameSlowly(int start, int i) throws IOException {
    long bytes = i - start; // the name's length once decoded, in UTF-8 bytes
    for (; ; ) {
      int c = at(i) & 0xFF;
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        i = escape(i + 1);
        int ch = escaped;
        if (Character.isHighSurrogate((char) ch)) {
          if (at(i) != '\\') {
            throw malformed("broken surrogate pair in a field name", i);
          }
          i = escape(i + 1);
          if (!Character.isLowSurrogate((char) escaped)) {
            throw malformed("broken surrogate pair in a field name", i);
          }
          bytes += 4;
        } else if (Character.isLowSurrogate((char) ch)) {
          throw malformed("unexpected low surrogate in a field name", i);
        } else {
          bytes += ch < 0x80 ? 1 : ch < 0x800 ? 2 : 3;
        }
      } else if (c < 0x20) {
        throw malformed("unescaped control character in a field name", i);
      } else if (c < 0x80) {
        i++;
        bytes++;
      } else {
        int next = utf8(i, c);
        bytes += next - i;
        i = next;
      }
    }
    if (bytes > MAX_NAME_BYTES) {
      throw malformed("field name longer than " + MAX_NAME_BYTES + " bytes", start);
    }
    tokenStart = start;
    tokenEnd = i;
    tokenPlain = false;
    return i + 1;
  }

  /**
   * Validates the escape after a backslash (at {@code i}), sets {@link #escaped}, returns after.
   */
  private int escape(int i) throws IOException {
    int c = at(i);
    switch (c) {
      case '"', '\\', '/' -> escaped = c;
      case 'b' -> escaped = '\b';
      case 'f' -> escaped = '\f';
      case 'n' -> escaped = '\n';
      case 'r' -> escaped = '\r';
      case 't' -> escaped = '\t';
      case 'u' -> {
        int v = 0;
        for (int k = 1; k <= 4; k++) {
          int h = hex(at(i + k));
          if (h < 0) {
            throw malformed("bad \\u escape", i + k);
          }
          v = (v << 4) | h;
        }
        escaped = v;
        return i + 5;
      }
      default -> throw malformed("unknown escape", i);
    }
    return i + 1;
  }

  private static int hex(int c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** Validates the UTF-8 sequence whose lead byte {@code c} (unsigned) is at {@code i}. */
  private int utf8(int i, int c) throws IOException {
    if (c < 0xC2) {
      throw malformed("invalid UTF-8", i);
    }
    if (c < 0xE0) {
      continuation(i + 1, 0x80, 0xBF);
      return i + 2;
    }
    if (c < 0xF0) {
      continuation(i + 1, c == 0xE0 ? 0xA0 : 0x80, c == 0xED ? 0x9F : 0xBF);
      continuation(i + 2, 0x80, 0xBF);
      return i + 3;
    }
    if (c < 0xF5) {
      continuation(i + 1, c == 0xF0 ? 0x90 : 0x80, c == 0xF4 ? 0x8F : 0xBF);
      continuation(i + 2, 0x80, 0xBF);
      continuation(i + 3, 0x80, 0xBF);
      return i + 4;
    }
    throw malformed("invalid UTF-8", i);
  }

  private void continuation(int i, int min, int max) throws IOException {
    int c = at(i) & 0xFF;
    if (c < min || c > max) {
      throw malformed("invalid UTF-8", i);
    }
  }

  /** Validates a number starting at {@code i}; sets {@link #numberFloat}, returns its end. */
  private int scanNumber(int i) throws IOException {
    final byte[] b = buf;
    final int end = to;
    if (b[i] == '-') {
      i++;
    }
    int c = at(i);
    int first = i;
    if (c == '0') {
      i++;
    } else if (c >= '1' && c <= '9') {
      i++;
      while (i < end && isDigit(b[i])) {
        i++;
      }
    } else {
      throw malformed("expected a digit", i);
    }
    int digits = i - first;
    boolean fraction = false;
    if (i < end && b[i] == '.') {
      fraction = true;
      int from = ++i;
      while (i < end && isDigit(b[i])) {
        i++;
      }
      if (i == from) {
        throw malformed("expected a digit after the decimal point", i);
      }
      digits += i - from;
    }
    if (i < end && (b[i] == 'e' || b[i] == 'E')) {
      fraction = true;
      i++;
      if (i < end && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int from = i;
      while (i < end && isDigit(b[i])) {
        i++;
      }
      if (i == from) {
        throw malformed("expected a digit in the exponent", i);
      }
      digits += i - from;
    }
    if (digits > MAX_NUMBER_DIGITS) {
      throw malformed("number longer than " + MAX_NUMBER_DIGITS + " digits", first);
    }
    numberFloat = fraction;
    return i;
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  private int literal(int i, byte[] word) throws IOException {
    int n = word.length;
    for (int k = 0; k < n; k++) {
      if (at(i + k) != word[k]) {
        throw malformed("unrecognized token", i);
      }
    }
    return i + n;
  }

  // ---- names and text

  private int eventName(int s, int e) {
    int length = e - s;
    if (length >= FIRST_BYTE_BY_LENGTH.length || FIRST_BYTE_BY_LENGTH[length] != buf[s]) {
      return OTHER; // most names, decided in one predictable branch
    }
    return switch (length) {
      case 7 -> same(s, EVENT_ID_NAME) ? EVENT_ID : OTHER;
      case 9 -> same(s, TIMESTAMP_NAME) ? TIMESTAMP : OTHER;
      case 5 -> same(s, TIME_NAME) ? RESERVED : OTHER;
      case 12 -> same(s, TIME_SOURCE_NAME) ? RESERVED : OTHER;
      case 15 -> same(s, SOURCE_LOG_TYPE_NAME) ? RESERVED : OTHER;
      default -> OTHER;
    };
  }

  private static int eventName(String name) {
    return switch (name) {
      case "eventId" -> EVENT_ID;
      case "timestamp" -> TIMESTAMP;
      case "_time", "_time_source", "source_log_type" -> RESERVED;
      default -> OTHER;
    };
  }

  private String decodeName() throws IOException {
    return decode(tokenStart, tokenEnd);
  }

  private boolean same(int s, byte[] word) {
    for (int k = 0; k < word.length; k++) {
      if (buf[s + k] != word[k]) {
        return false;
      }
    }
    return true;
  }

  private String latin1(int s, int e) {
    return new String(buf, s, e - s, StandardCharsets.ISO_8859_1);
  }

  /** The text of an already validated string body {@code buf[s, e)}, as Jackson decodes it. */
  private String decode(int s, int e) throws IOException {
    int i = s;
    while (i < e && buf[i] >= ' ' && buf[i] != '\\') {
      i++;
    }
    if (i == e) {
      checkLength(e - s, s);
      return latin1(s, e);
    }
    char[] out = new char[e - s]; // never more characters than bytes
    int n = 0;
    for (int k = s; k < i; k++) {
      out[n++] = (char) buf[k];
    }
    while (i < e) {
      int c = buf[i] & 0xFF;
      if (c == '\\') {
        i = escape(i + 1);
        out[n++] = (char) escaped;
      } else if (c < 0x80) {
        out[n++] = (char) c;
        i++;
      } else if (c < 0xE0) {
        out[n++] = (char) (((c & 0x1F) << 6) | (buf[i + 1] & 0x3F));
        i += 2;
      } else if (c < 0xF0) {
        out[n++] = (char) (((c & 0x0F) << 12) | ((buf[i + 1] & 0x3F) << 6) | (buf[i + 2] & 0x3F));
        i += 3;
      } else {
        int cp =
            ((c & 0x07) << 18)
                | ((buf[i + 1] & 0x3F) << 12)
                | ((buf[i + 2] & 0x3F) << 6)
                | (buf[i + 3] & 0x3F);
        out[n++] = Character.highSurrogate(cp);
        out[n++] = Character.lowSurrogate(cp);
        i += 4;
      }
    }
    checkLength(n, s);
    return new String(out, 0, n);
  }

  private static void checkLength(int chars, int at) throws IOException {
    if (chars > MAX_STRING_CHARS) {
      throw malformed("string longer than " + MAX_STRING_CHARS + " characters", at);
    }
  }

  private static IOException malformed(String what, int at) {
    return new IOException("the Monitor answer is not valid JSON: " + what + " at byte " + at);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
