package io.github.docusigncollector.sink;

import java.util.List;

/**
 * What a sink already holds beyond the last checkpoint after a crash: the raw lines, which the
 * pipeline recognises (by {@code eventId}, or user id and content) so that they are not written a
 * second time.
 */
public record Recovered(List<byte[]> lines, long truncatedBytes) {
  public static final Recovered NONE = new Recovered(List.of(), 0);

  public Recovered {
    lines = List.copyOf(lines);
  }
}
