package io.github.docusigncollector.simulator.receivers;

import java.util.Arrays;

/**
 * Splits a body of concatenated top-level JSON values ({@code {..}{..}}, whitespace allowed, or one
 * per line) into their byte ranges, minding strings and escapes; no parsing beyond that.
 */
final class JsonObjects {
  private JsonObjects() {}

  /** Start/end pairs ({@code [s0, e0, s1, e1, ...]}); null when the body is not such a sequence. */
  static int[] split(byte[] b, int from, int to) {
    return split(b, from, to, false);
  }

  /** As {@link #split(byte[], int, int)}; with {@code commas}, commas may separate the values. */
  static int[] split(byte[] b, int from, int to, boolean commas) {
    int[] out = new int[64];
    int size = 0;
    int depth = 0;
    boolean inString = false;
    int start = -1;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      switch (c) {
        case '"' -> {
          if (depth == 0) {
            return null;
          }
          inString = true;
        }
        case '{', '[' -> {
          if (depth == 0) {
            start = i;
          }
          depth++;
        }
        case '}', ']' -> {
          depth--;
          if (depth < 0) {
            return null;
          }
          if (depth == 0) {
            if (size + 2 > out.length) {
              out = Arrays.copyOf(out, out.length * 2);
            }
            out[size++] = start;
            out[size++] = i + 1;
          }
        }
        case ' ', '\n', '\r', '\t' -> {}
        default -> {
          if (depth == 0 && !(commas && c == ',')) {
            return null;
          }
        }
      }
    }
    if (depth != 0 || inString) {
      return null;
    }
    return Arrays.copyOf(out, size);
  }
}
