package io.github.docusigncollector.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small JSON writer into a reusable byte array, for the mapped attributes of one event: field
 * names are pre-encoded ({@link #name}), string values are copied as they are from the event's
 * bytes (text without escapes, see {@link EventSlices}) or from pre-encoded constants. It writes
 * what Jackson's generator writes for the same calls (no spaces, commas between members), so the
 * two paths of {@link EventRewriter} give the same bytes.
 */
final class JsonBytes {
  byte[] buf = new byte[4096];
  int len;
  private boolean comma;

  void reset() {
    len = 0;
    comma = false;
  }

  /** A field name as written before its value: {@code "name":}. */
  static byte[] name(String name) {
    return ("\"" + name + "\":").getBytes(StandardCharsets.UTF_8);
  }

  /** A constant string value with its quotes (the text needs no escape). */
  static byte[] quoted(String value) {
    if (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("a constant that needs escaping: " + value);
    }
    return ("\"" + value + "\"").getBytes(StandardCharsets.UTF_8);
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }

  void raw(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
  }

  void raw(byte[] b, int from, int to) {
    int n = to - from;
    ensure(n);
    System.arraycopy(b, from, buf, len, n);
    len += n;
  }

  void raw(byte b) {
    ensure(1);
    buf[len++] = b;
  }

  /** Opens an object: the mapped event itself, or an array element (after a comma if due). */
  void startObject() {
    if (comma) {
      raw((byte) ',');
    }
    raw((byte) '{');
    comma = false;
  }

  void endObject() {
    raw((byte) '}');
    comma = true;
  }

  void endArray() {
    raw((byte) ']');
    comma = true;
  }

  /** The member's name (pre-encoded by {@link #name}), after a comma when one is due. */
  void field(byte[] name) {
    if (comma) {
      raw((byte) ',');
    }
    raw(name);
    comma = false;
  }

  void objectField(byte[] name) {
    field(name);
    raw((byte) '{');
  }

  void arrayField(byte[] name) {
    field(name);
    raw((byte) '[');
    comma = false;
  }

  /** An array element or a member's value: a constant with its quotes ({@link #quoted}). */
  void value(byte[] quoted) {
    if (comma) {
      raw((byte) ',');
    }
    raw(quoted);
    comma = true;
  }

  /** An array element or a member's value: an event field's text, quoted. */
  void value(EventSlices e, int slot) {
    if (comma) {
      raw((byte) ',');
    }
    int s = e.start[slot];
    int n = e.end[slot] - s;
    ensure(n + 2);
    buf[len++] = '"';
    System.arraycopy(e.data, s, buf, len, n);
    len += n;
    buf[len++] = '"';
    comma = true;
  }

  /** Whole members written beforehand ({@code "a":1,"b":"x"}), after a comma when one is due. */
  void members(byte[] b) {
    if (comma) {
      raw((byte) ',');
    }
    raw(b);
    comma = true;
  }

  void stringField(byte[] name, byte[] quoted) {
    field(name);
    raw(quoted);
    comma = true;
  }

  void stringField(byte[] name, EventSlices e, int slot) {
    field(name);
    value(e, slot);
  }

  void numberField(byte[] name, long n) {
    field(name);
    if (n >= 0 && n < 10) {
      raw((byte) ('0' + n));
    } else if (n >= 0) {
      ensure(20);
      int digits = 0;
      for (long v = n; v > 0; v /= 10) {
        digits++;
      }
      int i = len + digits;
      for (long v = n; v > 0; v /= 10) {
        buf[--i] = (byte) ('0' + v % 10);
      }
      len += digits;
    } else {
      ascii(Long.toString(n));
    }
    comma = true;
  }

  void numberField(byte[] name, byte[] digits) {
    field(name);
    raw(digits);
    comma = true;
  }

  void numberField(byte[] name, String digits) {
    field(name);
    ascii(digits);
    comma = true;
  }

  void booleanField(byte[] name, boolean b) {
    field(name);
    raw(b ? TRUE : FALSE);
    comma = true;
  }

  /** Opens a string value whose text the caller writes with {@link #raw} (no escape needed). */
  void openString(byte[] name) {
    field(name);
    raw((byte) '"');
  }

  void closeString() {
    raw((byte) '"');
    comma = true;
  }

  private void ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) s.charAt(i);
    }
  }

  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
}
