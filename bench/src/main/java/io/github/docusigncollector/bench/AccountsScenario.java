package io.github.docusigncollector.bench;

import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.Endpoint;
import io.github.docusigncollector.simulator.RequestRecord;
import io.github.docusigncollector.simulator.SimClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bench --scenario accounts}: 100 accounts, each with its own simulator (its own integration
 * key, user, account, organization, consent, tokens and rate limits) receiving 2,000 events a
 * minute and a user change a minute, collected with both event types by one collector process into
 * one shared file, {@code max_parallel_accounts: 4}, {@code interval: 60s}.
 *
 * <p>Two processes, so that the heap measured is the collector's alone: this JVM serves the
 * simulators (on a few shared threads) and ingests their events; the collector runs in a child JVM
 * ({@link AccountsCollectorMain}, {@code -Xmx256m} and the launcher's serial collector unless
 * {@code DOCUSIGN_JAVA_OPTS} says otherwise) on the schedule of {@code run}. Both clocks follow the
 * wall clock; when no account is collecting, the child asks to skip to the next cycle that is due,
 * and this process ingests the skipped seconds one by one. So every real second a cycle takes is a
 * simulated second, and the idle rest of each minute costs nothing: ten simulated minutes take
 * about as long as the cycles themselves.
 *
 * <p>An account's lag: at the end of each of its cycles, the end time minus the ingestion time of
 * the oldest event the cycle delivered (how long that event waited); the worst of all cycles.
 * Monitor calls per caught-up cycle: the Monitor requests of the cycles after the first that ended
 * caught up. The scenario runs twice: with the near-head rule (one call saved per caught-up cycle)
 * and, as the baseline, without it (every cycle reads on until the cursor stands still).
 */
final class AccountsScenario {
  static final int ACCOUNTS = 100;
  static final int PER_MINUTE = 2000;
  static final int USERS = 20;
  static final int PARALLEL = 4;

  /**
   * The accounts' {@code interval} in seconds: 60 unless {@code -Dbench.accounts.interval=S}. At
   * 2,000 events a minute a 60-second cycle finds just over one full page (DocuSign's largest,
   * 2,000 events), so it needs two data calls; 30 seconds keeps a cycle within one page.
   */
  static final int INTERVAL_S = Integer.getInteger("bench.accounts.interval", 60);

  /** Threads serving all the simulators (each thread keeps one page buffer). */
  static final int SIM_THREADS = 8;

  /** The collector's heap unless {@code DOCUSIGN_JAVA_OPTS} sets another (it comes after). */
  static final String HEAP = "-Xmx256m";

  private final BenchOptions opts;
  private final KeyPair keyPair;
  private final int accounts;

  AccountsScenario(BenchOptions opts, KeyPair keyPair) {
    this(opts, keyPair, ACCOUNTS);
  }

  AccountsScenario(BenchOptions opts, KeyPair keyPair, int accounts) {
    this.opts = opts;
    this.keyPair = keyPair;
    this.accounts = accounts;
  }

  BenchResult run() {
    BenchResult after = runOnce(true);
    BenchResult before = runOnce(false);
    return after.withBaseline(before);
  }

  /** One run; {@code nearHead} false is the collector before the near-head rule. */
  BenchResult runOnce(boolean nearHead) {
    Path dir = opts.workDir().resolve(nearHead ? "accounts" : "accounts-full-read");
    SimClock clock = SimClock.system();
    List<DocuSignSimulator> sims = new ArrayList<>();
    AtomicInteger threads = new AtomicInteger();
    ExecutorService serving =
        Executors.newFixedThreadPool(
            SIM_THREADS,
            r -> {
              Thread t = new Thread(r, "accounts-sim-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      Files.createDirectories(dir);
      Instant first = clock.instant().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
      StringBuilder yaml =
          new StringBuilder(
              "first_fetch: "
                  + first
                  + "\ninterval: "
                  + INTERVAL_S
                  + "s\nevent_types: [customer_events, audit_users]\n"
                  + "api_budget_per_hour: 100000\napi_burst_per_30s: 100000\n"
                  + "max_parallel_accounts: "
                  + PARALLEL
                  + "\nstate_dir: "
                  + dir.resolve("state")
                  + "\naccounts:\n");
      for (int i = 0; i < accounts; i++) {
        DocuSignSimulator sim =
            DocuSignSimulator.builder()
                .seed(1000 + i)
                .clock(clock)
                .users(USERS)
                .hourlyLimit(0)
                .burstLimit(0)
                .consent(true)
                .keyPair(keyPair)
                .executor(serving)
                .start();
        sims.add(sim);
        Path key = dir.resolve("key-" + i + ".pem");
        Files.writeString(key, sim.privateKeyPkcs8Pem(), StandardCharsets.US_ASCII);
        yaml.append("  - name: a").append(i).append('\n');
        for (String line : sim.collectorConfigYaml(key).split("\n")) {
          if (!line.isBlank() && !line.startsWith("#")) {
            yaml.append("    ").append(line).append('\n');
          }
        }
      }
      yaml.append("output:\n  type: file\n  path: ")
          .append(dir.resolve("events.jsonl"))
          .append('\n');
      Path file = dir.resolve("collector.yaml");
      Files.writeString(file, yaml);
      return measure(clock, sims, file, dir, nearHead);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      sims.forEach(DocuSignSimulator::close);
      serving.shutdownNow();
      Scenarios.deleteTree(dir);
    }
  }

  /** The child's command line: this JVM's java, the collector's heap, then the user's options. */
  private List<String> command(Path config, boolean nearHead) {
    List<String> c = new ArrayList<>();
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    c.add("-XX:+UseSerialGC");
    c.add("-Djdk.httpclient.bufsize=131072");
    c.add(HEAP);
    c.addAll(opts.jvmOptions());
    c.add("-cp");
    c.add(opts.jar() != null ? opts.jar().toString() : System.getProperty("java.class.path"));
    c.add(AccountsCollectorMain.class.getName());
    c.add(config.toString());
    c.add(Integer.toString(opts.steadyMinutes()));
    c.add(nearHead ? "near-head" : "full-read");
    return c;
  }

  /** Per account, what the cycles so far showed. */
  private static final class Tally {
    long customer;
    long users;
    int cycles;
    long monitorCalls;
    long monitorAtLastEnd;
    double worstLag;
  }

  private BenchResult measure(
      SimClock clock, List<DocuSignSimulator> sims, Path config, Path dir, boolean nearHead)
      throws IOException {
    Ingestion ingestion = new Ingestion(clock, sims);
    Path err = dir.resolve("collector.err");
    ProcessBuilder pb =
        new ProcessBuilder(command(config, nearHead))
            .directory(dir.toFile())
            .redirectError(err.toFile());
    pb.environment().put(HeapStats.ENV, "1");
    Process p = pb.start();
    Path status = Path.of("/proc/" + p.pid() + "/status");
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "accounts-ingestion");
              t.setDaemon(true);
              return t;
            });
    long[] rss = {0};
    Tally[] tally = new Tally[sims.size()];
    for (int i = 0; i < tally.length; i++) {
      tally[i] = new Tally();
    }
    long caughtUpCycles = 0;
    long caughtUpMonitor = 0;
    long caughtUpPagesNeeded = 0;
    long childCpuNs = -1;
    long liveBytes = -1;
    long fullGcs = 0;
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long simCpu0 = 0;
    long t0 = 0;
    int minuteLogged = 0;
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        PrintWriter out =
            new PrintWriter(
                new OutputStreamWriter(p.getOutputStream(), StandardCharsets.US_ASCII))) {
      String line;
      while ((line = in.readLine()) != null) {
        String[] f = line.split(" ");
        switch (f[0]) {
          case "ready" -> {
            for (DocuSignSimulator s : sims) {
              s.clearRequests();
            }
            ingestion.start();
            ticker.scheduleWithFixedDelay(
                () -> {
                  ingestion.catchUp();
                  rss[0] = Math.max(rss[0], ChildRun.vmHwm(status));
                },
                100,
                100,
                TimeUnit.MILLISECONDS);
            simCpu0 = os.getProcessCpuTime();
            t0 = System.nanoTime();
            out.println("go");
            out.flush();
          }
          case "jump" -> {
            ingestion.skip(Duration.ofNanos(Long.parseLong(f[1])));
            out.println("ok");
            out.flush();
          }
          case "done" -> {
            int i = Integer.parseInt(f[1]);
            long customer = Long.parseLong(f[2]);
            long users = Long.parseLong(f[3]);
            boolean caughtUp = f[4].equals("1");
            Instant end = Instant.ofEpochMilli(Long.parseLong(f[5]));
            Tally t = tally[i];
            DocuSignSimulator sim = sims.get(i);
            long monitor = monitorCalls(sim);
            long calls = monitor - t.monitorAtLastEnd;
            t.monitorAtLastEnd = monitor;
            if (customer > 0) {
              // The oldest event of this cycle waited from its ingestion until now.
              Instant oldest = sim.ingestionTimeAt(t.customer);
              double lag = Duration.between(oldest, end).toNanos() / 1e9;
              t.worstLag = Math.max(t.worstLag, lag);
            }
            if (caughtUp && t.cycles > 0) {
              caughtUpCycles++;
              caughtUpMonitor += calls;
              // A page shorter than 2,000 is needed to end a cycle: after a full one, one more is
              // read.
              caughtUpPagesNeeded += customer / 2000 + 1;
            }
            t.customer += customer;
            t.users += users;
            t.cycles++;
            t.monitorCalls += calls;
            int minute = (int) (Duration.between(ingestion.start, end).toSeconds() / 60);
            if (minute > minuteLogged) {
              minuteLogged = minute;
              log(
                  String.format(
                      Locale.ROOT,
                      "accounts%s: minute %d of %d, worst lag so far %.1f s",
                      nearHead ? "" : " (full read)",
                      minute,
                      opts.steadyMinutes(),
                      worstLag(tally)));
            }
          }
          case "end" -> {
            childCpuNs = Long.parseLong(f[1]);
            liveBytes = Long.parseLong(f[2]);
            fullGcs = Long.parseLong(f[3]);
          }
          default -> {
            if (line.contains("OutOfMemoryError")) {
              throw outOfMemory();
            }
            throw new IllegalStateException("the collector's process said: " + line);
          }
        }
        if (childCpuNs >= 0) {
          break;
        }
      }
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      ticker.shutdownNow();
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double simCpu = (os.getProcessCpuTime() - simCpu0) / 1e9;
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    if (stderr.contains("OutOfMemoryError")) {
      throw outOfMemory();
    }
    if (childCpuNs < 0 || p.exitValue() != 0) {
      throw new IllegalStateException(
          "the collector's process failed (exit "
              + (p.isAlive() ? "none" : Integer.toString(p.exitValue()))
              + "): "
              + tail(stderr));
    }
    var stats = ChildRun.statsFrom(stderr);
    long events = 0;
    long calls = 0;
    long monitor = 0;
    int neverCollected = 0;
    for (int i = 0; i < sims.size(); i++) {
      events += tally[i].customer + tally[i].users;
      calls += sims.get(i).requests().size();
      monitor += tally[i].monitorCalls;
      if (tally[i].customer == 0) {
        neverCollected++;
      }
    }
    if (neverCollected > 0) {
      throw new IllegalStateException(neverCollected + " accounts delivered no event");
    }
    double accountHours = sims.size() * opts.steadyMinutes() / 60.0;
    double cpuS = childCpuNs / 1e9;
    double peakLiveMb = liveBytes < 0 ? Double.NaN : liveBytes / (1024.0 * 1024.0);
    Map<String, Double> extra = new LinkedHashMap<>();
    extra.put("accounts", (double) sims.size());
    extra.put(
        "monitor_calls_per_cycle",
        caughtUpCycles == 0 ? Double.NaN : (double) caughtUpMonitor / caughtUpCycles);
    extra.put(
        "monitor_calls_beyond_data_per_cycle",
        caughtUpCycles == 0
            ? Double.NaN
            : (double) (caughtUpMonitor - caughtUpPagesNeeded) / caughtUpCycles);
    extra.put("cpu_s_per_account_hour", cpuS / accountHours);
    extra.put("api_calls_per_account_hour", calls / accountHours);
    extra.put("monitor_calls_per_account_hour", monitor / accountHours);
    extra.put("peak_live_heap_mb", peakLiveMb);
    extra.put("live_heap_kb_per_account", peakLiveMb * 1024 / sims.size());
    extra.put("full_gcs", (double) fullGcs);
    extra.put("max_heap_mb", stats.path("max_heap_bytes").asLong(-1) / (1024.0 * 1024.0));
    extra.put("simulators_cpu_s", simCpu);
    return new BenchResult(
        "accounts",
        events,
        wall,
        BenchResult.perSecond(events, wall),
        calls,
        BenchResult.mb(stats.path("peak_heap_bytes").asLong(-1)),
        BenchResult.mb(rss[0]),
        worstLag(tally),
        null,
        List.of(
            String.format(
                Locale.ROOT,
                "%s: %d accounts, %d events/min each and a user change a minute, %d simulated"
                    + " minutes (%d cycles in all), interval %ds, max_parallel_accounts %d;"
                    + " targets: every account's lag <= %d s, heap <= 256 MB, <= 1.2 Monitor"
                    + " calls per caught-up cycle",
                nearHead
                    ? "near-head rule on (a short recent page ends the cycle)"
                    : "near-head rule off (every cycle reads until the cursor stands still)",
                sims.size(),
                PER_MINUTE,
                opts.steadyMinutes(),
                totalCycles(tally),
                INTERVAL_S,
                PARALLEL,
                INTERVAL_S + 5),
            "the collector in its own JVM ("
                + String.join(
                    " ", command(config, nearHead).subList(1, 4 + opts.jvmOptions().size()))
                + "); peak_heap_mb counts garbage awaiting collection, peak_live_heap_mb is the"
                + " most in use after a full collection (null without one), the accounts' cycles"
                + " in flight included; cpu_s_per_account_hour is the collector's"
                + " process alone; the simulators ran in the bench's JVM",
            String.format(
                Locale.ROOT,
                "a cycle reads floor(new events / 2000) + 1 pages at least: a cycle every %ds plus"
                    + " its own duration finds just over %,d events at %,d a minute, so %d"
                    + " page(s); monitor_calls_beyond_data_per_cycle counts the calls beyond that",
                INTERVAL_S,
                PER_MINUTE * INTERVAL_S / 60,
                PER_MINUTE,
                PER_MINUTE * INTERVAL_S / 60 / 2000 + 1)),
        extra);
  }

  private IllegalStateException outOfMemory() {
    return new IllegalStateException(
        "the collector's process ran out of heap ("
            + HEAP
            + (opts.jvmOptions().isEmpty() ? "" : " " + String.join(" ", opts.jvmOptions()))
            + "): give it more with DOCUSIGN_JAVA_OPTS=-Xmx512m to measure what it needs");
  }

  private static int totalCycles(Tally[] tally) {
    int n = 0;
    for (Tally t : tally) {
      n += t.cycles;
    }
    return n;
  }

  private static double worstLag(Tally[] tally) {
    double worst = 0;
    for (Tally t : tally) {
      worst = Math.max(worst, t.worstLag);
    }
    return worst;
  }

  private static long monitorCalls(DocuSignSimulator sim) {
    long n = 0;
    for (RequestRecord r : sim.requests()) {
      if (r.endpoint() == Endpoint.MONITOR) {
        n++;
      }
    }
    return n;
  }

  private static String tail(String s) {
    return s.length() <= 4000 ? s : s.substring(s.length() - 4000);
  }

  private void log(String line) {
    if (opts.log() != null) {
      opts.log().println("bench: " + line);
      opts.log().flush();
    }
  }

  /**
   * The events arriving in every account: {@link #PER_MINUTE} a minute from {@link #start}, added
   * in the order they arrive (every tenth of a second while the collector works, second by second
   * over skipped time), and one modified user per account each simulated minute.
   */
  private static final class Ingestion {
    private final SimClock clock;
    private final List<DocuSignSimulator> sims;
    private Instant start;
    private long added;
    private long minutes;

    Ingestion(SimClock clock, List<DocuSignSimulator> sims) {
      this.clock = clock;
      this.sims = sims;
    }

    synchronized void start() {
      start = clock.instant();
    }

    synchronized void catchUp() {
      Instant now = clock.instant();
      long ms = Duration.between(start, now).toMillis();
      long due = ms * PER_MINUTE / 60_000;
      int n = (int) (due - added);
      if (n > 0) {
        for (DocuSignSimulator sim : sims) {
          sim.addEvents(n);
        }
        added = due;
      }
      long minute = ms / 60_000;
      while (minutes < minute) {
        for (DocuSignSimulator sim : sims) {
          sim.modifyUsers(1);
        }
        minutes++;
      }
    }

    /** Moves the clock forward by {@code d}, second by second, ingesting as it goes. */
    synchronized void skip(Duration d) {
      Duration left = d;
      while (left.compareTo(Duration.ofSeconds(1)) > 0) {
        clock.advance(Duration.ofSeconds(1));
        left = left.minusSeconds(1);
        catchUp();
      }
      clock.advance(left);
      catchUp();
    }
  }
}
