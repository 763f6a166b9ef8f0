package io.github.docusigncollector.sink.remote;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads the few fields a protocol envelope needs ({@code _time}, {@code source_log_type}) straight
 * from an event's bytes, without parsing the event: the collector appends them last, so they are
 * looked for from the end.
 */
public final class EventFields {
  private static final byte[] TIME = ascii("\"_time\":\"");
  private static final byte[] TIMESTAMP = ascii("\"@timestamp\":\"");
  private static final byte[] SOURCE_LOG_TYPE = ascii("\"source_log_type\":\"");

  private EventFields() {}

  /** {@code _time} (or, for mapped events, {@code @timestamp}) in epoch milliseconds, or -1. */
  public static long timeMillis(Events events, int i) {
    int at = valueAt(events, i, TIME);
    if (at < 0) {
      at = valueAt(events, i, TIMESTAMP);
    }
    if (at < 0) {
      return -1;
    }
    byte[] d = events.data();
    int end = at;
    int limit = events.end(i);
    while (end < limit && d[end] != '"') {
      end++;
    }
    return parseMillis(d, at, end);
  }

  /** {@code source_log_type} ({@code customer_events}, {@code audit_users}), or null. */
  public static String sourceLogType(Events events, int i) {
    int at = valueAt(events, i, SOURCE_LOG_TYPE);
    if (at < 0) {
      return null;
    }
    byte[] d = events.data();
    int end = at;
    while (end < events.end(i) && d[end] != '"' && d[end] != '\\') {
      end++;
    }
    return new String(d, at, end - at, StandardCharsets.US_ASCII);
  }

  /** Where the string value of {@code key} (given as {@code "key":"}) starts, or -1. */
  static int valueAt(Events events, int i, byte[] key) {
    byte[] d = events.data();
    int start = events.start(i);
    outer:
    for (int p = events.end(i) - key.length; p >= start; p--) {
      for (int k = 0; k < key.length; k++) {
        if (d[p + k] != key[k]) {
          continue outer;
        }
      }
      return p + key.length;
    }
    return -1;
  }

  /** {@code yyyy-MM-ddTHH:mm:ss[.f*](Z|±hh:mm)} to epoch milliseconds; -1 if unreadable. */
  static long parseMillis(byte[] d, int from, int to) {
    int n = to - from;
    if (n >= 20
        && d[from + 4] == '-'
        && d[from + 7] == '-'
        && d[from + 10] == 'T'
        && d[from + 13] == ':'
        && d[from + 16] == ':'
        && d[to - 1] == 'Z') {
      int y = digits(d, from, 4);
      int mo = digits(d, from + 5, 2);
      int da = digits(d, from + 8, 2);
      int h = digits(d, from + 11, 2);
      int mi = digits(d, from + 14, 2);
      int s = digits(d, from + 17, 2);
      int ms = 0;
      int p = from + 19;
      if (p < to - 1 && d[p] == '.') {
        int scale = 100;
        for (p++; p < to - 1; p++) {
          int c = d[p] - '0';
          if (c < 0 || c > 9) {
            y = -1;
            break;
          }
          ms += c * scale;
          scale /= 10;
        }
      } else if (p != to - 1) {
        y = -1;
      }
      if (y >= 0 && mo >= 1 && da >= 1 && h >= 0 && mi >= 0 && s >= 0) {
        return (daysFromCivil(y, mo, da) * 86400L + h * 3600L + mi * 60L + s) * 1000L + ms;
      }
    }
    try {
      String t = new String(d, from, n, StandardCharsets.US_ASCII);
      return t.endsWith("Z")
          ? Instant.parse(t).toEpochMilli()
          : OffsetDateTime.parse(t).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return -1;
    }
  }

  private static int digits(byte[] d, int at, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
      int c = d[at + i] - '0';
      if (c < 0 || c > 9) {
        return -1;
      }
      v = v * 10 + c;
    }
    return v;
  }

  private static long daysFromCivil(long y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }

  /** Epoch milliseconds as epoch seconds with three decimals ({@code 1767225601.123}). */
  public static void writeEpochSeconds(long millis, Body out) {
    out.number(Math.floorDiv(millis, 1000));
    int ms = (int) Math.floorMod(millis, 1000);
    out.write('.').write('0' + ms / 100).write('0' + ms / 10 % 10).write('0' + ms % 10);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
