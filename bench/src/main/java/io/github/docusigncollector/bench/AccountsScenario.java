package io.github.docusigncollector.bench;

import io.github.docusigncollector.config.Account;
import io.github.docusigncollector.config.Accounts;
import io.github.docusigncollector.config.ConfigLoader;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.http.ClientOptions;
import io.github.docusigncollector.http.DocuSignClient;
import io.github.docusigncollector.pipeline.AccountCycles;
import io.github.docusigncollector.pipeline.Collector;
import io.github.docusigncollector.pipeline.CycleResult;
import io.github.docusigncollector.pipeline.Progress;
import io.github.docusigncollector.pipeline.SharedSink;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.Endpoint;
import io.github.docusigncollector.simulator.SimClock;
import io.github.docusigncollector.sink.FileSink;
import io.github.docusigncollector.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
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

/**
 * {@code bench --scenario accounts}: 100 accounts in one process (one simulator each, on one
 * simulated clock), each receiving 2,000 events a minute and a user change a minute, collected with
 * both event types by one {@code run}-like loop (a cycle of every account each simulated minute, at
 * most {@code max_parallel_accounts} at once) into one file. Lag of an account = the simulated time
 * at the end of a cycle minus the ingestion time of the newest event it delivered; each cycle's
 * real duration is added to the simulated clock.
 */
final class AccountsScenario {
  static final int ACCOUNTS = 100;
  static final int PER_MINUTE = 2000;
  static final int USERS = 20;
  static final int PARALLEL = 4;

  private final BenchOptions opts;
  private final KeyPair keyPair;

  AccountsScenario(BenchOptions opts, KeyPair keyPair) {
    this.opts = opts;
    this.keyPair = keyPair;
  }

  BenchResult run() {
    Path dir = opts.workDir().resolve("accounts");
    SimClock clock = SimClock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    List<DocuSignSimulator> sims = new ArrayList<>();
    List<DocuSignClient> clients = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      StringBuilder yaml =
          new StringBuilder(
              "first_fetch: "
                  + clock.instant()
                  + "\ninterval: 60s\nevent_types: [customer_events, audit_users]\n"
                  + "api_budget_per_hour: 100000\napi_burst_per_30s: 100000\n"
                  + "max_parallel_accounts: "
                  + PARALLEL
                  + "\nstate_dir: "
                  + dir.resolve("state")
                  + "\naccounts:\n");
      for (int i = 0; i < ACCOUNTS; i++) {
        DocuSignSimulator sim =
            DocuSignSimulator.builder()
                .seed(1000 + i)
                .clock(clock)
                .users(USERS)
                .hourlyLimit(0)
                .burstLimit(0)
                .consent(true)
                .keyPair(keyPair)
                .start();
        sims.add(sim);
        Path key = dir.resolve("key-" + i + ".pem");
        Files.writeString(key, sim.privateKeyPkcs8Pem(), StandardCharsets.US_ASCII);
        yaml.append("  - name: a").append(i).append('\n');
        for (String line : sim.collectorConfigYaml(key).split("\n")) {
          yaml.append("    ").append(line).append('\n');
        }
      }
      Path file = dir.resolve("collector.yaml");
      Files.writeString(file, yaml);
      Accounts accounts = ConfigLoader.loadAccounts(file, Map.of(), dir);
      FileSink fileSink =
          new FileSink(
              accounts.shared().output().path(),
              accounts.shared().output().rotateBytes(),
              accounts.shared().output().keep());
      SharedSink sink = new SharedSink(fileSink);
      List<AccountCycles.Member> members = new ArrayList<>();
      for (Account a : accounts.list()) {
        StateStore state = new StateStore(a.stateDir());
        DocuSignClient client =
            new DocuSignClient(a.config(), state, clock, clock::advance, ClientOptions.defaults());
        clients.add(client);
        members.add(
            new AccountCycles.Member(
                a.name(),
                new Collector(a.config(), client, state, sink, clock, Progress.NONE, a.name()),
                a.config().eventTypes()));
      }
      return measure(clock, sims, members, fileSink);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      clients.forEach(DocuSignClient::close);
      sims.forEach(DocuSignSimulator::close);
      Scenarios.deleteTree(dir);
    }
  }

  private BenchResult measure(
      SimClock clock,
      List<DocuSignSimulator> sims,
      List<AccountCycles.Member> members,
      FileSink fileSink) {
    int minutes = opts.steadyMinutes();
    Instant start = clock.instant();
    long[] delivered = new long[ACCOUNTS];
    long added = 0;
    double maxLag = 0;
    long monitorCaughtUp = 0;
    long caughtUpCycles = 0;
    long events = 0;
    List<MemoryPoolMXBean> heap = new ArrayList<>();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
        heap.add(p);
      }
    }
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    long calls0 = sims.stream().mapToLong(s -> s.requests().size()).sum();
    try (AccountCycles cycles = new AccountCycles(members, PARALLEL)) {
      for (int minute = 1; minute <= minutes; minute++) {
        // A minute of ingestion, second by second, in every account.
        for (int sec = 0; sec < 60; sec++) {
          clock.advance(Duration.ofSeconds(1));
          long due = Duration.between(start, clock.instant()).toMillis() * PER_MINUTE / 60_000;
          int n = (int) (due - added);
          if (n > 0) {
            for (DocuSignSimulator sim : sims) {
              sim.addEvents(n);
            }
            added = due;
          }
        }
        for (DocuSignSimulator sim : sims) {
          sim.modifyUsers(1);
        }
        long[] before = new long[ACCOUNTS];
        for (int i = 0; i < ACCOUNTS; i++) {
          before[i] =
              sims.get(i).requests().stream().filter(r -> r.endpoint() == Endpoint.MONITOR).count();
        }
        long c0 = System.nanoTime();
        Map<String, CycleResult> results = cycles.cycleAll(() -> false);
        clock.advance(Duration.ofNanos(System.nanoTime() - c0));
        int i = 0;
        for (CycleResult r : results.values()) {
          if (!r.errors().isEmpty()) {
            throw r.errors().values().iterator().next();
          }
          long ce = r.delivered().getOrDefault(EventType.CUSTOMER_EVENTS, 0L);
          delivered[i] += ce;
          events += r.total();
          // Events were ingested in order, PER_MINUTE a minute from the start.
          Instant newest = start.plusMillis(delivered[i] * 60_000 / PER_MINUTE);
          double lag = Duration.between(newest, clock.instant()).toNanos() / 1e9;
          maxLag = Math.max(maxLag, lag);
          if (r.caughtUp() && minute > 1) {
            long calls =
                sims.get(i).requests().stream()
                    .filter(q -> q.endpoint() == Endpoint.MONITOR)
                    .count();
            monitorCaughtUp += calls - before[i];
            caughtUpCycles++;
          }
          i++;
        }
        opts.log()
            .printf(
                Locale.ROOT,
                "accounts: minute %d of %d, worst lag so far %.1f s%n",
                minute,
                minutes,
                maxLag);
      }
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpuS = (os.getProcessCpuTime() - cpu0) / 1e9;
    long calls = sims.stream().mapToLong(s -> s.requests().size()).sum() - calls0;
    double peakHeap = 0;
    for (MemoryPoolMXBean p : heap) {
      peakHeap += p.getPeakUsage().getUsed();
    }
    fileSink.close();
    double accountHours = ACCOUNTS * minutes / 60.0;
    Map<String, Double> extra = new LinkedHashMap<>();
    extra.put("accounts", (double) ACCOUNTS);
    extra.put(
        "monitor_calls_per_cycle",
        caughtUpCycles == 0 ? Double.NaN : (double) monitorCaughtUp / caughtUpCycles);
    extra.put("cpu_s_per_account_hour", cpuS / accountHours);
    extra.put("api_calls_per_account_hour", calls / accountHours);
    extra.put("peak_heap_mb_per_account", peakHeap / (1024.0 * 1024.0) / ACCOUNTS);
    return new BenchResult(
        "accounts",
        events,
        wall,
        BenchResult.perSecond(events, wall),
        calls,
        BenchResult.mb((long) peakHeap),
        null,
        maxLag,
        null,
        List.of(
            String.format(
                Locale.ROOT,
                "%d accounts, %d events/min each and a user change a minute, %d simulated"
                    + " minutes, interval 60s, max_parallel_accounts %d; targets: lag <= 65 s,"
                    + " heap <= 256 MB, <= 1.2 Monitor calls per caught-up cycle",
                ACCOUNTS,
                PER_MINUTE,
                minutes,
                PARALLEL),
            "cpu_s_per_account_hour counts the whole JVM, the 100 in-process simulators"
                + " included (an upper bound for the collector)"),
        extra);
  }
}
