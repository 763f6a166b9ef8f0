package io.github.docusigncollector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.pipeline.CycleResult;
import io.github.docusigncollector.pipeline.StreamHealth;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The lines {@code run} logs so that an operator can follow it: what it collects, one line per
 * cycle (its time, counts, duration and each stream's lag), and when it tries again after a
 * failure.
 */
final class RunLines {
  private RunLines() {}

  /** What the daemon collects, from where, into what, how often. */
  static String start(CollectorConfig config) {
    List<String> types = new ArrayList<>();
    for (EventType t : config.eventTypes()) {
      types.add(t.key());
    }
    String sink =
        config.output() == null
            ? "-"
            : config.output().path() == null
                ? config.output().type()
                : config.output().type() + " " + config.output().path();
    return "run: collecting "
        + String.join(", ", types)
        + " for account "
        + (config.accountId() == null ? "(the user's default)" : config.accountId())
        + " from "
        + config.serverUrl()
        + " into "
        + sink
        + ", every "
        + seconds(config.interval())
        + "; SIGTERM or Ctrl-C stops it";
  }

  /**
   * One cycle: when it started, what it delivered per type, how long it took, and per stream the
   * lag (now minus the newest delivered event's time), from the checkpoints it left.
   */
  static String cycle(
      CollectorConfig config, CycleResult r, Instant started, Duration took, ObjectNode cps) {
    StringJoiner counts = new StringJoiner(", ");
    r.delivered().forEach((t, n) -> counts.add(t.key() + " " + n));
    StringJoiner lags = new StringJoiner(", ");
    ObjectNode shown = StreamHealth.forDisplay(cps, started.plus(took));
    for (EventType t : config.eventTypes()) {
      JsonNode age = shown.path("streams").path(t.key()).path("event_age_s");
      lags.add(t.key() + " " + (age.isNumber() ? age.asLong() + " s" : "-"));
    }
    return "cycle at "
        + started.truncatedTo(ChronoUnit.SECONDS)
        + ": delivered "
        + counts
        + " in "
        + String.format(Locale.ROOT, "%.1f s", took.toMillis() / 1000.0)
        + "; lag "
        + lags
        + (r.throttled() ? "; ended early (throttled), goes on next cycle" : "")
        + (r.errors().isEmpty() ? "" : "; failed: " + String.join(", ", failedTypes(r)));
  }

  /** When the next attempt comes after a failed cycle. */
  static String nextAttempt(Instant now, Duration pause, int failures) {
    return "next attempt at "
        + now.plus(pause).truncatedTo(ChronoUnit.SECONDS)
        + " (in "
        + seconds(pause)
        + ", failure "
        + failures
        + " in a row)";
  }

  private static List<String> failedTypes(CycleResult r) {
    List<String> out = new ArrayList<>();
    r.errors().keySet().forEach(t -> out.add(t.key()));
    return out;
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + " s";
  }
}
