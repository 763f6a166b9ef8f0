package io.github.docusigncollector.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.auth.PemKeys;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.config.ConfigLoader;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.http.ClientOptions;
import io.github.docusigncollector.http.DocuSignClient;
import io.github.docusigncollector.http.Sleeper;
import io.github.docusigncollector.pipeline.Collector;
import io.github.docusigncollector.pipeline.CycleResult;
import io.github.docusigncollector.pipeline.Progress;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.SimClock;
import io.github.docusigncollector.sink.Batch;
import io.github.docusigncollector.sink.FileSink;
import io.github.docusigncollector.sink.Recovered;
import io.github.docusigncollector.sink.Sink;
import io.github.docusigncollector.state.StateStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The benchmark scenarios of the performance issue, each run by the collector and by the {@link
 * Baseline} against an embedded simulator.
 */
public final class Scenarios {
  /** Scenario names, in the order {@code bench} runs them. */
  public static final List<String> NAMES =
      List.of(
          "backlog",
          "steady",
          "users-bulk",
          "users-incremental",
          "startup",
          "hotpath",
          "sinks",
          "accounts");

  static final int PAGE = 2000;
  static final Duration STEADY_INTERVAL = Duration.ofSeconds(60);
  static final int STEADY_PER_MINUTE = 2000;
  static final int ACCOUNT_USERS = 5000;

  /** Most pages the simulator serves before a backlog is timed (see {@link #warmUp}). */
  static final int WARM_UP_PAGES = 500;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final BenchOptions opts;
  private final KeyPair keyPair;

  /** Heap retained at exit by the collector's backlog runs, by scenario name. */
  private final Map<String, Double> retainedMb = new HashMap<>();

  public Scenarios(BenchOptions opts) {
    this.opts = opts;
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      this.keyPair = g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs one scenario (or {@code all}) and returns its rows. */
  public List<BenchResult> run(String name) {
    List<BenchResult> out = new ArrayList<>();
    for (String n : NAMES) {
      // accounts (100 simulators, two runs) runs only when asked for by name.
      if (name.equals("all")
          ? (!n.equals("hotpath") || opts.jar() != null) && !n.equals("accounts")
          : n.equals(name)) {
        out.addAll(runOne(n));
      }
    }
    if (out.isEmpty() && !name.equals("all")) {
      throw new IllegalArgumentException(
          "unknown scenario '" + name + "': use one of " + String.join(", ", NAMES) + " or all");
    }
    return out;
  }

  private List<BenchResult> runOne(String name) {
    log("running " + name + " ...");
    String before = loadAverage();
    List<BenchResult> rows = runScenario(name);
    String note =
        "machine load average (1 min) " + before + " at start, " + loadAverage() + " at end";
    List<BenchResult> out = new ArrayList<>();
    for (BenchResult r : rows) {
      out.add(r.withNotes(List.of(note)));
    }
    return out;
  }

  /** The 1-minute load average of this machine (other work on it slows every figure). */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private List<BenchResult> runScenario(String name) {
    return switch (name) {
      case "backlog" -> backlogBoth();
      case "steady" -> List.of(steady());
      case "users-bulk" -> List.of(users("users-bulk", 1250));
      case "users-incremental" -> List.of(users("users-incremental", 10));
      case "startup" -> opts.jar() == null ? List.of() : List.of(startup());
      case "hotpath" -> HotPath.run(opts.log());
      case "accounts" -> List.of(new AccountsScenario(opts, keyPair).run());
      case "sinks" -> new SinksScenario(opts, keyPair).run();
      default -> throw new IllegalArgumentException(name);
    };
  }

  // ---------------------------------------------------------------- backlog

  private List<BenchResult> backlogBoth() {
    BenchResult big = backlog("backlog", opts.backlogEvents());
    if (opts.backlogSmallEvents() <= 0) {
      return List.of(big);
    }
    BenchResult small = backlog("backlog-small", opts.backlogSmallEvents());
    if (big.peakHeapMb() != null && small.peakHeapMb() != null) {
      big =
          big.withNotes(
              List.of(
                  String.format(
                      Locale.ROOT,
                      "peak heap %,d events %.1f MB vs %,d events %.1f MB; retained at exit"
                          + " (after a full collection) %.1f MB vs %.1f MB",
                      big.events(),
                      big.peakHeapMb(),
                      small.events(),
                      small.peakHeapMb(),
                      retainedMb.getOrDefault("backlog", Double.NaN),
                      retainedMb.getOrDefault("backlog-small", Double.NaN))));
    }
    return List.of(big, small);
  }

  /** A Monitor backlog of {@code n} events collected by one {@code fetch}, limits off. */
  BenchResult backlog(String name, long n) {
    Path dir = dir(name);
    try (DocuSignSimulator sim =
        DocuSignSimulator.builder()
            .events(n)
            .hourlyLimit(0)
            .burstLimit(0)
            .consent(true)
            .keyPair(keyPair)
            .start()) {
      Path key = key(sim, dir);
      Path yaml =
          config(
              sim,
              key,
              dir,
              "[customer_events]",
              "api_budget_per_hour: 100000\napi_burst_per_30s: 100000\n"
                  + "max_customer_events_per_fetch: "
                  + PAGE
                  + "\n");
      warmUp(sim, key, n);
      sim.clearRequests();
      BenchResult ours;
      if (opts.jar() != null) {
        ChildRun r =
            ChildRun.run(
                collector("--config", yaml.toString(), "fetch"),
                dir,
                Map.of("DOCUSIGN_LOG_LEVEL", "warn", HeapStats.ENV, HeapStats.RETAINED_MODE));
        check(r, "fetch");
        retainedMb.put(name, BenchResult.mb(Math.max(0, r.retainedBytes())));
        long events = summaryCount(r.stdout(), EventType.CUSTOMER_EVENTS.key());
        ours =
            new BenchResult(
                name,
                events,
                r.wallS(),
                BenchResult.perSecond(events, r.wallS()),
                (long) sim.requests().size(),
                BenchResult.mb(r.peakHeapBytes()),
                BenchResult.mb(r.peakRssBytes()),
                null,
                null,
                List.of(
                    childNote(),
                    String.format(
                        Locale.ROOT,
                        "heap retained at exit (after a full collection) %.1f MB; most in use"
                            + " after a collection during the run %.1f MB (%s); peak heap counts"
                            + " garbage not yet collected",
                        BenchResult.mb(Math.max(0, r.retainedBytes())),
                        BenchResult.mb(Math.max(0, r.peakLiveBytes())),
                        r.peakLiveBytes() > 0
                            ? "garbage of the old generation included"
                            : "none ran"),
                    cpuNote(events, r)));
      } else {
        long t0 = System.nanoTime();
        long events;
        try (Rig rig = Rig.open(yaml, dir, Clock.systemUTC(), Sleeper.SYSTEM)) {
          events = rig.collector.cycle(() -> false).delivered().get(EventType.CUSTOMER_EVENTS);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        ours =
            new BenchResult(
                name,
                events,
                wall,
                BenchResult.perSecond(events, wall),
                (long) sim.requests().size(),
                null,
                null,
                null,
                null,
                List.of("in-process"));
      }
      deleteOutputs(dir);
      sim.clearRequests();
      BenchResult base = baselineBacklog(name, sim, key, dir);
      deleteOutputs(dir);
      return ours.withBaseline(base);
    } finally {
      deleteTree(dir);
    }
  }

  /**
   * Serves the first pages of the backlog once before anything is timed: the simulator stands in
   * for DocuSign's servers, which are warm, and shares this machine's two cores with whoever runs
   * against it, so its own JIT compilation must not count against the collector or the baseline.
   */
  private void warmUp(DocuSignSimulator sim, Path key, long events) {
    Baseline b = new Baseline(account(sim, key), Clock.systemUTC());
    String cursor = Baseline.cursorAt(Instant.now().minusSeconds(3600));
    long pages = Math.min(WARM_UP_PAGES, events / PAGE + 1);
    for (long i = 0; i < pages; i++) {
      byte[] body =
          b.get(
              sim.baseUrl()
                  + "/api/v2.0/datasets/monitor/stream?cursor="
                  + URLEncoder.encode(cursor, StandardCharsets.UTF_8)
                  + "&limit="
                  + PAGE);
      String end = leadingEndCursor(body);
      if (end == null || end.equals(cursor)) {
        break;
      }
      cursor = end;
    }
  }

  /** The simulator writes {@code endCursor} first: read it without parsing the events. */
  private static String leadingEndCursor(byte[] body) {
    try (JsonParser p = JSON.getFactory().createParser(body)) {
      if (p.nextToken() == JsonToken.START_OBJECT
          && p.nextToken() == JsonToken.FIELD_NAME
          && "endCursor".equals(p.currentName())
          && p.nextToken() == JsonToken.VALUE_STRING) {
        return p.getText();
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private BenchResult baselineBacklog(String name, DocuSignSimulator sim, Path key, Path dir) {
    Path out = dir.resolve("baseline.jsonl");
    long events;
    long pages;
    double wall;
    Double heap = null;
    Double rss = null;
    String cpu = "in-process";
    if (opts.jar() != null) {
      List<String> cmd = ChildRun.java(opts.jvmOptions());
      cmd.addAll(List.of("-cp", opts.jar().toString(), BaselineMain.class.getName(), "backlog"));
      cmd.addAll(baselineArgs(sim, key, out));
      ChildRun r = ChildRun.run(cmd, dir, Map.of());
      check(r, "baseline");
      JsonNode s = lastJson(r.stdout());
      events = s.path("events").asLong();
      pages = s.path("pages").asLong();
      wall = r.wallS();
      heap = BenchResult.mb(r.peakHeapBytes());
      rss = BenchResult.mb(r.peakRssBytes());
      cpu = cpuNote(events, r);
    } else {
      Baseline b = new Baseline(account(sim, key), Clock.systemUTC());
      long t0 = System.nanoTime();
      events = 0;
      pages = 0;
      try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
        String cursor = Baseline.cursorAt(Instant.now().minusSeconds(3600));
        while (true) {
          Baseline.Page p = b.monitorPage(cursor, PAGE, o);
          pages++;
          events += p.events();
          if (p.endCursor() == null || p.endCursor().equals(cursor)) {
            break;
          }
          cursor = p.endCursor();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      wall = (System.nanoTime() - t0) / 1e9;
    }
    double realWorld = events / (pages * 60.0);
    return new BenchResult(
        name,
        events,
        wall,
        BenchResult.perSecond(events, wall),
        (long) sim.requests().size(),
        heap,
        rss,
        null,
        null,
        List.of(
            String.format(
                Locale.ROOT,
                "baseline real world: %d cycles (one page a minute) = %.0f min, %.1f events/s",
                pages,
                pages * 1.0,
                realWorld),
            cpu));
  }

  private static String cpuNote(long events, ChildRun r) {
    return String.format(
        Locale.ROOT,
        "child CPU time %.2f s = %,.0f events per CPU-second",
        r.cpuS(),
        r.cpuS() > 0 ? events / r.cpuS() : 0.0);
  }

  private List<String> baselineArgs(DocuSignSimulator sim, Path key, Path out) {
    return List.of(
        sim.baseUrl(),
        key.toString(),
        sim.integrationKey(),
        sim.userId(),
        sim.accountId(),
        sim.organizationId(),
        out.toString(),
        Integer.toString(PAGE));
  }

  // ---------------------------------------------------------------- steady

  /**
   * 2,000 new events a minute on a simulated clock; the collector runs a cycle every {@code
   * interval} of simulated time, and each cycle's real duration is added to the simulated clock.
   * Lag = ingestion time of the newest event ingested minus that of the newest event delivered,
   * taken at the end of each cycle before its delivery counts (the worst moment).
   */
  BenchResult steady() {
    Path dir = dir("steady");
    SimClock clock = SimClock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    try (DocuSignSimulator sim =
        DocuSignSimulator.builder().clock(clock).consent(true).keyPair(keyPair).start()) {
      Path key = key(sim, dir);
      Path yaml = config(sim, key, dir, "[customer_events]", "interval: 60s\n");
      Ingestion ing = new Ingestion(sim);
      double ourLag;
      long ourEvents;
      double ourWall;
      long t0 = System.nanoTime();
      try (Rig rig = Rig.open(yaml, dir, clock, d -> clock.advance(d))) {
        SteadyRun r =
            steadyLoop(
                clock,
                ing,
                () -> {
                  CycleResult c = rig.collector.cycle(() -> false);
                  if (!c.errors().isEmpty()) {
                    throw c.errors().values().iterator().next();
                  }
                  return rig.sink.lastId;
                });
        ourLag = r.maxLag;
        ourEvents = rig.sink.events;
      }
      ourWall = (System.nanoTime() - t0) / 1e9;
      long ourCalls = sim.requests().size();

      // The baseline on a fresh simulator with the same clock schedule.
      sim.clearRequests();
      return new BenchResult(
              "steady",
              ourEvents,
              ourWall,
              null,
              ourCalls,
              null,
              null,
              ourLag,
              null,
              List.of(
                  String.format(
                      Locale.ROOT,
                      "%d simulated minutes, %d events/min, interval %ds; target lag <= %ds",
                      opts.steadyMinutes(),
                      STEADY_PER_MINUTE,
                      STEADY_INTERVAL.toSeconds(),
                      STEADY_INTERVAL.toSeconds() + 5)))
          .withBaseline(steadyBaseline(key));
    } finally {
      deleteTree(dir);
    }
  }

  private BenchResult steadyBaseline(Path keyOfOthers) {
    Path dir = dir("steady-baseline");
    SimClock clock = SimClock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    try (DocuSignSimulator sim =
        DocuSignSimulator.builder().clock(clock).consent(true).keyPair(keyPair).start()) {
      Path key = key(sim, dir);
      Ingestion ing = new Ingestion(sim);
      Baseline b = new Baseline(account(sim, key), clock);
      String[] cursor = {Baseline.cursorAt(clock.instant().minusSeconds(3600))};
      long[] events = {0};
      String[] last = {null};
      long t0 = System.nanoTime();
      SteadyRun r;
      try (OutputStream o =
          new BufferedOutputStream(Files.newOutputStream(dir.resolve("baseline.jsonl")))) {
        r =
            steadyLoop(
                clock,
                ing,
                () -> {
                  Baseline.Page p = b.monitorPage(cursor[0], PAGE, o);
                  events[0] += p.events();
                  if (p.lastEventId() != null) {
                    last[0] = p.lastEventId();
                  }
                  if (p.endCursor() != null) {
                    cursor[0] = p.endCursor();
                  }
                  return last[0];
                });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      double wall = (System.nanoTime() - t0) / 1e9;
      return new BenchResult(
          "steady",
          events[0],
          wall,
          null,
          (long) sim.requests().size(),
          null,
          null,
          r.maxLag,
          null,
          List.of());
    } finally {
      deleteTree(dir);
    }
  }

  private record SteadyRun(double maxLag) {}

  /** One cycle; returns the id of the newest event delivered so far (null if none). */
  private interface Cycle {
    String run();
  }

  private SteadyRun steadyLoop(SimClock clock, Ingestion ing, Cycle cycle) {
    Instant start = clock.instant();
    Instant end = start.plus(Duration.ofMinutes(opts.steadyMinutes()));
    Instant nextCycle = start.plus(STEADY_INTERVAL);
    double maxLag = 0;
    String delivered = null;
    while (clock.instant().isBefore(end)) {
      clock.advance(Duration.ofSeconds(1));
      ing.catchUp(start, clock.instant());
      if (!clock.instant().isBefore(nextCycle)) {
        long t0 = System.nanoTime();
        String newest = cycle.run();
        long w = System.nanoTime() - t0;
        // The cycle took real time; events kept arriving meanwhile.
        clock.advance(Duration.ofNanos(w));
        ing.catchUp(start, clock.instant());
        Instant before = delivered == null ? start : ing.ingestedAt(delivered);
        double lag = Duration.between(before, ing.newestIngestedAt()).toNanos() / 1e9;
        maxLag = Math.max(maxLag, lag);
        delivered = newest != null ? newest : delivered;
        nextCycle = nextCycle.plus(STEADY_INTERVAL);
      }
    }
    return new SteadyRun(maxLag);
  }

  /** When each event of the simulator was ingested (the bench adds them all). */
  private static final class Ingestion {
    private final DocuSignSimulator sim;
    private final List<Instant> at = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    private long added;

    Ingestion(DocuSignSimulator sim) {
      this.sim = sim;
    }

    /** Adds the events due by {@code now} at 2,000 a minute since {@code start}. */
    void catchUp(Instant start, Instant now) {
      long due = Duration.between(start, now).toMillis() * STEADY_PER_MINUTE / 60_000;
      int n = (int) (due - added);
      if (n > 0) {
        sim.addEvents(n);
        for (int i = 0; i < n; i++) {
          at.add(now);
        }
        added = due;
      }
    }

    Instant newestIngestedAt() {
      return at.isEmpty() ? Instant.EPOCH : at.get(at.size() - 1);
    }

    Instant ingestedAt(String eventId) {
      if (!index.containsKey(eventId)) {
        List<String> ids = sim.eventIds();
        for (int i = index.size(); i < ids.size(); i++) {
          index.put(ids.get(i), i);
        }
      }
      Integer i = index.get(eventId);
      if (i == null) {
        throw new IllegalStateException("delivered an event the simulator never ingested");
      }
      return at.get(i);
    }
  }

  // ---------------------------------------------------------------- users

  /**
   * {@code modified} users changed in a 5,000-user account after a first full collection, 50 ms
   * latency per call, a cold token and userinfo cache (they are counted).
   */
  BenchResult users(String name, int modified) {
    Path dir = dir(name);
    try (DocuSignSimulator sim =
        DocuSignSimulator.builder()
            .users(ACCOUNT_USERS)
            .hourlyLimit(0)
            .burstLimit(0)
            .consent(true)
            .keyPair(keyPair)
            .start()) {
      SimClock clock = sim.clock();
      Path key = key(sim, dir);
      Path prime =
          config(
              sim,
              key,
              dir,
              "[audit_users]",
              "api_budget_per_hour: 100000\napi_burst_per_30s: 100000\n");
      Path measured = config(sim, key, dir.resolve("measured"), "[audit_users]", "", dir);
      // The first full collection; ten minutes later an earlier incremental cycle (one user
      // changed), so that the watermark's 5-minute look-back (SPEC 4.3) covers that one user and
      // none of the simulator's initial modifications, as in a quiet account.
      try (Rig rig = Rig.open(prime, dir, clock, Sleeper.SYSTEM)) {
        for (int i = 0; i < 20 && !rig.collector.cycle(() -> false).caughtUp(); i++) {
          // until the whole account was delivered once
        }
        clock.advance(Duration.ofMinutes(10));
        sim.modifyUsers(1);
        rig.collector.cycle(() -> false);
      }
      clock.advance(Duration.ofMinutes(10));
      Instant since = clock.instant();
      clock.advance(Duration.ofSeconds(1));
      sim.modifyUsers(modified);
      sim.faults().latency(Duration.ofMillis(50));
      deleteQuietly(dir.resolve("state").resolve("shared.json"));
      sim.clearRequests();
      long t0 = System.nanoTime();
      long events;
      try (Rig rig = Rig.open(measured, dir, clock, Sleeper.SYSTEM)) {
        CycleResult r = rig.collector.cycle(() -> false);
        if (!r.errors().isEmpty()) {
          throw r.errors().values().iterator().next();
        }
        events = r.delivered().get(EventType.AUDIT_USERS);
      }
      double wall = (System.nanoTime() - t0) / 1e9;
      long calls = sim.requests().size();
      BenchResult ours =
          new BenchResult(
              name,
              events,
              wall,
              BenchResult.perSecond(events, wall),
              calls,
              null,
              null,
              null,
              null,
              List.of(
                  modified
                      + " of "
                      + ACCOUNT_USERS
                      + " users modified, 50 ms per call, token and userinfo counted; the user"
                      + " changed in the previous cycle is listed again by the look-back and"
                      + " read again (its Admin record cannot tell an eSignature change)"));

      sim.clearRequests();
      Baseline b = new Baseline(account(sim, key), clock);
      long t1 = System.nanoTime();
      int n;
      try (OutputStream o =
          new BufferedOutputStream(Files.newOutputStream(dir.resolve("baseline.jsonl")))) {
        n = b.users(since, o);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      double bwall = (System.nanoTime() - t1) / 1e9;
      BenchResult base =
          new BenchResult(
              name,
              (long) n,
              bwall,
              BenchResult.perSecond(n, bwall),
              (long) sim.requests().size(),
              null,
              null,
              null,
              null,
              List.of());
      return ours.withBaseline(base);
    } finally {
      deleteTree(dir);
    }
  }

  // ---------------------------------------------------------------- startup

  /** {@code fetch} with nothing new, warm state (token cached), JVM start to exit; median of 5. */
  BenchResult startup() {
    Path dir = dir("startup");
    try (DocuSignSimulator sim =
        DocuSignSimulator.builder()
            .events(1000)
            .users(50)
            .consent(true)
            .hourlyLimit(0)
            .burstLimit(0)
            .keyPair(keyPair)
            .start()) {
      Path key = key(sim, dir);
      Path yaml = config(sim, key, dir, "[customer_events, audit_users]", "");
      List<String> cmd = collector("--config", yaml.toString(), "fetch");
      Map<String, String> env = Map.of("DOCUSIGN_LOG_LEVEL", "warn");
      check(ChildRun.run(cmd, dir, env), "fetch (priming)");
      List<ChildRun> runs = new ArrayList<>();
      long calls = 0;
      for (int i = 0; i < 5; i++) {
        sim.clearRequests();
        ChildRun r = ChildRun.run(cmd, dir, env);
        check(r, "fetch");
        runs.add(r);
        calls = sim.requests().size();
      }
      runs.sort(Comparator.comparingDouble(ChildRun::wallS));
      ChildRun median = runs.get(runs.size() / 2);
      BenchResult ours =
          new BenchResult(
              "startup",
              0L,
              median.wallS(),
              null,
              calls,
              BenchResult.mb(median.peakHeapBytes()),
              BenchResult.mb(median.peakRssBytes()),
              null,
              null,
              List.of(
                  String.format(
                      Locale.ROOT,
                      "median of 5 warm runs (min %.2f s, max %.2f s); both event types;"
                          + " child CPU time %.2f s; %s",
                      runs.get(0).wallS(),
                      runs.get(runs.size() - 1).wallS(),
                      median.cpuS(),
                      childNote())));

      List<ChildRun> bruns = new ArrayList<>();
      long bcalls = 0;
      for (int i = 0; i < 5; i++) {
        sim.clearRequests();
        List<String> bcmd = ChildRun.java(opts.jvmOptions());
        bcmd.addAll(List.of("-cp", opts.jar().toString(), BaselineMain.class.getName(), "startup"));
        bcmd.addAll(baselineArgs(sim, key, dir.resolve("baseline.jsonl")));
        ChildRun r = ChildRun.run(bcmd, dir, Map.of());
        check(r, "baseline");
        bruns.add(r);
        bcalls = sim.requests().size();
      }
      bruns.sort(Comparator.comparingDouble(ChildRun::wallS));
      ChildRun bm = bruns.get(bruns.size() / 2);
      return ours.withBaseline(
          new BenchResult(
              "startup",
              0L,
              bm.wallS(),
              null,
              bcalls,
              BenchResult.mb(bm.peakHeapBytes()),
              BenchResult.mb(bm.peakRssBytes()),
              null,
              null,
              List.of(
                  String.format(
                      Locale.ROOT,
                      "token + one Monitor page, no state; child CPU time %.2f s",
                      bm.cpuS()))));
    } finally {
      deleteTree(dir);
    }
  }

  // ---------------------------------------------------------------- plumbing

  /** The command line of a collector child: through the launcher when known, as users run it. */
  private List<String> collector(String... args) {
    List<String> c = new ArrayList<>();
    if (opts.launcher() != null) {
      c.add(opts.launcher().toString());
    } else {
      c.addAll(ChildRun.java(opts.jvmOptions()));
      c.add("-jar");
      c.add(opts.jar().toString());
    }
    c.addAll(List.of(args));
    return c;
  }

  /** How the collector's children were started, for the notes of their rows. */
  private String childNote() {
    return opts.launcher() != null
        ? "child: bin/docusign-collector fetch (the launcher: its JVM defaults and class-data"
            + " archive), JVM start to exit"
        : "child JVM: java -jar <jar> fetch (no launcher), JVM start to exit";
  }

  private static void check(ChildRun r, String what) {
    if (r.exitCode() != 0) {
      throw new IllegalStateException(
          what + " exited with " + r.exitCode() + ": " + tail(r.stderr()) + tail(r.stdout()));
    }
  }

  private static String tail(String s) {
    return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
  }

  private static long summaryCount(String stdout, String key) {
    return lastJson(stdout).path(key).asLong(-1);
  }

  private static JsonNode lastJson(String stdout) {
    String[] lines = stdout.strip().split("\n");
    try {
      return JSON.readTree(lines[lines.length - 1]);
    } catch (IOException e) {
      throw new IllegalStateException("no JSON summary in: " + tail(stdout), e);
    }
  }

  private Path dir(String name) {
    try {
      Files.createDirectories(opts.workDir());
      return Files.createTempDirectory(opts.workDir(), "bench-" + name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path key(DocuSignSimulator sim, Path dir) {
    try {
      Path key = dir.resolve("key.pem");
      Files.writeString(key, sim.privateKeyPkcs8Pem(), StandardCharsets.US_ASCII);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path config(
      DocuSignSimulator sim, Path key, Path dir, String types, String extra) {
    return config(sim, key, dir, types, extra, dir);
  }

  /** Writes a configuration into {@code dir} whose state and output are in {@code stateParent}. */
  private static Path config(
      DocuSignSimulator sim, Path key, Path dir, String types, String extra, Path stateParent) {
    try {
      Files.createDirectories(dir);
      Path yaml = dir.resolve("docusign-collector.yaml");
      Files.writeString(
          yaml,
          sim.collectorConfigYaml(key)
              + "event_types: "
              + types
              + "\nfirst_fetch: 1h\n"
              + extra
              + "state_dir: "
              + quote(stateParent.resolve("state"))
              + "\noutput:\n  type: file\n  path: "
              + quote(stateParent.resolve("out").resolve("events.jsonl"))
              + "\n",
          StandardCharsets.UTF_8);
      return yaml;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Baseline.Account account(DocuSignSimulator sim, Path key) {
    return new Baseline.Account(
        sim.baseUrl(),
        PemKeys.read(key, "private_key_file"),
        sim.integrationKey(),
        sim.userId(),
        sim.accountId(),
        sim.organizationId());
  }

  private static String quote(Path p) {
    return "\"" + p.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static void deleteOutputs(Path dir) {
    deleteTree(dir.resolve("out"));
    deleteQuietly(dir.resolve("baseline.jsonl"));
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // a leftover file in a temporary directory is harmless
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(Scenarios::deleteQuietly);
    } catch (IOException e) {
      // best effort
    }
  }

  private void log(String line) {
    if (opts.log() != null) {
      opts.log().println("bench: " + line);
      opts.log().flush();
    }
  }

  /** The collector in-process: configuration, state, client, a watching file sink, collector. */
  static final class Rig implements AutoCloseable {
    final DocuSignClient client;
    final WatchingSink sink;
    final Collector collector;

    private Rig(DocuSignClient client, WatchingSink sink, Collector collector) {
      this.client = client;
      this.sink = sink;
      this.collector = collector;
    }

    static Rig open(Path yaml, Path dir, Clock clock, Sleeper sleeper) {
      CollectorConfig config = ConfigLoader.load(yaml, Map.of(), dir);
      StateStore state = new StateStore(config.stateDir());
      DocuSignClient client =
          new DocuSignClient(config, state, clock, sleeper, ClientOptions.defaults());
      WatchingSink sink =
          new WatchingSink(
              new FileSink(
                  config.output().path(), config.output().rotateBytes(), config.output().keep()));
      return new Rig(
          client, sink, new Collector(config, client, state, sink, clock, Progress.NONE));
    }

    @Override
    public void close() {
      try {
        sink.close();
      } finally {
        client.close();
      }
    }
  }

  /** A file sink that remembers the {@code eventId} of the last line delivered. */
  static final class WatchingSink implements Sink {
    private final Sink delegate;
    String lastId;
    long events;

    WatchingSink(Sink delegate) {
      this.delegate = delegate;
    }

    @Override
    public Recovered recover(com.fasterxml.jackson.databind.node.ObjectNode pos) {
      return delegate.recover(pos);
    }

    @Override
    public Ack deliver(Batch batch) {
      Ack ack = delegate.deliver(batch);
      events += batch.events();
      if (batch.length() > 1) {
        int end = batch.length() - 1; // the final '\n'
        int start = end;
        while (start > 0 && batch.data()[start - 1] != '\n') {
          start--;
        }
        try {
          JsonNode n = JSON.readTree(batch.data(), start, end - start);
          String id = n.path("eventId").asText(null);
          if (id != null) {
            lastId = id;
          }
        } catch (IOException e) {
          // not an event line: nothing to remember
        }
      }
      return ack;
    }

    @Override
    public com.fasterxml.jackson.databind.node.ObjectNode position() {
      return delegate.position();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
