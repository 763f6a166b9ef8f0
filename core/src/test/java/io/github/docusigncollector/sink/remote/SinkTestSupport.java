package io.github.docusigncollector.sink.remote;

import io.github.docusigncollector.http.Sleeper;
import io.github.docusigncollector.simulator.SimClock;
import io.github.docusigncollector.sink.Batch;
import io.github.docusigncollector.sink.SinkContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Events, batches, a clock that sleeping advances, for the sink tests. */
public final class SinkTestSupport {
  public final SimClock clock = SimClock.fixed(Instant.parse("2026-01-01T00:00:00Z"));
  public final List<Duration> sleeps = new ArrayList<>();

  /** Called on every sleep, after the clock moved (a test brings a receiver back here). */
  public Runnable onSleep = () -> {};

  public final Sleeper sleeper =
      d -> {
        sleeps.add(d);
        clock.advance(d);
        onSleep.run();
      };

  public SinkContext context(Path stateDir) {
    return new SinkContext(
        stateDir,
        Map.of(),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        clock,
        sleeper,
        new Random(7),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10));
  }

  /** Event {@code i}: a customer event or, for odd i, an audit user, with some padding. */
  public static String event(int i) {
    if (i % 2 == 0) {
      return "{\"eventId\":\"ev-"
          + i
          + "\",\"timestamp\":\"2026-01-01T00:00:0"
          + (i % 10)
          + ".1234567Z\",\"action\":\"Login\",\"_time\":\"2026-01-01T00:00:0"
          + (i % 10)
          + ".123Z\",\"source_log_type\":\"customer_events\",\"pad\":\""
          + "x".repeat(100 + i % 50)
          + "\"}";
    }
    return "{\"id\":\"user-"
        + i
        + "\",\"userName\":\"User "
        + i
        + "\",\"_time\":\"2026-01-01T00:00:01Z\",\"source_log_type\":\"audit_users\"}";
  }

  public static List<String> events(int from, int n) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      out.add(event(i));
    }
    return out;
  }

  public static Batch batch(List<String> events) {
    StringBuilder b = new StringBuilder();
    for (String e : events) {
      b.append(e).append('\n');
    }
    byte[] d = b.toString().getBytes(StandardCharsets.UTF_8);
    return new Batch(d, d.length, events.size());
  }
}
