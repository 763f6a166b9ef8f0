package io.github.docusigncollector.sink.syslog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns one event (a JSON line) into an RFC 5424 message: {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME
 * - MSGID - BOM JSON}. PRI is {@code facility * 8 + severity}, the severity chosen by the event's
 * kind (see {@link #severity}); TIMESTAMP is {@code _time}; MSGID is {@code source_log_type}; there
 * is no structured data; MSG is the event's JSON after a UTF-8 byte-order mark, exactly as
 * collected.
 */
public final class SyslogFormat {
  /** Severity 4: an alert, a failed sign-in or any failed action. */
  public static final int WARNING = 4;

  /** Severity 6: every other event, audit users included. */
  public static final int INFORMATIONAL = 6;

  private static final JsonFactory JSON = new JsonFactory();
  private static final Pattern RFC3339 =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?(Z|[+-]\\d{2}:\\d{2})");
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final int facility;
  private final byte[] hostAndApp;
  private byte[] buf = new byte[8192];

  /**
   * @param hostname the HOSTNAME field (this machine's name; sanitised to the RFC's alphabet)
   */
  public SyslogFormat(int facility, String hostname, String appName) {
    this.facility = facility;
    this.hostAndApp =
        (" " + field(hostname, 255) + " " + field(appName, 48) + " - ")
            .getBytes(StandardCharsets.US_ASCII);
  }

  /** This machine's name for HOSTNAME, or {@code -} when it has none. */
  public static String localHostname() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "-";
    }
  }

  /**
   * The message of the event at {@code data[off, off + len)} (without a line end), valid until the
   * next call: bytes {@code [0, length)} of {@link #buffer()}; returns the length.
   */
  public int format(byte[] data, int off, int len) {
    Fields f = fields(data, off, len);
    int pri = facility * 8 + f.severity;
    String head = "<" + pri + ">1 " + f.timestamp;
    byte[] msgId = (f.msgId + " - ").getBytes(StandardCharsets.US_ASCII);
    int total = head.length() + hostAndApp.length + msgId.length + BOM.length + len;
    if (buf.length < total) {
      buf = new byte[Math.max(total, buf.length * 2)];
    }
    int p = 0;
    for (int i = 0; i < head.length(); i++) {
      buf[p++] = (byte) head.charAt(i);
    }
    System.arraycopy(hostAndApp, 0, buf, p, hostAndApp.length);
    p += hostAndApp.length;
    System.arraycopy(msgId, 0, buf, p, msgId.length);
    p += msgId.length;
    System.arraycopy(BOM, 0, buf, p, BOM.length);
    p += BOM.length;
    System.arraycopy(data, off, buf, p, len);
    return p + len;
  }

  /** The buffer {@link #format} wrote into. */
  public byte[] buffer() {
    return buf;
  }

  /** The message of one event as a new array (for tests and dead letters). */
  public byte[] message(byte[] eventLine) {
    int n = format(eventLine, 0, eventLine.length);
    return Arrays.copyOf(buf, n);
  }

  private record Fields(String timestamp, String msgId, int severity) {}

  private static Fields fields(byte[] data, int off, int len) {
    String time = null;
    String type = null;
    String object = null;
    String action = null;
    String result = null;
    try (JsonParser p = JSON.createParser(data, off, len)) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken v = p.nextToken();
          if (v == JsonToken.VALUE_STRING) {
            switch (name) {
              case "_time" -> time = p.getText();
              case "source_log_type" -> type = p.getText();
              case "object" -> object = p.getText();
              case "action" -> action = p.getText();
              case "result" -> result = p.getText();
              default -> {}
            }
          } else {
            p.skipChildren();
          }
        }
        if (t != JsonToken.END_OBJECT) {
          time = null;
        }
      }
    } catch (IOException e) {
      // not JSON after all: the header falls back to nil values, the event is sent as it is
    }
    return new Fields(
        timestamp(time), type == null ? "-" : field(type, 32), severity(object, action, result));
  }

  /**
   * The severity of an event by its kind: warning (4) for Monitor alerts ({@code object} {@code
   * Alert}) and for failures ({@code result} {@code Failed}, or an {@code action} naming a failure
   * such as a failed sign-in); informational (6) for everything else, audit users included.
   */
  static int severity(String object, String action, String result) {
    if ("Alert".equalsIgnoreCase(object)) {
      return WARNING;
    }
    if (result != null && result.toLowerCase(Locale.ROOT).startsWith("fail")) {
      return WARNING;
    }
    if (action != null && action.toLowerCase(Locale.ROOT).contains("fail")) {
      return WARNING;
    }
    return INFORMATIONAL;
  }

  /**
   * {@code _time} when it is an RFC 3339 time as RFC 5424 allows it (at most 6 fraction digits).
   */
  static String timestamp(String time) {
    if (time == null || !RFC3339.matcher(time).matches()) {
      return "-";
    }
    return time;
  }

  /** A header field: printable US-ASCII only (others become {@code _}), at most {@code max}. */
  static String field(String value, int max) {
    if (value == null || value.isEmpty()) {
      return "-";
    }
    StringBuilder b = new StringBuilder(Math.min(value.length(), max));
    for (int i = 0; i < value.length() && b.length() < max; i++) {
      char c = value.charAt(i);
      b.append(c >= 33 && c <= 126 ? c : '_');
    }
    return b.toString();
  }
}
