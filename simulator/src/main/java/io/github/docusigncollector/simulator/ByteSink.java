package io.github.docusigncollector.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with the few JSON writing helpers the hot Monitor path needs. */
final class ByteSink {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private byte[] buf;
  private int len;

  ByteSink(int capacity) {
    buf = new byte[capacity];
  }

  void reset() {
    len = 0;
  }

  int length() {
    return len;
  }

  byte[] array() {
    return buf;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }

  ByteSink raw(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
    return this;
  }

  ByteSink ch(char c) {
    ensure(1);
    buf[len++] = (byte) c;
    return this;
  }

  /** Appends ASCII text as is (callers guarantee ASCII with nothing to escape). */
  ByteSink ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) s.charAt(i);
    }
    return this;
  }

  /** Appends a JSON string literal, escaping as needed. */
  ByteSink str(String s) {
    ch('"');
    int n = s.length();
    boolean plain = true;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c > 0x7e) {
        plain = false;
        break;
      }
    }
    if (plain) {
      ascii(s);
    } else {
      StringBuilder sb = new StringBuilder(n + 8);
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c == '"' || c == '\\') {
          sb.append('\\').append(c);
        } else if (c < 0x20) {
          sb.append(String.format("\\u%04x", (int) c));
        } else {
          sb.append(c);
        }
      }
      raw(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
    return ch('"');
  }

  ByteSink num(long v) {
    if (v == 0) {
      return ch('0');
    }
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        return ascii(Long.toString(v));
      }
      ch('-');
      v = -v;
    }
    ensure(20);
    int start = len;
    while (v > 0) {
      buf[len++] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    for (int i = start, j = len - 1; i < j; i++, j--) {
      byte t = buf[i];
      buf[i] = buf[j];
      buf[j] = t;
    }
    return this;
  }

  /** Appends {@code v} zero-padded to {@code width} digits. */
  ByteSink padded(long v, int width) {
    ensure(width);
    for (int i = width - 1; i >= 0; i--) {
      buf[len + i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    len += width;
    return this;
  }

  /** Appends a fixed-point decimal: {@code micro} millionths, with 4 decimals. */
  ByteSink coord(long micro) {
    if (micro < 0) {
      ch('-');
      micro = -micro;
    }
    num(micro / 1_000_000);
    ch('.');
    return padded((micro % 1_000_000) / 100, 4);
  }

  /** Appends a GUID (8-4-4-4-12 lower-case hex) made of two longs, unquoted. */
  ByteSink guid(long hi, long lo) {
    ensure(36);
    hex(hi >>> 32, 8);
    ch('-');
    hex((hi >>> 16) & 0xffff, 4);
    ch('-');
    hex(hi & 0xffff, 4);
    ch('-');
    hex(lo >>> 48, 4);
    ch('-');
    hex(lo & 0xffff_ffff_ffffL, 12);
    return this;
  }

  private void hex(long v, int digits) {
    ensure(digits);
    for (int i = digits - 1; i >= 0; i--) {
      buf[len + i] = HEX[(int) (v & 0xf)];
      v >>>= 4;
    }
    len += digits;
  }

  /** Removes the last byte (a trailing comma). */
  void dropLast() {
    if (len > 0) {
      len--;
    }
  }

  @Override
  public String toString() {
    return new String(buf, 0, len, StandardCharsets.UTF_8);
  }
}
