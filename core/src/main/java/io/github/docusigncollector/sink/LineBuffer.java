package io.github.docusigncollector.sink;

import java.io.ByteArrayOutputStream;

/**
 * A growable byte buffer that can be cut back to an earlier length (to drop an event already
 * written into it) and handed to a sink as a {@link Batch} without copying.
 */
public final class LineBuffer extends ByteArrayOutputStream {
  public LineBuffer(int initialCapacity) {
    super(initialCapacity);
  }

  /** Drops everything written after {@code length}. */
  public synchronized void truncate(int length) {
    if (length < 0 || length > count) {
      throw new IllegalArgumentException("length " + length + " outside 0.." + count);
    }
    count = length;
  }

  /** The bytes written so far as a batch of {@code events} lines (shares the array). */
  public synchronized Batch toBatch(int events) {
    return new Batch(buf, count, events);
  }
}
