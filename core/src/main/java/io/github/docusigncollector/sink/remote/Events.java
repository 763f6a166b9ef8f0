package io.github.docusigncollector.sink.remote;

import io.github.docusigncollector.sink.Batch;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The events of one {@link Batch}, indexed: event {@code i} is {@code data[start(i)..end(i))}, its
 * JSON without the newline. The array is the batch's own (not copied).
 */
public final class Events {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;

  private final byte[] data;
  private final int[] starts;
  private final int[] ends;
  private final int size;

  private Events(byte[] data, int[] starts, int[] ends, int size) {
    this.data = data;
    this.starts = starts;
    this.ends = ends;
    this.size = size;
  }

  /** Indexes the lines of {@code batch} (empty lines skipped). */
  public static Events of(Batch batch) {
    byte[] d = batch.data();
    int cap = Math.max(batch.events(), 1);
    int[] s = new int[cap];
    int[] e = new int[cap];
    int n = 0;
    int start = 0;
    int len = batch.length();
    while (start <= len) {
      int nl = indexOfNewline(d, start, len);
      int end = nl < 0 ? len : nl;
      int trimmed = end > start && d[end - 1] == '\r' ? end - 1 : end;
      if (trimmed > start) {
        if (n == s.length) {
          s = java.util.Arrays.copyOf(s, n * 2);
          e = java.util.Arrays.copyOf(e, n * 2);
        }
        s[n] = start;
        e[n] = trimmed;
        n++;
      }
      start = end + 1;
    }
    return new Events(d, s, e, n);
  }

  /**
   * The first {@code '\n'} in {@code d[from..to)}, or -1; eight bytes at a time (an event is a
   * kilobyte or more, and every batch is scanned once).
   */
  static int indexOfNewline(byte[] d, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long x = (long) LONGS.get(d, i) ^ NEWLINES;
      long t = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
      if (t != 0) {
        return i + (Long.numberOfTrailingZeros(t) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (d[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  public int size() {
    return size;
  }

  public byte[] data() {
    return data;
  }

  public int start(int i) {
    return starts[i];
  }

  public int end(int i) {
    return ends[i];
  }

  public int length(int i) {
    return ends[i] - starts[i];
  }

  /** Event {@code i} as a string (for messages and tests; not on the hot path). */
  public String text(int i) {
    return new String(data, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
  }
}
