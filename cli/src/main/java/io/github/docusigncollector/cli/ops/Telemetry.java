package io.github.docusigncollector.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.config.Account;
import io.github.docusigncollector.config.Accounts;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.http.ApiObserver;
import io.github.docusigncollector.monitor.EventTime;
import io.github.docusigncollector.pipeline.CycleResult;
import io.github.docusigncollector.pipeline.Progress;
import io.github.docusigncollector.sink.SinkStats;
import io.github.docusigncollector.state.SharedStateStore;
import io.github.docusigncollector.state.StateStore;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code run} reports about itself: Prometheus metrics named as Prometheus' naming guide says,
 * and per account, stream and sink the state the status page and {@code /readyz} show. Each account
 * is fed through its own {@link AccountTelemetry} (the core's hooks {@link ApiObserver}, {@link
 * SinkStats}, {@link Progress}, and the daemon loop after each cycle), which labels what it hears
 * with the account's name; without {@code accounts:} the one account is {@code default} and this
 * object itself is its feed. Thread-safe.
 */
public final class Telemetry implements ApiObserver, SinkStats, Progress {
  /** The {@code account} label of a single-account configuration. */
  public static final String ACCOUNT = "default";

  /** Where the remote sinks put what they could not deliver (one JSON object a line). */
  public static final String DEAD_LETTER_FILE = "dead-letter.jsonl";

  /** An account to report on: its name, its configuration and where its call count lives. */
  public record Watched(String name, CollectorConfig config, SharedStateStore state) {}

  private final CollectorConfig config;
  private final boolean named;
  private final Clock clock;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Map<String, AccountTelemetry> accounts = new LinkedHashMap<>();
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

  /** For a configuration without {@code accounts:}: one account, {@code default}. */
  public Telemetry(CollectorConfig config, StateStore state, Clock clock) {
    this(config, List.of(new Watched(ACCOUNT, config, state)), false, clock);
  }

  /**
   * For a configuration with {@code accounts:} (SPEC §9): every account under its name, the shared
   * sink and its dead letters once.
   */
  public static Telemetry of(Accounts all, Clock clock) {
    List<Watched> watched = new ArrayList<>();
    for (Account a : all.list()) {
      watched.add(new Watched(a.name(), a.config(), new StateStore(a.stateDir())));
    }
    return new Telemetry(all.shared(), watched, all.named(), clock);
  }

  private Telemetry(CollectorConfig config, List<Watched> watched, boolean named, Clock clock) {
    this.config = config;
    this.named = named;
    this.clock = clock;
    List<String> names = new ArrayList<>();
    watched.forEach(w -> names.add(w.name()));
    this.deadLetters =
        new DeadLetters(config.stateDir().resolve(DEAD_LETTER_FILE), named ? names : List.of());
    String sink = config.output().type();
    sinks.put(sink, new SinkState());
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
    for (Watched w : watched) {
      accounts.put(w.name(), new AccountTelemetry(w));
    }
    CounterWithCallback.builder()
        .name("docusign_sink_dead_letters_total")
        .help("Events written to the dead-letter file of the state directory.")
        .labelNames("account", "sink")
        .callback(
            cb -> {
              Map<String, Long> counts = deadLetters.counts();
              for (String name : accounts.keySet()) {
                cb.call((double) counts.getOrDefault(name, 0L), name, sink);
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("docusign_last_success_timestamp_seconds")
        .help("When a cycle last ended without error for the stream (Unix time).")
        .unit(Unit.SECONDS)
        .labelNames("account", "type")
        .callback(
            cb ->
                forEachStream(
                    (a, t, s) -> {
                      if (s.lastSuccess != null) {
                        cb.call(seconds(s.lastSuccess), a, t.key());
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
                    (a, t, s) -> {
                      if (s.newestEvent != null) {
                        cb.call(ageSeconds(s.newestEvent), a, t.key());
                      }
                    }))
        .register(registry);
    GaugeWithCallback.builder()
        .name("docusign_api_budget_remaining")
        .help("API calls left in this clock hour of api_budget_per_hour (shared by the state dir).")
        .labelNames("account")
        .callback(
            cb ->
                accounts.forEach(
                    (name, a) -> {
                      int used = a.apiCallsThisHour();
                      if (used >= 0) {
                        cb.call(Math.max(0, a.config.apiBudgetPerHour() - used), name);
                      }
                    }))
        .register(registry);
    GaugeWithCallback.builder()
        .name("docusign_api_budget_per_hour")
        .help("The configured api_budget_per_hour.")
        .labelNames("account")
        .callback(cb -> accounts.forEach((name, a) -> cb.call(a.config.apiBudgetPerHour(), name)))
        .register(registry);
    JvmMetrics.builder().register(registry);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /** The configuration (of the first account: what the accounts share is the same in each). */
  public CollectorConfig config() {
    return config;
  }

  /** Whether the accounts have names of their own ({@code accounts:}), shown on every page. */
  public boolean named() {
    return named;
  }

  /** The feed of the account {@code name}. */
  public AccountTelemetry account(String name) {
    AccountTelemetry a = accounts.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no account " + name);
    }
    return a;
  }

  /** Every account's feed, in the order of the configuration. */
  public List<AccountTelemetry> accounts() {
    return List.copyOf(accounts.values());
  }

  private AccountTelemetry only() {
    return accounts.values().iterator().next();
  }

  // ---------------------------------------------------------------- fed by run (one account)

  /** Takes each stream's last success, newest event and last error from the stored checkpoints. */
  public void seed(ObjectNode checkpoints) {
    only().seed(checkpoints);
  }

  /** A cycle begins: the per-cycle counts of {@link #delivered} start again. */
  public void cycleStarted() {
    only().cycleStarted();
  }

  /** A cycle ended with {@code r} after {@code took}. */
  public void cycleEnded(CycleResult r, Duration took) {
    only().cycleEnded(r, took);
  }

  @Override
  public void delivered(EventType type, long deliveredInCycle, Instant newest) {
    only().delivered(type, deliveredInCycle, newest);
  }

  @Override
  public void apiCall(String endpoint, int status) {
    only().apiCall(endpoint, status);
  }

  @Override
  public void throttleWait(Duration wait) {
    only().throttleWait(wait);
  }

  @Override
  public void retry() {
    only().retry();
  }

  @Override
  public void accepted(String sink, int events, long bytes) {
    only().accepted(sink, events, bytes);
  }

  @Override
  public void failed(String sink, String message) {
    only().failed(sink, message);
  }

  /**
   * One account's feed: hears its client, its deliveries into the sink and its cycles, and labels
   * them with its name.
   */
  public final class AccountTelemetry implements ApiObserver, SinkStats, Progress {
    private final String name;
    private final CollectorConfig config;
    private final SharedStateStore state;
    private final Map<EventType, Stream> streams = new LinkedHashMap<>();

    private AccountTelemetry(Watched w) {
      this.name = w.name();
      this.config = w.config();
      this.state = w.state();
      for (EventType t : config.eventTypes()) {
        streams.put(t, new Stream());
      }
      // Series that exist from the start show 0 rather than nothing until the first event.
      for (EventType t : config.eventTypes()) {
        delivered.labelValues(name, t.key());
      }
      throttleWaits.labelValues(name);
      throttleWaitSeconds.labelValues(name);
      retries.labelValues(name);
      cycles.labelValues(name, "ok");
      cycles.labelValues(name, "failed");
      String sink = config.output().type();
      sinkBatches.labelValues(name, sink);
      sinkBytes.labelValues(name, sink);
      sinkFailures.labelValues(name, sink);
    }

    public String name() {
      return name;
    }

    /** This account's configuration: its budget, its user and keys for the fixes. */
    public CollectorConfig config() {
      return config;
    }

    /** Takes each stream's last success and newest event from the stored checkpoints. */
    public void seed(ObjectNode checkpoints) {
      JsonNode all = checkpoints == null ? null : checkpoints.get("streams");
      if (all == null) {
        return;
      }
      synchronized (Telemetry.this) {
        streams.forEach(
            (t, s) -> {
              JsonNode n = all.path(t.key());
              s.lastSuccess = instant(n.path("last_success").asText(null));
              long newest = EventTime.parseEpochSecond(n.path("newest_event_time").asText(""));
              s.newestEvent = newest == EventTime.INVALID ? null : Instant.ofEpochSecond(newest);
            });
      }
    }

    /** A cycle begins: the per-cycle counts of {@link #delivered} start again. */
    public void cycleStarted() {
      synchronized (Telemetry.this) {
        streams.values().forEach(s -> s.inCycle = 0);
      }
    }

    /** A cycle ended with {@code r} after {@code took}. */
    public void cycleEnded(CycleResult r, Duration took) {
      Instant now = clock.instant();
      cycleDuration.labelValues(name).observe(took.toNanos() / 1e9);
      cycles.labelValues(name, r.errors().isEmpty() ? "ok" : "failed").inc();
      synchronized (Telemetry.this) {
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
    }

    @Override
    public void delivered(EventType type, long deliveredInCycle, Instant newest) {
      synchronized (Telemetry.this) {
        Stream s = streams.get(type);
        if (s == null) {
          return;
        }
        long added = deliveredInCycle - s.inCycle;
        s.inCycle = deliveredInCycle;
        if (added > 0) {
          delivered.labelValues(name, type.key()).inc(added);
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
    }

    @Override
    public void apiCall(String endpoint, int status) {
      apiCalls.labelValues(name, endpoint, Integer.toString(status)).inc();
    }

    @Override
    public void throttleWait(Duration wait) {
      throttleWaits.labelValues(name).inc();
      throttleWaitSeconds.labelValues(name).inc(wait.toNanos() / 1e9);
    }

    @Override
    public void retry() {
      retries.labelValues(name).inc();
    }

    @Override
    public void accepted(String sink, int events, long bytes) {
      sinkBatches.labelValues(name, sink).inc();
      sinkBytes.labelValues(name, sink).inc(bytes);
      SinkState s = sinks.computeIfAbsent(sink, k -> new SinkState());
      synchronized (s) {
        s.lastAccepted = clock.instant();
        s.failing = false;
      }
    }

    @Override
    public void failed(String sink, String message) {
      sinkFailures.labelValues(name, sink).inc();
      SinkState s = sinks.computeIfAbsent(sink, k -> new SinkState());
      synchronized (s) {
        s.lastFailure = Secrets.redact(message);
        s.lastFailureAt = clock.instant();
        s.failing = true;
      }
    }

    /** This account's streams as the status page and {@code /readyz} see them. */
    public List<StreamView> streams() {
      LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
      List<StreamView> out = new ArrayList<>();
      synchronized (Telemetry.this) {
        streams.forEach(
            (t, s) ->
                out.add(
                    new StreamView(
                        name,
                        t,
                        s.lastCycle,
                        s.lastSuccess,
                        s.newestEvent,
                        s.lastError,
                        s.lastErrorCode,
                        s.lastErrorAt,
                        s.caughtUp,
                        today.equals(s.day) ? s.today : 0)));
      }
      return out;
    }

    /** Calls counted in this clock hour for this account; -1 when they cannot be read. */
    public int apiCallsThisHour() {
      try {
        return state.readShared().callsInHour(clock.instant());
      } catch (RuntimeException e) {
        return -1;
      }
    }
  }

  // ---------------------------------------------------------------- read by the listener

  /** One stream of one account as the status page and {@code /readyz} see it. */
  public record StreamView(
      String account,
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

  /** Every account's streams, account by account. */
  public List<StreamView> streams() {
    List<StreamView> out = new ArrayList<>();
    accounts.values().forEach(a -> out.addAll(a.streams()));
    return out;
  }

  public List<SinkView> sinks() {
    List<SinkView> out = new ArrayList<>();
    long dead = deadLetters.total();
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

  /** Calls counted in this clock hour for the (first) account; -1 when they cannot be read. */
  public int apiCallsThisHour() {
    return only().apiCallsThisHour();
  }

  public Instant now() {
    return clock.instant();
  }

  /** A stream's state and its account. */
  private interface StreamVisitor {
    void visit(String account, EventType type, Stream s);
  }

  private synchronized void forEachStream(StreamVisitor f) {
    accounts.forEach((name, a) -> a.streams.forEach((t, s) -> f.visit(name, t, s)));
  }

  // ---------------------------------------------------------------- internals

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

  /**
   * Counts the lines of the dead-letter file, again only when its size or time changed; with named
   * accounts also per account, by the {@code docusign_account} every event of theirs carries.
   */
  private static final class DeadLetters {
    private static final byte[] TAG = "\"docusign_account\":\"".getBytes(StandardCharsets.UTF_8);

    private final Path file;
    private final List<String> names;
    private long size = -1;
    private long modified = -1;
    private long lines;
    private Map<String, Long> perAccount = Map.of();

    DeadLetters(Path file, List<String> names) {
      this.file = file;
      this.names = List.copyOf(names);
    }

    synchronized long total() {
      refresh();
      return lines;
    }

    /** Lines per account name; without names, every line under {@link #ACCOUNT}. */
    synchronized Map<String, Long> counts() {
      refresh();
      return names.isEmpty() ? Map.of(ACCOUNT, lines) : perAccount;
    }

    private void refresh() {
      try {
        if (!Files.isRegularFile(file)) {
          lines = 0;
          perAccount = Map.of();
          return;
        }
        long s = Files.size(file);
        long m = Files.getLastModifiedTime(file).toMillis();
        if (s != size || m != modified) {
          count();
          size = s;
          modified = m;
        }
      } catch (IOException e) {
        // keep the last counts
      }
    }

    private void count() throws IOException {
      long n = 0;
      Map<String, Long> by = new HashMap<>();
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        String tag = new String(TAG, StandardCharsets.UTF_8);
        while ((line = in.readLine()) != null) {
          n++;
          if (names.isEmpty()) {
            continue;
          }
          int at = line.indexOf(tag);
          if (at >= 0) {
            int from = at + tag.length();
            int to = line.indexOf('"', from);
            if (to > from) {
              by.merge(line.substring(from, to), 1L, Long::sum);
            }
          }
        }
      }
      lines = n;
      perAccount = by;
    }
  }
}
