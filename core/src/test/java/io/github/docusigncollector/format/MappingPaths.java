package io.github.docusigncollector.format;

import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.sink.Batch;
import io.github.docusigncollector.sink.LineBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;

/**
 * The two paths of {@link EventRewriter} side by side, for the differential tests: the byte path
 * (what the collector runs) and the Jackson path (the reference, which the byte path falls back
 * to).
 */
public final class MappingPaths {
  /** The mapped batch by the byte path and by the Jackson path, and what the byte path declined. */
  public record Outputs(String bytePath, String jacksonPath, long declined, long events) {}

  private MappingPaths() {}

  public static Outputs map(
      OutputFormat format, String account, Clock clock, EventType type, byte[] lines) {
    EventRewriter fast = new EventRewriter(format, account, clock, true);
    EventRewriter reference = new EventRewriter(format, account, clock, false);
    Batch in = new Batch(lines, lines.length, count(lines));
    Batch a = fast.rewrite(type, in, new LineBuffer(lines.length * 3 + 64));
    String first = text(a);
    Batch b = reference.rewrite(type, in, new LineBuffer(lines.length * 3 + 64));
    return new Outputs(first, text(b), fast.declined(), a.events());
  }

  public static Outputs map(OutputFormat format, String account, Clock clock, String lines) {
    return map(
        format, account, clock, EventType.CUSTOMER_EVENTS, lines.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(Batch b) {
    return new String(Arrays.copyOf(b.data(), b.length()), StandardCharsets.UTF_8);
  }

  /** The lines that are not empty (what a batch counts as its events). */
  private static int count(byte[] lines) {
    int n = 0;
    int start = 0;
    for (int i = 0; i <= lines.length; i++) {
      if (i == lines.length || lines[i] == '\n') {
        n += i > start ? 1 : 0;
        start = i + 1;
      }
    }
    return n;
  }
}
