package io.github.docusigncollector.sink;

/**
 * A batch of events as JSON Lines: {@code length} bytes of {@code data}, each event one line ending
 * in {@code \n}. The sink must not keep the array after {@link Sink#deliver} returns.
 */
@SuppressWarnings("ArrayRecordComponent") // shared on purpose: no copy on the hot path
public record Batch(byte[] data, int length, int events) {
  public static final Batch EMPTY = new Batch(new byte[0], 0, 0);

  public boolean isEmpty() {
    return events == 0;
  }
}
