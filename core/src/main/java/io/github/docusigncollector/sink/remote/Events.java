package io.github.docusigncollector.sink.remote;

import io.github.docusigncollector.sink.Batch;
import java.nio.charset.StandardCharsets;

/**
 * The events of one {@link Batch}, indexed: event {@code i} is {@code data[start(i)..end(i))}, its
 * JSON without the newline. The array is the batch's own (not copied).
 */
public final class Events {
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
    for (int i = 0; i <= len; i++) {
      if (i == len || d[i] == '\n') {
        int end = i;
        if (end > start && d[end - 1] == '\r') {
          end--;
        }
        if (end > start) {
          if (n == s.length) {
            s = java.util.Arrays.copyOf(s, n * 2);
            e = java.util.Arrays.copyOf(e, n * 2);
          }
          s[n] = start;
          e[n] = end;
          n++;
        }
        start = i + 1;
      }
    }
    return new Events(d, s, e, n);
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
