package io.github.docusigncollector.users;

import io.github.docusigncollector.monitor.EventTime;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses eSignature's {@code userSettings.modifiedDate}: {@code M/D/YYYY h:mm:ss AM|PM} taken as
 * UTC (the API gives no zone), or ISO-8601.
 */
public final class ModifiedDate {
  private static final Pattern US_FORMAT =
      Pattern.compile(
          "(\\d{1,2})/(\\d{1,2})/(\\d{4})"
              + "(?:[ T]+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.\\d+)?)?(?:\\s*([AaPp][Mm]))?)?");

  private ModifiedDate() {}

  /** The epoch second, or {@link EventTime#INVALID}. */
  public static long parseEpochSecond(String text) {
    if (text == null) {
      return EventTime.INVALID;
    }
    String s = text.trim();
    if (s.indexOf('/') < 0) {
      return EventTime.parseEpochSecond(s);
    }
    Matcher m = US_FORMAT.matcher(s);
    if (!m.matches()) {
      return EventTime.INVALID;
    }
    int month = Integer.parseInt(m.group(1));
    int day = Integer.parseInt(m.group(2));
    int year = Integer.parseInt(m.group(3));
    int hour = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
    int minute = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
    int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
    String ampm = m.group(7);
    if (ampm != null) {
      if (hour < 1 || hour > 12) {
        return EventTime.INVALID;
      }
      boolean pm = ampm.equalsIgnoreCase("PM");
      hour = hour == 12 ? (pm ? 12 : 0) : (pm ? hour + 12 : hour);
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
      return EventTime.INVALID;
    }
    String iso =
        String.format(
            Locale.ROOT,
            "%04d-%02d-%02dT%02d:%02d:%02dZ",
            year,
            month,
            day,
            hour,
            minute,
            Math.min(second, 59));
    return EventTime.parseEpochSecond(iso);
  }
}
