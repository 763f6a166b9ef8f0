package io.github.docusigncollector.monitor;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Tolerant parsing of event timestamps into epoch seconds, and the {@code _time} format ({@code
 * YYYY-MM-DDTHH:MM:SSZ}, UTC, truncated to the second). The fast path parses by hand because it
 * runs once per event.
 */
public final class EventTime {
  /** Returned when a text is not a timestamp. */
  public static final long INVALID = Long.MIN_VALUE;

  private EventTime() {}

  /**
   * Parses {@code YYYY-MM-DD[T ]HH:MM:SS[.f{0,9}][Z|+HH:MM|+HHMM|+HH]} (no zone means UTC) and,
   * failing that, anything {@link OffsetDateTime} or {@link Instant} accept; returns the epoch
   * second or {@link #INVALID}.
   */
  public static long parseEpochSecond(String s) {
    if (s == null) {
      return INVALID;
    }
    long fast = parseFast(s);
    if (fast != INVALID) {
      return fast;
    }
    String t = s.trim();
    try {
      return OffsetDateTime.parse(t).toEpochSecond();
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return Instant.parse(t).getEpochSecond();
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return LocalDateTime.parse(t).toEpochSecond(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return INVALID;
    }
  }

  private static long parseFast(String s) {
    int n = s.length();
    if (n < 19) {
      return INVALID;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    char sep = s.charAt(10);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > daysInMonth(year, month)
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 60
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || (sep != 'T' && sep != 't' && sep != ' ')
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return INVALID;
    }
    int i = 19;
    if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
      i++;
      int start = i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i - start > 9) {
        return INVALID;
      }
    }
    int offsetSeconds = 0;
    if (i < n) {
      char c = s.charAt(i);
      if ((c == 'Z' || c == 'z') && i + 1 == n) {
        i++;
      } else if (c == '+' || c == '-') {
        int rest = n - i - 1;
        int oh;
        int om = 0;
        if (rest == 2) {
          oh = digits(s, i + 1, 2);
        } else if (rest == 4) {
          oh = digits(s, i + 1, 2);
          om = digits(s, i + 3, 2);
        } else if (rest == 5 && s.charAt(i + 3) == ':') {
          oh = digits(s, i + 1, 2);
          om = digits(s, i + 4, 2);
        } else {
          return INVALID;
        }
        if (oh < 0 || oh > 18 || om < 0 || om > 59) {
          return INVALID;
        }
        offsetSeconds = (oh * 3600 + om * 60) * (c == '-' ? -1 : 1);
        i = n;
      } else {
        return INVALID;
      }
    }
    if (i != n) {
      return INVALID;
    }
    if (second == 60) {
      second = 59; // a leap second stays inside its minute
    }
    return daysFromCivil(year, month, day) * 86400L
        + hour * 3600L
        + minute * 60L
        + second
        - offsetSeconds;
  }

  /** The {@code _time} text of an epoch second: {@code YYYY-MM-DDTHH:MM:SSZ}. */
  public static String format(long epochSecond) {
    char[] out = new char[20];
    formatInto(epochSecond, out);
    return new String(out);
  }

  /** Writes the 20 characters of {@link #format} into {@code out}. */
  public static void formatInto(long epochSecond, char[] out) {
    long days = Math.floorDiv(epochSecond, 86400L);
    int secs = (int) Math.floorMod(epochSecond, 86400L);
    // civil-from-days (Howard Hinnant's algorithm)
    long z = days + 719468;
    long era = Math.floorDiv(z, 146097);
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int d = (int) (doy - (153 * mp + 2) / 5 + 1);
    int m = (int) (mp < 10 ? mp + 3 : mp - 9);
    if (m <= 2) {
      y++;
    }
    put(out, 0, (int) y, 4);
    out[4] = '-';
    put(out, 5, m, 2);
    out[7] = '-';
    put(out, 8, d, 2);
    out[10] = 'T';
    put(out, 11, secs / 3600, 2);
    out[13] = ':';
    put(out, 14, (secs / 60) % 60, 2);
    out[16] = ':';
    put(out, 17, secs % 60, 2);
    out[19] = 'Z';
  }

  private static void put(char[] out, int at, int value, int width) {
    for (int k = width - 1; k >= 0; k--) {
      out[at + k] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  static long daysFromCivil(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }

  private static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  private static int digits(String s, int at, int count) {
    int v = 0;
    for (int k = 0; k < count; k++) {
      char c = s.charAt(at + k);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
