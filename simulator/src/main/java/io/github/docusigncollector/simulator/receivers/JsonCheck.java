package io.github.docusigncollector.simulator.receivers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks JSON text against the grammar without building anything (RFC 8259: objects, arrays,
 * strings with their escapes, numbers, literals), so that a receiver can tell a well-formed
 * document from a malformed one at the speed of reading it. Strings are skipped eight bytes at a
 * time.
 */
final class JsonCheck {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final int MAX_DEPTH = 512;

  private JsonCheck() {}

  /** The end of the JSON value at {@code from} ({@code b[from]} not a space), or -1. */
  static int value(byte[] b, int from, int to) {
    return value(b, from, to, 0);
  }

  /** The first position at or after {@code from} that is not JSON whitespace. */
  static int space(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      byte c = b[i];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return i;
      }
      i++;
    }
    return i;
  }

  private static int value(byte[] b, int p, int to, int depth) {
    if (p >= to || depth > MAX_DEPTH) {
      return -1;
    }
    switch (b[p]) {
      case '"' -> {
        return string(b, p, to);
      }
      case '{' -> {
        p = space(b, p + 1, to);
        if (p < to && b[p] == '}') {
          return p + 1;
        }
        while (true) {
          if (p >= to || b[p] != '"') {
            return -1;
          }
          p = string(b, p, to);
          if (p < 0) {
            return -1;
          }
          p = space(b, p, to);
          if (p >= to || b[p] != ':') {
            return -1;
          }
          p = value(b, space(b, p + 1, to), to, depth + 1);
          if (p < 0) {
            return -1;
          }
          p = space(b, p, to);
          if (p >= to) {
            return -1;
          }
          byte c = b[p++];
          if (c == '}') {
            return p;
          }
          if (c != ',') {
            return -1;
          }
          p = space(b, p, to);
        }
      }
      case '[' -> {
        p = space(b, p + 1, to);
        if (p < to && b[p] == ']') {
          return p + 1;
        }
        while (true) {
          p = value(b, p, to, depth + 1);
          if (p < 0) {
            return -1;
          }
          p = space(b, p, to);
          if (p >= to) {
            return -1;
          }
          byte c = b[p++];
          if (c == ']') {
            return p;
          }
          if (c != ',') {
            return -1;
          }
          p = space(b, p, to);
        }
      }
      case 't' -> {
        return literal(b, p, to, "true");
      }
      case 'f' -> {
        return literal(b, p, to, "false");
      }
      case 'n' -> {
        return literal(b, p, to, "null");
      }
      default -> {
        return number(b, p, to);
      }
    }
  }

  private static int literal(byte[] b, int p, int to, String word) {
    if (to - p < word.length()) {
      return -1;
    }
    for (int i = 0; i < word.length(); i++) {
      if (b[p + i] != word.charAt(i)) {
        return -1;
      }
    }
    return p + word.length();
  }

  private static int number(byte[] b, int p, int to) {
    int i = p;
    if (i < to && b[i] == '-') {
      i++;
    }
    if (i >= to || b[i] < '0' || b[i] > '9') {
      return -1;
    }
    if (b[i] == '0') {
      i++;
    } else {
      i = digits(b, i, to);
    }
    if (i < to && b[i] == '.') {
      int d = digits(b, i + 1, to);
      if (d == i + 1) {
        return -1;
      }
      i = d;
    }
    if (i < to && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < to && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int d = digits(b, i, to);
      if (d == i) {
        return -1;
      }
      i = d;
    }
    return i;
  }

  private static int digits(byte[] b, int i, int to) {
    while (i < to && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    return i;
  }

  /** The end of the string at {@code p} (its quote), or -1. */
  static int string(byte[] b, int p, int to) {
    int i = plainRun(b, p + 1, to);
    while (i < to) {
      byte c = b[i];
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\') {
        if (i + 1 >= to) {
          return -1;
        }
        byte e = b[i + 1];
        if (e == 'u') {
          if (i + 6 > to) {
            return -1;
          }
          for (int k = i + 2; k < i + 6; k++) {
            if (Character.digit(b[k], 16) < 0) {
              return -1;
            }
          }
          i = plainRun(b, i + 6, to);
          continue;
        }
        if ("\"\\/bfnrt".indexOf(e) < 0) {
          return -1;
        }
        i = plainRun(b, i + 2, to);
        continue;
      }
      if (c >= 0 && c < 0x20) {
        return -1;
      }
      i = plainRun(b, i + 1, to);
    }
    return -1;
  }

  /**
   * Skips string bytes that need no look, eight at a time: the first byte that needs one, or, in
   * the last seven bytes, where the bytes to look at one by one start.
   */
  private static int plainRun(byte[] b, int from, int to) {
    int i = from;
    while (i + 8 <= to) {
      long x = (long) LONGS.get(b, i);
      long q = x ^ 0x2222222222222222L;
      long s = x ^ 0x5c5c5c5c5c5c5c5cL;
      long special = ((q - ONES) & ~q) | ((s - ONES) & ~s) | ((x - 0x2020202020202020L) & ~x);
      if ((special & HIGHS) != 0) {
        // The lowest flagged byte is exact (a borrow only runs upwards from a flagged byte): the
        // first byte to look at.
        return i + (Long.numberOfTrailingZeros(special & HIGHS) >>> 3);
      }
      i += 8;
    }
    return i;
  }
}
