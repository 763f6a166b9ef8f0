package io.github.docusigncollector.simulator.syslog;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A strict reader of one RFC 5424 message (without its transport framing), for tests that check
 * what a syslog sink sent: every header field present, each within its length and alphabet, the
 * structured data a NILVALUE or well-formed, and the message after its UTF-8 byte-order mark.
 */
public record Rfc5424(
    int facility,
    int severity,
    String timestamp,
    String hostname,
    String appName,
    String procId,
    String msgId,
    String structuredData,
    boolean bom,
    String msg) {

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /** Parses {@code message}; throws {@link IllegalArgumentException} naming what is wrong. */
  public static Rfc5424 parse(byte[] message) {
    Cursor c = new Cursor(message);
    c.expect('<');
    int pri = c.number(3);
    c.expect('>');
    if (pri > 191) {
      throw new IllegalArgumentException("PRI " + pri + " is above 191");
    }
    if (c.number(2) != 1) {
      throw new IllegalArgumentException("VERSION is not 1");
    }
    c.expect(' ');
    String timestamp = c.token(64, "TIMESTAMP");
    if (!timestamp.equals("-")
        && !timestamp.matches(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?(Z|[+-]\\d{2}:\\d{2})")) {
      throw new IllegalArgumentException("TIMESTAMP \"" + timestamp + "\" is not RFC 3339");
    }
    c.expect(' ');
    String hostname = c.token(255, "HOSTNAME");
    c.expect(' ');
    String appName = c.token(48, "APP-NAME");
    c.expect(' ');
    String procId = c.token(128, "PROCID");
    c.expect(' ');
    String msgId = c.token(32, "MSGID");
    c.expect(' ');
    String sd = c.structuredData();
    if (c.atEnd()) {
      return new Rfc5424(
          pri / 8, pri % 8, timestamp, hostname, appName, procId, msgId, sd, false, "");
    }
    c.expect(' ');
    byte[] rest = Arrays.copyOfRange(message, c.pos, message.length);
    boolean bom = rest.length >= 3 && Arrays.equals(Arrays.copyOfRange(rest, 0, 3), BOM);
    String msg =
        bom
            ? new String(rest, 3, rest.length - 3, StandardCharsets.UTF_8)
            : new String(rest, StandardCharsets.UTF_8);
    return new Rfc5424(pri / 8, pri % 8, timestamp, hostname, appName, procId, msgId, sd, bom, msg);
  }

  private static final class Cursor {
    private final byte[] b;
    private int pos;

    Cursor(byte[] b) {
      this.b = b;
    }

    boolean atEnd() {
      return pos == b.length;
    }

    void expect(char ch) {
      if (pos >= b.length || b[pos] != ch) {
        throw new IllegalArgumentException("expected '" + ch + "' at byte " + pos);
      }
      pos++;
    }

    int number(int maxDigits) {
      int start = pos;
      int v = 0;
      while (pos < b.length && b[pos] >= '0' && b[pos] <= '9' && pos - start < maxDigits) {
        v = v * 10 + (b[pos] - '0');
        pos++;
      }
      if (pos == start) {
        throw new IllegalArgumentException("expected a number at byte " + start);
      }
      return v;
    }

    /** A run of PRINTUSASCII (33..126) of at most {@code max} characters. */
    String token(int max, String field) {
      int start = pos;
      while (pos < b.length && b[pos] >= 33 && b[pos] <= 126) {
        pos++;
      }
      if (pos == start) {
        throw new IllegalArgumentException(field + " is empty at byte " + start);
      }
      if (pos - start > max) {
        throw new IllegalArgumentException(field + " is longer than " + max);
      }
      return new String(b, start, pos - start, StandardCharsets.US_ASCII);
    }

    String structuredData() {
      if (pos < b.length && b[pos] == '-') {
        pos++;
        return "-";
      }
      int start = pos;
      while (pos < b.length && b[pos] == '[') {
        pos++;
        boolean inValue = false;
        while (true) {
          if (pos >= b.length) {
            throw new IllegalArgumentException("unterminated STRUCTURED-DATA");
          }
          byte ch = b[pos++];
          if (inValue && ch == '\\') {
            pos++;
          } else if (ch == '"') {
            inValue = !inValue;
          } else if (!inValue && ch == ']') {
            break;
          }
        }
      }
      if (pos == start) {
        throw new IllegalArgumentException("STRUCTURED-DATA missing at byte " + start);
      }
      return new String(b, start, pos - start, StandardCharsets.UTF_8);
    }
  }
}
