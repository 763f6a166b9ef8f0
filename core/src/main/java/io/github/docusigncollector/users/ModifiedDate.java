package io.github.docusigncollector.users;

import io.github.docusigncollector.monitor.EventTime;

/**
 * Parses eSignature's {@code userSettings.modifiedDate}: {@code M/D/YYYY h:mm:ss AM|PM} taken as
 * UTC (the API gives no zone), or ISO-8601.
 */
public final class ModifiedDate {
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
    try {
      String[] dateTime = s.split("\\s+");
      String[] d = dateTime[0].split("/");
      int month = Integer.parseInt(d[0]);
      int day = Integer.parseInt(d[1]);
      int year = Integer.parseInt(d[2]);
      int hour = 0;
      int minute = 0;
      int second = 0;
      if (dateTime.length >= 2) {
        String[] t = dateTime[1].split(":");
        hour = Integer.parseInt(t[0]);
        minute = t.length > 1 ? Integer.parseInt(t[1]) : 0;
        second = t.length > 2 ? (int) Double.parseDouble(t[2]) : 0;
        if (dateTime.length >= 3) {
          String ampm = dateTime[2].toUpperCase(java.util.Locale.ROOT);
          if (hour < 1 || hour > 12) {
            return EventTime.INVALID;
          }
          if (ampm.equals("AM")) {
            hour = hour == 12 ? 0 : hour;
          } else if (ampm.equals("PM")) {
            hour = hour == 12 ? 12 : hour + 12;
          } else {
            return EventTime.INVALID;
          }
        }
      }
      if (month < 1
          || month > 12
          || day < 1
          || day > 31
          || hour > 23
          || minute > 59
          || second > 60
          || hour < 0
          || minute < 0
          || second < 0) {
        return EventTime.INVALID;
      }
      String iso =
          String.format(
              java.util.Locale.ROOT,
              "%04d-%02d-%02dT%02d:%02d:%02dZ",
              year,
              month,
              day,
              hour,
              minute,
              Math.min(second, 59));
      return EventTime.parseEpochSecond(iso);
    } catch (RuntimeException e) {
      return EventTime.INVALID;
    }
  }
}
