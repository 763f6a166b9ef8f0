package io.github.docusigncollector.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.http.ApiObserver;
import io.github.docusigncollector.monitor.EventTime;
import io.github.docusigncollector.pipeline.CycleResult;
import io.github.docusigncollector.pipeline.Progress;
import io.github.docusigncollector.sink.SinkStats;
import io.github.docusigncollector.state.StateStore;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code run} reports about itself: Prometheus metrics named as Prometheus' naming guide says,
 * and per stream and sink the state the status page and {@code /readyz} show. Fed by the core's
 * hooks ({@link ApiObserver}, {@link SinkStats}, {@link Progress}) and by the daemon loop after
 * each cycle; thread-safe.
 */
public final class Telemetry implements ApiObserver, SinkStats, Progress {
  /** The {@code account} label of a single-account configuration. */
  public static final String ACCOUNT = "default";

  /** Where the remote sinks put what they could not deliver (one JSON object a line). */
  public static final String DEAD_LETTER_FILE = "dead-letter.jsonl";

  private final CollectorConfig config;
  private final StateStore state;
  private final Clock clock;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Map<EventType, Stream> streams = new LinkedHashMap<>();
  private final Map<String, SinkState> sinks = new ConcurrentHashMap<>();
  private final DeadLetters deadLetters;

  private final Counter delivered;
  private final Counter apiCalls;
  private final Counter throttleWaits;
  private final Counter throttleWaitSeconds;
  private final Counter retries;
  private final Counter sinkBatches;
  private final Counter sinkBytes;
  private final Counter sinkFailures;
  private final Counter cycles;
  private final Histogram cycleDuration;

  public Telemetry(CollectorConfig config, StateStore state, Clock clock) {
    this.config = config;
    this.state = state;
    this.clock = clock;
    this.deadLetters = new DeadLetters(config.stateDir().resolve(DEAD_LETTER_FILE));
    for (EventType t : config.eventTypes()) {
      streams.put(t, new Stream());
    }
    sinks.put(config.output().type(), new SinkState());
    delivered =
        Counter.builder()
            .name("docusign_events_delivered_total")
            .help("Events the sink durably accepted, by event type.")
            .labelNames("account", "type")
            .register(registry);
    apiCalls =
        Counter.builder()
            .name("docusign_api_calls_total")
            .help("HTTP calls to DocuSign by endpoint and status (status 0: no answer).")
            .labelNames("account", "endpoint", "status")
            .register(registry);
    throttleWaits =
        Counter.builder()
            .name("docusign_throttle_waits_total")
            .help("Waits for DocuSign's rate limits or api_burst_per_30s.")
            .labelNames("account")
            .register(registry);
    throttleWaitSeconds =
        Counter.builder()
            .name("docusign_throttle_wait_seconds_total")
            .help("Time spent waiting for DocuSign's rate limits or api_burst_per_30s.")
            .unit(Unit.SECONDS)
            .labelNames("account")
            .register(registry);
    retries =
        Counter.builder()
            .name("docusign_api_retries_total")
            .help("Failed DocuSign calls tried again (5xx, connection errors, malformed answers).")
            .labelNames("account")
            .register(registry);
    cycles =
        Counter.builder()
            .name("docusign_cycles_total")
            .help("Collection cycles by result (ok, failed).")
            .labelNames("account", "result")
            .register(registry);
    cycleDuration =
        Histogram.builder()
            .name("docusign_cycle_duration_seconds")
            .help("Duration of a collection cycle.")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600)
            .labelNames("account")
            .register(registry);
    sinkBatches =
        Counter.builder()
            .name("docusign_sink_batches_total")
            .help("Batches the sink durably accepted.")
            .labelNames("account", "sink")
            .register(registry);
    sinkBytes =
        Counter.builder()
            .name("docusign_sink_bytes_total")
            .help("Bytes of events the sink durably accepted.")
            .unit(Unit.BYTES)
            .labelNames("account", "sink")
            .register(registry);
    sinkFailures =
        Counter.builder()
            .name("docusign_sink_failures_total")
            .help("Batches (or recoveries) the sink refused or failed.")
            .labelNames("account", "sink")
            .register(registry);
    CounterWithCallback.builder()
        .name("docusign_sink_dead_letters_total")
        .help("Events written to the dead-letter file of the state directory.")
        .labelNames("account", "sink")
        .callback(cb -> cb.call((double) deadLetters.count(), ACCOUNT, config.output().type()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("docusign_last_success_timestamp_seconds")
        .help("When a cycle last ended without error for the stream (Unix time).")
        .unit(Unit.SECONDS)
        .labelNames("account", "type")
        .callback(
            cb ->
                forEachStream(
                    (t, s) -> {
                      if (s.lastSuccess != null) {
                        cb.call(seconds(s.lastSuccess), ACCOUNT, t.key());
                      }
                    }))
        .register(registry);
    GaugeWithCallback.builder()
        .name("docusign_event_age_seconds")
        .help("Now minus the time of the newest delivered event of the stream (the lag).")
        .unit(Unit.SECONDS)
        .labelNames("account", "type")
        .callback(
            cb ->
                forEachStream(
                    (t, s) -> {
                      if (s.newestEvent != null) {
                        cb.call(ageSeconds(s.newestEvent), ACCOUNT, t.key());
                      }
                    }))
        .register(registry);
    GaugeWithCallback.builder()
        .name("docusign_api_budget_remaining")
        .help("API calls left in this clock hour of api_budget_per_hour (shared by the state dir).")
        .labelNames("account")
        .callback(
            cb -> {
              int used = apiCallsThisHour();
              if (used >= 0) {
                cb.call(Math.max(0, config.apiBudgetPerHour() - used), ACCOUNT);
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("docusign_api_budget_per_hour")
        .help("The configured api_budget_per_hour.")
        .labelNames("account")
        .callback(cb -> cb.call(config.apiBudgetPerHour(), ACCOUNT))
        .register(registry);
    JvmMetrics.builder().register(registry);
    // Series that exist from the start show 0 rather than nothing until the first event.
    for (EventType t : config.eventTypes()) {
      delivered.labelValues(ACCOUNT, t.key());
    }
    throttleWaits.labelValues(ACCOUNT);
    throttleWaitSeconds.labelValues(ACCOUNT);
    retries.labelValues(ACCOUNT);
    cycles.labelValues(ACCOUNT, "ok");
    cycles.labelValues(ACCOUNT, "failed");
    sinkBatches.labelValues(ACCOUNT, config.output().type());
    sinkBytes.labelValues(ACCOUNT, config.output().type());
    sinkFailures.labelValues(ACCOUNT, config.output().type());
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public CollectorConfig config() {
    return config;
  }

  // ---------------------------------------------------------------- fed by run

  /** Takes each stream's last success, newest event and last error from the stored checkpoints. */
  public synchronized void seed(ObjectNode checkpoints) {
    JsonNode all = checkpoints == null ? null : checkpoints.get("streams");
    if (all == null) {
      return;
    }
    streams.forEach(
        (t, s) -> {
          JsonNode n = all.path(t.key());
          s.lastSuccess = instant(n.path("last_success").asText(null));
          long newest = EventTime.parseEpochSecond(n.path("newest_event_time").asText(""));
          s.newestEvent = newest == EventTime.INVALID ? null : Instant.ofEpochSecond(newest);
        });
  }

  /** A cycle begins: the per-cycle counts of {@link #delivered} start again. */
  public synchronized void cycleStarted() {
    streams.values().forEach(s -> s.inCycle = 0);
  }

  /** A cycle ended with {@code r} after {@code took}. */
  public synchronized void cycleEnded(CycleResult r, Duration took) {
    Instant now = clock.instant();
    cycleDuration.labelValues(ACCOUNT).observe(took.toNanos() / 1e9);
    cycles.labelValues(ACCOUNT, r.errors().isEmpty() ? "ok" : "failed").inc();
    streams.forEach(
        (t, s) -> {
          s.lastCycle = now;
          CollectorException e = r.errors().get(t);
          if (e == null) {
            s.lastSuccess = now;
            s.lastError = null;
            s.lastErrorCode = 0;
            s.caughtUp = r.caughtUp();
          } else {
            s.lastError = Secrets.redact(e.getMessage());
            s.lastErrorCode = e.exitCode();
            s.lastErrorAt = now;
          }
        });
  }

  @Override
  public synchronized void delivered(EventType type, long deliveredInCycle, Instant newest) {
    Stream s = streams.get(type);
    if (s == null) {
      return;
    }
    long added = deliveredInCycle - s.inCycle;
    s.inCycle = deliveredInCycle;
    if (added > 0) {
      delivered.labelValues(ACCOUNT, type.key()).inc(added);
      LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
      if (!today.equals(s.day)) {
        s.day = today;
        s.today = 0;
      }
      s.today += added;
    }
    if (newest != null && (s.newestEvent == null || newest.isAfter(s.newestEvent))) {
      s.newestEvent = newest;
    }
  }

  // ---------------------------------------------------------------- core hooks

  @Override
  public void apiCall(String endpoint, int status) {
    apiCalls.labelValues(ACCOUNT, endpoint, Integer.toString(status)).inc();
  }

  @Override
  public void throttleWait(Duration wait) {
    throttleWaits.labelValues(ACCOUNT).inc();
    throttleWaitSeconds.labelValues(ACCOUNT).inc(wait.toNanos() / 1e9);
  }

  @Override
  public void retry() {
    retries.labelValues(ACCOUNT).inc();
  }

  @Override
  public void accepted(String sink, int events, long bytes) {
    sinkBatches.labelValues(ACCOUNT, sink).inc();
    sinkBytes.labelValues(ACCOUNT, sink).inc(bytes);
    SinkState s = sinks.computeIfAbsent(sink, k -> new SinkState());
    synchronized (s) {
      s.lastAccepted = clock.instant();
      s.failing = false;
    }
  }

  @Override
  public void failed(String sink, String message) {
    sinkFailures.labelValues(ACCOUNT, sink).inc();
    SinkState s = sinks.computeIfAbsent(sink, k -> new SinkState());
    synchronized (s) {
      s.lastFailure = Secrets.redact(message);
      s.lastFailureAt = clock.instant();
      s.failing = true;
    }
  }

  // ---------------------------------------------------------------- read by the listener

  /** One stream as the status page and {@code /readyz} see it. */
  public record StreamView(
      EventType type,
      Instant lastCycle,
      Instant lastSuccess,
      Instant newestEvent,
      String lastError,
      int lastErrorCode,
      Instant lastErrorAt,
      boolean caughtUp,
      long today) {}

  /** One sink as the status page sees it. */
  public record SinkView(
      String name,
      Instant lastAccepted,
      String lastFailure,
      Instant lastFailureAt,
      boolean failing,
      long deadLetters) {}

  public synchronized List<StreamView> streams() {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    List<StreamView> out = new ArrayList<>();
    streams.forEach(
        (t, s) ->
            out.add(
                new StreamView(
                    t,
                    s.lastCycle,
                    s.lastSuccess,
                    s.newestEvent,
                    s.lastError,
                    s.lastErrorCode,
                    s.lastErrorAt,
                    s.caughtUp,
                    today.equals(s.day) ? s.today : 0)));
    return out;
  }

  public List<SinkView> sinks() {
    List<SinkView> out = new ArrayList<>();
    long dead = deadLetters.count();
    sinks.forEach(
        (name, s) -> {
          synchronized (s) {
            out.add(
                new SinkView(
                    name, s.lastAccepted, s.lastFailure, s.lastFailureAt, s.failing, dead));
          }
        });
    return out;
  }

  /** Calls counted in this clock hour through the state directory; -1 when it cannot be read. */
  public int apiCallsThisHour() {
    try {
      return state.readShared().callsInHour(clock.instant());
    } catch (RuntimeException e) {
      return -1;
    }
  }

  public Instant now() {
    return clock.instant();
  }

  // ---------------------------------------------------------------- internals

  private synchronized void forEachStream(java.util.function.BiConsumer<EventType, Stream> f) {
    streams.forEach(f);
  }

  private double ageSeconds(Instant t) {
    return Math.max(0, Duration.between(t, clock.instant()).toMillis() / 1000.0);
  }

  private static double seconds(Instant t) {
    return t.toEpochMilli() / 1000.0;
  }

  private static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private static final class Stream {
    Instant lastCycle;
    Instant lastSuccess;
    Instant newestEvent;
    String lastError;
    int lastErrorCode;
    Instant lastErrorAt;
    boolean caughtUp = true;
    long inCycle;
    LocalDate day;
    long today;
  }

  private static final class SinkState {
    Instant lastAccepted;
    String lastFailure;
    Instant lastFailureAt;
    boolean failing;
  }

  /** Counts the lines of the dead-letter file, again only when its size or time changed. */
  private static final class DeadLetters {
    private final Path file;
    private long size = -1;
    private long modified = -1;
    private long lines;

    DeadLetters(Path file) {
      this.file = file;
    }

    synchronized long count() {
      try {
        if (!Files.isRegularFile(file)) {
          return 0;
        }
        long s = Files.size(file);
        long m = Files.getLastModifiedTime(file).toMillis();
        if (s != size || m != modified) {
          lines = countLines(file);
          size = s;
          modified = m;
        }
        return lines;
      } catch (IOException e) {
        return lines;
      }
    }

    private static long countLines(Path f) throws IOException {
      long n = 0;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
        byte[] buf = new byte[1 << 16];
        int r;
        while ((r = in.read(buf)) > 0) {
          for (int i = 0; i < r; i++) {
            if (buf[i] == '\n') {
              n++;
            }
          }
        }
      }
      return n;
    }
  }
}
