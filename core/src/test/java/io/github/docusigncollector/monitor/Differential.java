package io.github.docusigncollector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import io.github.docusigncollector.sink.LineBuffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Runs the scanner-based {@link MonitorPageNormalizer} and the {@link JacksonReferenceNormalizer}
 * on the same answer and checks they agree.
 *
 * <p>The oracle: the new normalizer throws an {@link IOException} exactly when the reference throws
 * or the answer is not one complete JSON value in UTF-8 followed by whitespace only (the two
 * documented, stricter, differences: checked by Jackson reading the whole answer); otherwise both
 * give the same lines, ids, counts, cursor and newest time, asking the {@code alreadyDelivered}
 * predicate the same questions in the same order.
 */
final class Differential {
  static final long NOW = EventTime.parseEpochSecond("2026-05-01T10:00:00Z");
  private static final JsonFactory WHOLE = new JsonFactory();

  /** What one normalizer made of one answer. */
  record Outcome(
      Exception error,
      String lines,
      int events,
      List<String> ids,
      int received,
      long newest,
      String endCursor,
      List<String> asked) {
    static Outcome of(Exception e, List<String> asked) {
      return new Outcome(e, null, 0, null, 0, 0, null, asked);
    }
  }

  /** Which way it went, for statistics. */
  enum Verdict {
    BOTH_ACCEPT,
    BOTH_REJECT,
    STRICTER
  }

  private Differential() {}

  static Verdict check(MonitorPages.Page page) {
    return check(page.body(), page.delivered());
  }

  static Verdict check(byte[] body, Set<String> delivered) {
    Outcome ref =
        run(body, delivered, (b, p) -> new JacksonReferenceNormalizer().normalize(b, p, NOW));
    Outcome ours = run(body, delivered, (b, p) -> new MonitorPageNormalizer().normalize(b, p, NOW));
    boolean whole = isOneJsonValue(body);
    if (ref.error() != null && !(ref.error() instanceof IOException)) {
      // the reference trips over a non-UTF-8 answer with an index error
      assertThat(whole).as("reference failed with %s", ref.error()).isFalse();
    }
    if (ref.error() != null || !whole) {
      assertThat(ours.error())
          .as("reference: %s; one JSON value: %s", ref.error(), whole)
          .isInstanceOf(IOException.class);
      return ref.error() != null ? Verdict.BOTH_REJECT : Verdict.STRICTER;
    }
    if (ours.error() != null) {
      throw new AssertionError("the scanner rejects what the reference accepts", ours.error());
    }
    assertThat(ours.lines()).isEqualTo(ref.lines());
    assertThat(ours).isEqualTo(ref);
    return Verdict.BOTH_ACCEPT;
  }

  /** Also checks that the answer inside a longer, dirty array gives the same outcome. */
  static void checkInside(byte[] body, Set<String> delivered, byte fill) throws IOException {
    Outcome alone =
        run(body, delivered, (b, p) -> new MonitorPageNormalizer().normalize(b, p, NOW));
    byte[] big = new byte[body.length + 40];
    Arrays.fill(big, fill);
    System.arraycopy(body, 0, big, 17, body.length);
    Outcome inside =
        run(
            big,
            delivered,
            (b, p) ->
                new MonitorPageNormalizer()
                    .normalizeRange(b, 17, 17 + body.length, new LineBuffer(16), p, NOW));
    if (alone.error() != null) {
      assertThat(inside.error()).isInstanceOf(IOException.class);
    } else {
      assertThat(inside).isEqualTo(alone);
    }
  }

  /** Whether Jackson reads the whole answer as one JSON value in UTF-8 and nothing after it. */
  static boolean isOneJsonValue(byte[] body) {
    try (JsonParser p = WHOLE.createParser(body)) {
      if (!(p instanceof UTF8StreamJsonParser) || p.nextToken() == null) {
        return false;
      }
      p.skipChildren();
      return p.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }

  interface Normalize {
    MonitorPage apply(byte[] body, java.util.function.Predicate<String> delivered)
        throws IOException;
  }

  static Outcome run(byte[] body, Set<String> delivered, Normalize n) {
    List<String> asked = new ArrayList<>();
    try {
      MonitorPage page =
          n.apply(
              body,
              id -> {
                asked.add(id);
                return delivered.contains(id);
              });
      String lines =
          new String(
              page.batch().data(),
              0,
              page.batch().length(),
              java.nio.charset.StandardCharsets.ISO_8859_1);
      return new Outcome(
          null,
          lines,
          page.delivered(),
          page.eventIds(),
          page.received(),
          page.newestEventEpoch(),
          page.endCursor(),
          asked);
    } catch (Exception e) {
      return Outcome.of(e, asked);
    }
  }

  /** The tokens Jackson reads, for test messages. */
  static String tokens(byte[] body) {
    StringBuilder s = new StringBuilder();
    try (JsonParser p = WHOLE.createParser(body)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        s.append(t).append(' ');
      }
    } catch (IOException e) {
      s.append("! ").append(e.getMessage());
    }
    return s.toString();
  }
}
