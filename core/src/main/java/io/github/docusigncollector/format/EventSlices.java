package io.github.docusigncollector.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fields of one normalized Monitor event that the mappings use, found by one scan of the
 * event's bytes and kept as offsets into them: no tree, no {@code String} per field. It reads the
 * same fields with the same rules as {@link CustomerEvent} (DocuSign's {@code ""} and {@code null}
 * are absent, a number or boolean counts as its text, the last of two equal keys wins, {@code
 * ipAddressLocation} before the top-level copies), and declines ({@link #scanLine} returns -1)
 * whatever it does not read the same way, for {@link CustomerEvent} to read instead: a field the
 * mapping uses written with a JSON escape (a backslash: an escaped quote, a {@code u} escape) or,
 * inside {@code data}, as an array, a key written with an escape, or bytes that are not a JSON
 * object. A value without escapes is already the JSON text of its string, so the writers copy it as
 * it is.
 *
 * <p>The input is a line the collector wrote itself (the normalizer's output), so the scan checks
 * the structure it walks but does not validate UTF-8 or number grammar again.
 */
final class EventSlices {
  // Top-level fields.
  static final int TIMESTAMP = 0;
  static final int EVENT_ID = 1;
  static final int SITE = 2;
  static final int ACCOUNT_ID = 3;
  static final int ORGANIZATION_ID = 4;
  static final int USER_ID = 5;
  static final int INTEGRATOR_KEY = 6;
  static final int USER_AGENT = 7;
  static final int IP_ADDRESS = 8;
  static final int CITY = 9;
  static final int STATE = 10;
  static final int COUNTRY = 11;
  static final int OBJECT = 12;
  static final int ACTION = 13;
  static final int PROPERTY = 14;
  static final int FIELD = 15;
  static final int RESULT = 16;
  static final int SOURCE = 17;
  static final int REFERENCED_USER_ID = 18;
  static final int AFFECTED_USER_ID = 19;
  static final int DEVICE = 20;
  static final int BROWSER = 21;
  static final int OS = 22;
  static final int TIME = 23;
  static final int SOURCE_LOG_TYPE = 24;
  // Inside "data".
  static final int ENVELOPE_ID = 25;
  static final int DOCUMENT_ID = 26;
  static final int TEMPLATE_ID = 27;
  static final int GROUP_ID = 28;
  static final int GROUP_NAME = 29;
  static final int DATA_AFFECTED_USER_ID = 30;
  static final int AFFECTED_USER_EMAIL = 31;
  static final int PERMISSION_PROFILE_ID = 32;
  static final int PERMISSION_PROFILE_NAME = 33;
  static final int SETTINGS_KEY = 34;
  static final int SEVERITY = 35;
  static final int ALERT_NAME = 36;
  static final int FAILURE_REASON = 37;
  static final int AUTHENTICATION_METHOD = 38;
  static final int GRANT_TYPE = 39;
  static final int NEW_VALUE = 40;
  // Inside "ipAddressLocation".
  static final int LOC_CITY = 41;
  static final int LOC_STATE = 42;
  static final int LOC_COUNTRY = 43;
  static final int SLOTS = 44;

  // Keys that are not text slots.
  private static final int LATITUDE = -2;
  private static final int LONGITUDE = -3;
  private static final int DATA = -4;
  private static final int LOCATION = -5;
  private static final int SKIP = -1;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private static final KeyTable TOP =
      new KeyTable(
          new String[] {
            "timestamp",
            "eventId",
            "site",
            "accountId",
            "organizationId",
            "userId",
            "integratorKey",
            "userAgent",
            "ipAddress",
            "city",
            "state",
            "country",
            "object",
            "action",
            "property",
            "field",
            "result",
            "source",
            "referencedUserId",
            "affectedUserId",
            "device",
            "browser",
            "os",
            "_time",
            "source_log_type",
            "latitude",
            "longitude",
            "data",
            "ipAddressLocation"
          },
          new int[] {
            TIMESTAMP,
            EVENT_ID,
            SITE,
            ACCOUNT_ID,
            ORGANIZATION_ID,
            USER_ID,
            INTEGRATOR_KEY,
            USER_AGENT,
            IP_ADDRESS,
            CITY,
            STATE,
            COUNTRY,
            OBJECT,
            ACTION,
            PROPERTY,
            FIELD,
            RESULT,
            SOURCE,
            REFERENCED_USER_ID,
            AFFECTED_USER_ID,
            DEVICE,
            BROWSER,
            OS,
            TIME,
            SOURCE_LOG_TYPE,
            LATITUDE,
            LONGITUDE,
            DATA,
            LOCATION
          });
  private static final KeyTable IN_DATA =
      new KeyTable(
          new String[] {
            "EnvelopeId",
            "DocumentId",
            "TemplateId",
            "GroupId",
            "GroupName",
            "AffectedUserId",
            "AffectedUserEmail",
            "PermissionProfileId",
            "PermissionProfileName",
            "SettingsKey",
            "Severity",
            "AlertName",
            "FailureReason",
            "AuthenticationMethod",
            "GrantType",
            "NewValue"
          },
          new int[] {
            ENVELOPE_ID,
            DOCUMENT_ID,
            TEMPLATE_ID,
            GROUP_ID,
            GROUP_NAME,
            DATA_AFFECTED_USER_ID,
            AFFECTED_USER_EMAIL,
            PERMISSION_PROFILE_ID,
            PERMISSION_PROFILE_NAME,
            SETTINGS_KEY,
            SEVERITY,
            ALERT_NAME,
            FAILURE_REASON,
            AUTHENTICATION_METHOD,
            GRANT_TYPE,
            NEW_VALUE
          });
  private static final KeyTable IN_LOCATION =
      new KeyTable(
          new String[] {"latitude", "longitude", "city", "state", "country"},
          new int[] {LATITUDE, LONGITUDE, LOC_CITY, LOC_STATE, LOC_COUNTRY});

  /** Thrown inside the scan when the event must go to {@link CustomerEvent} instead. */
  private static final class Decline extends Exception {
    private static final long serialVersionUID = 1L;

    Decline() {
      super(null, null, false, false);
    }
  }

  private static final Decline DECLINE = new Decline();

  byte[] data;

  /** Where each field's text starts and ends in {@link #data}; {@code start < 0}: absent. */
  final int[] start = new int[SLOTS];

  final int[] end = new int[SLOTS];
  private static final int ZERO = 0;
  private static final int NUMBER = 1;
  private static final int STRING = 2;
  private final int[] coordinateStart = new int[4];
  private final int[] coordinateEnd = new int[4];
  private final int[] coordinateKind = new int[4];
  private boolean coordinatesResolved;
  private double latitude;
  private double longitude;
  private int pos;
  private int objectEnd;
  private int limit;

  /**
   * Scans the event that starts the line at {@code from} (a batch of JSON Lines whose data ends at
   * {@code to}): returns where its line ends (the index of its {@code '\n'}, or {@code to}), or -1
   * when the event must be read by {@link CustomerEvent} instead (nothing else is guaranteed then).
   * The event's bytes end at {@link #objectEnd()} (trailing blanks left out).
   */
  int scanLine(byte[] bytes, int from, int to) {
    data = bytes;
    pos = from;
    limit = to;
    java.util.Arrays.fill(start, -1);
    java.util.Arrays.fill(coordinateKind, ZERO);
    coordinatesResolved = false;
    try {
      skipSpace();
      if (pos >= limit || data[pos] != '{') {
        return -1;
      }
      pos++;
      object(TOP);
      objectEnd = pos;
      skipSpace();
      if (pos > limit || pos < limit && data[pos] != '\n') {
        return -1;
      }
    } catch (Decline | ArrayIndexOutOfBoundsException e) {
      return -1;
    }
    preferLocation(LOC_CITY, CITY);
    preferLocation(LOC_STATE, STATE);
    preferLocation(LOC_COUNTRY, COUNTRY);
    return pos;
  }

  /** Where the last event {@link #scanLine} read ends (after its closing brace). */
  int objectEnd() {
    return objectEnd;
  }

  private void preferLocation(int loc, int top) {
    if (start[loc] >= 0) {
      start[top] = start[loc];
      end[top] = end[loc];
    }
  }

  /** The members of an object whose opening brace was just read, through its closing brace. */
  private void object(KeyTable keys) throws Decline {
    skipSpace();
    if (data[pos] == '}') {
      pos++;
      return;
    }
    while (true) {
      skipSpace();
      if (data[pos] != '"') {
        throw DECLINE;
      }
      int k = key(keys);
      skipSpace();
      if (data[pos++] != ':') {
        throw DECLINE;
      }
      skipSpace();
      member(keys, k);
      skipSpace();
      byte c = data[pos++];
      if (c == '}') {
        return;
      }
      if (c != ',') {
        throw DECLINE;
      }
    }
  }

  /** Reads a key (at its opening quote) and returns what it is in {@code keys}. */
  private int key(KeyTable keys) throws Decline {
    int s = pos + 1;
    int e = string();
    if (e < 0) {
      throw DECLINE;
    }
    return keys.find(data, s, e);
  }

  private void member(KeyTable keys, int k) throws Decline {
    byte c = data[pos];
    if (k >= 0) {
      if (c == '[' && keys == IN_DATA) {
        throw DECLINE; // DocuSign's one-character arrays: CustomerEvent joins them
      }
      text(k);
    } else if (k == LATITUDE || k == LONGITUDE) {
      coordinate((k == LATITUDE ? 0 : 1) + (keys == TOP ? 0 : 2));
    } else if (k == DATA && c == '{') {
      pos++;
      object(IN_DATA);
    } else if (k == LOCATION && c == '{') {
      pos++;
      object(IN_LOCATION);
    } else {
      skipValue();
    }
  }

  /** A text field: a string's contents, a number's or boolean's text; else absent. */
  private void text(int slot) throws Decline {
    byte c = data[pos];
    if (c == '"') {
      int s = pos + 1;
      int e = string();
      if (e < 0) {
        throw DECLINE;
      }
      setOrClear(slot, s, e);
    } else if (c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f') {
      int s = pos;
      skipScalar();
      setOrClear(slot, s, pos);
    } else {
      skipValue();
      start[slot] = -1;
    }
  }

  private void setOrClear(int slot, int s, int e) {
    if (e > s) {
      start[slot] = s;
      end[slot] = e;
    } else {
      start[slot] = -1;
    }
  }

  /**
   * Notes where a coordinate's text is ({@code cell}: 0, 1 the top-level latitude and longitude, 2,
   * 3 those of {@code ipAddressLocation}); it is parsed only if the mapping writes it.
   */
  private void coordinate(int cell) throws Decline {
    byte c = data[pos];
    if (c == '"') {
      int s = pos + 1;
      int e = string();
      if (e < 0) {
        throw DECLINE;
      }
      coordinateCell(cell, s, e, STRING);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      int s = pos;
      skipScalar();
      coordinateCell(cell, s, pos, NUMBER);
    } else {
      skipValue();
      coordinateCell(cell, 0, 0, ZERO);
    }
  }

  private void coordinateCell(int cell, int s, int e, int kind) {
    coordinateStart[cell] = s;
    coordinateEnd[cell] = e;
    coordinateKind[cell] = kind;
  }

  /** A coordinate as {@link CustomerEvent} reads it (0 when it is not a finite number). */
  private double coordinateValue(int cell) {
    int kind = coordinateKind[cell];
    if (kind == ZERO) {
      return 0;
    }
    int s = coordinateStart[cell];
    int e = coordinateEnd[cell];
    if (kind == NUMBER) {
      double fast = simpleDecimal(s, e);
      if (!Double.isNaN(fast)) {
        return fast;
      }
    }
    String text =
        kind == NUMBER
            ? new String(data, s, e - s, StandardCharsets.ISO_8859_1)
            : new String(data, s, e - s, StandardCharsets.UTF_8).trim();
    try {
      double d = Double.parseDouble(text);
      return Double.isFinite(d) ? d : 0;
    } catch (NumberFormatException x) {
      return 0;
    }
  }

  private static final double[] POWERS_OF_TEN = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = p;
      p *= 10;
    }
  }

  /**
   * A number written {@code -?digits[.digits]} with at most 15 digits, as {@link
   * Double#parseDouble} reads it (NaN for any other form): the digits and the power of ten are
   * exact doubles, so one division rounds correctly.
   */
  private double simpleDecimal(int s, int e) {
    int i = s;
    boolean negative = data[i] == '-';
    if (negative) {
      i++;
    }
    long m = 0;
    int digits = 0;
    int fraction = -1;
    for (; i < e; i++) {
      byte c = data[i];
      if (c >= '0' && c <= '9') {
        m = m * 10 + (c - '0');
        digits++;
        if (fraction >= 0) {
          fraction++;
        }
      } else if (c == '.' && fraction < 0) {
        fraction = 0;
      } else {
        return Double.NaN;
      }
    }
    if (digits == 0 || digits > 15 || fraction == 0) {
      return Double.NaN;
    }
    double d = fraction > 0 ? m / POWERS_OF_TEN[fraction] : m;
    return negative ? -d : d;
  }

  /** Parses the coordinates the event gives ({@code ipAddressLocation}'s unless both are 0). */
  private void resolveCoordinates() {
    double lat = coordinateValue(2);
    double lon = coordinateValue(3);
    if (lat == 0 && lon == 0) {
      lat = coordinateValue(0);
      lon = coordinateValue(1);
    }
    latitude = lat;
    longitude = lon;
    coordinatesResolved = true;
  }

  /**
   * Passes a string (at its opening quote) and returns where its contents end, or -1 when it holds
   * an escape. Eight bytes at a time while none is a quote, a backslash or a control character (a
   * control character, a line end among them, is not JSON: declined).
   */
  private int string() throws Decline {
    int i = pos + 1;
    boolean escaped = false;
    int words = data.length - 8;
    while (true) {
      if (i <= words) {
        long x = (long) LONGS.get(data, i);
        long quote = x ^ (ONES * '"');
        long slash = x ^ (ONES * '\\');
        long found =
            ((quote - ONES) & ~quote | (slash - ONES) & ~slash | (x - ONES * 0x20) & ~x) & HIGHS;
        if (found == 0) {
          i += 8;
          continue;
        }
        // The lowest flagged byte is the first quote, backslash or control character.
        i += Long.numberOfTrailingZeros(found) >>> 3;
      }
      byte c = data[i];
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        escaped = true;
        i += 2;
      } else if (c >= 0 && c < 0x20) {
        throw DECLINE;
      } else {
        i++;
      }
    }
    pos = i + 1;
    return escaped ? -1 : i;
  }

  /** What a byte does to a number or literal: 0 part of it, 1 ends it, 2 not JSON there. */
  private static final byte[] SCALAR = new byte[256];

  static {
    for (char c : new char[] {',', '}', ']', ' ', '\t', '\r', '\n'}) {
      SCALAR[c] = 1;
    }
    for (char c : new char[] {'"', '{', '[', ':'}) {
      SCALAR[c] = 2;
    }
  }

  private void skipScalar() throws Decline {
    int s = pos;
    while (pos < limit) {
      int k = SCALAR[data[pos] & 0xFF];
      if (k == 1) {
        break;
      }
      if (k == 2) {
        throw DECLINE;
      }
      pos++;
    }
    if (pos == s) {
      throw DECLINE;
    }
  }

  private void skipValue() throws Decline {
    byte c = data[pos];
    if (c == '"') {
      string();
    } else if (c == '{' || c == '[') {
      int depth = 0;
      while (true) {
        c = data[pos];
        if (c == '"') {
          string();
          continue;
        }
        if (c == '\n') {
          throw DECLINE;
        }
        if (c == '{' || c == '[') {
          depth++;
        } else if (c == '}' || c == ']') {
          depth--;
          if (depth == 0) {
            pos++;
            return;
          }
        }
        pos++;
      }
    } else {
      skipScalar();
    }
  }

  private void skipSpace() {
    while (pos < limit) {
      byte c = data[pos];
      if (c != ' ' && c != '\t' && c != '\r') {
        return; // a line end inside an event is not one line: the caller declines
      }
      pos++;
    }
  }

  // ---- reading the fields

  boolean has(int slot) {
    return start[slot] >= 0;
  }

  int length(int slot) {
    return end[slot] - start[slot];
  }

  /** The field as a {@code String} ({@code null} when absent): for the rarely used ones. */
  String string(int slot) {
    int s = start[slot];
    return s < 0 ? null : new String(data, s, end[slot] - s, StandardCharsets.UTF_8);
  }

  /** Whether the field's bytes are all ASCII (so one byte is one {@code char}). */
  boolean ascii(int slot) {
    for (int i = start[slot]; i < end[slot]; i++) {
      if (data[i] < 0) {
        return false;
      }
    }
    return true;
  }

  /** Whether two present fields have the same text. */
  boolean same(int a, int b) {
    return java.util.Arrays.equals(data, start[a], end[a], data, start[b], end[b]);
  }

  /** The first present of the fields, or -1. */
  int first(int a, int b) {
    return has(a) ? a : has(b) ? b : -1;
  }

  /** Whether the coordinates are known (DocuSign sends 0,0 for unknown). */
  boolean hasCoordinates() {
    if (!coordinatesResolved) {
      resolveCoordinates();
    }
    return (latitude != 0 || longitude != 0)
        && latitude >= -90
        && latitude <= 90
        && longitude >= -180
        && longitude <= 180;
  }

  double latitude() {
    if (!coordinatesResolved) {
      resolveCoordinates();
    }
    return latitude;
  }

  double longitude() {
    if (!coordinatesResolved) {
      resolveCoordinates();
    }
    return longitude;
  }

  /** The user an action was done to, if the event names one (-1 when none). */
  int targetUserId() {
    if (has(DATA_AFFECTED_USER_ID)) {
      return DATA_AFFECTED_USER_ID;
    }
    return first(AFFECTED_USER_ID, REFERENCED_USER_ID);
  }

  /**
   * The keys of one object level, by a hash of their bytes (open addressing). A key is compared by
   * its length and its first and last eight bytes (all of it up to 16 bytes), then byte by byte.
   */
  private static final class KeyTable {
    private final byte[][] names = new byte[64][];
    private final int[] values = new int[64];
    private final long[] heads = new long[64];
    private final long[] tails = new long[64];

    KeyTable(String[] keys, int[] slots) {
      for (int i = 0; i < keys.length; i++) {
        byte[] k = keys[i].getBytes(StandardCharsets.US_ASCII);
        long head = head(k, 0, k.length);
        long tail = tail(k, 0, k.length);
        int j = hash(head, tail, k.length);
        while (names[j] != null) {
          j = (j + 1) & 63;
        }
        names[j] = k;
        values[j] = slots[i];
        heads[j] = head;
        tails[j] = tail;
      }
    }

    private static long head(byte[] d, int s, int e) {
      if (e - s >= 8) {
        return (long) LONGS.get(d, s);
      }
      long a = 0;
      for (int i = e - 1; i >= s; i--) {
        a = a << 8 | (d[i] & 0xFF);
      }
      return a;
    }

    private static long tail(byte[] d, int s, int e) {
      return e - s >= 8 ? (long) LONGS.get(d, e - 8) : 0;
    }

    private static int hash(long head, long tail, int n) {
      long h = (head * 0x9E3779B97F4A7C15L) ^ (tail * 0xC2B2AE3D27D4EB4FL) ^ n;
      return (int) (h ^ (h >>> 32) ^ (h >>> 17)) & 63;
    }

    int find(byte[] d, int s, int e) {
      int n = e - s;
      long head = head(d, s, e);
      long tail = tail(d, s, e);
      int j = hash(head, tail, n);
      while (true) {
        byte[] k = names[j];
        if (k == null) {
          return SKIP;
        }
        if (k.length == n
            && heads[j] == head
            && tails[j] == tail
            && (n <= 16 || Arrays.equals(k, 0, n, d, s, e))) {
          return values[j];
        }
        j = (j + 1) & 63;
      }
    }
  }
}
