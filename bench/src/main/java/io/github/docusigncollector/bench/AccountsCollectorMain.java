package io.github.docusigncollector.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.github.docusigncollector.config.Account;
import io.github.docusigncollector.config.Accounts;
import io.github.docusigncollector.config.ConfigLoader;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.http.ClientOptions;
import io.github.docusigncollector.http.DocuSignClient;
import io.github.docusigncollector.http.SharedHttp;
import io.github.docusigncollector.http.Sleeper;
import io.github.docusigncollector.pipeline.Collector;
import io.github.docusigncollector.pipeline.CycleResult;
import io.github.docusigncollector.pipeline.Progress;
import io.github.docusigncollector.pipeline.SharedSink;
import io.github.docusigncollector.simulator.SimClock;
import io.github.docusigncollector.sink.FileSink;
import io.github.docusigncollector.state.StateStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The collector's process of {@code bench --scenario accounts}: every account of a configuration
 * with {@code accounts:} collected into one shared file sink, on the schedule of {@code run} (a
 * cycle of each account at once, then one {@code interval} after its last cycle ended, at most
 * {@code max_parallel_accounts} at once), on a clock that follows the wall clock but skips the time
 * in which no account collects: then it asks the simulators' process (its parent, on stdout) to
 * move their clock and ingest what arrives meanwhile, and moves its own by the same amount. So the
 * time every cycle really takes counts, and ten simulated minutes take much less than ten.
 *
 * <p>Lines it writes: {@code ready}; {@code jump NANOS} (answered {@code ok} on stdin); {@code done
 * INDEX CUSTOMER USERS CAUGHT_UP END_EPOCH_MS} per cycle; {@code end CPU_NS LIVE_BYTES FULL_GCS} at
 * the end (the most heap in use after a full collection, -1 without one). It starts after {@code
 * go} on stdin. Arguments: the configuration file, the simulated minutes, and {@code near-head} or
 * {@code full-read} (whether a short recent page ends a cycle). Its heap figures are printed on
 * stderr by {@link HeapStats}.
 */
public final class AccountsCollectorMain {
  private AccountsCollectorMain() {}

  public static void main(String[] args) throws Exception {
    HeapStats.installIfRequested(System.getenv());
    watchFullCollections();
    Path config = Path.of(args[0]);
    int minutes = Integer.parseInt(args[1]);
    boolean nearHead = args[2].equals("near-head");
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.US_ASCII);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
    SimClock clock = SimClock.system();
    Accounts accounts = ConfigLoader.loadAccounts(config, Map.of(), config.getParent());
    FileSink file =
        new FileSink(
            accounts.shared().output().path(),
            accounts.shared().output().rotateBytes(),
            accounts.shared().output().keep());
    SharedSink sink = new SharedSink(file);
    List<Collector> collectors = new ArrayList<>();
    List<DocuSignClient> clients = new ArrayList<>();
    // As fetch and run do: the accounts share one JDK HTTP client per TLS/proxy settings.
    ClientOptions options = ClientOptions.defaults();
    SharedHttp http = new SharedHttp(options.random());
    for (Account a : accounts.list()) {
      StateStore state = new StateStore(a.stateDir());
      DocuSignClient client =
          new DocuSignClient(a.config(), state, clock, Sleeper.SYSTEM, options, http);
      clients.add(client);
      Collector c = new Collector(a.config(), client, state, sink, clock, Progress.NONE, a.name());
      c.nearHeadEndsCycle(nearHead);
      collectors.add(c);
    }
    Duration interval = accounts.shared().interval();
    int parallel = Math.max(1, Math.min(accounts.maxParallelAccounts(), collectors.size()));
    out.println("ready");
    out.flush();
    if (!"go".equals(in.readLine())) {
      System.exit(1);
    }
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    Instant end = clock.instant().plus(Duration.ofMinutes(minutes));
    schedule(collectors, parallel, interval, end, clock, in, out);
    long cpu = os.getProcessCpuTime() - cpu0;
    clients.forEach(DocuSignClient::close);
    file.close();
    HeapStats.print(System.err);
    out.println("end " + cpu + " " + LIVE_AFTER_FULL_GC.get() + " " + FULL_GCS.get());
    out.flush();
    System.exit(0);
  }

  private static final AtomicLong LIVE_AFTER_FULL_GC = new AtomicLong(-1);
  private static final AtomicLong FULL_GCS = new AtomicLong();

  /**
   * The heap in use after each full collection, the most of them: the live set. (After a young
   * collection the old generation still holds its garbage, so that figure says little.)
   */
  private static void watchFullCollections() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(
            (n, h) -> {
              if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                  n.getType())) {
                return;
              }
              GarbageCollectionNotificationInfo info =
                  GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
              if (!info.getGcAction().contains("major")) {
                return;
              }
              long used = 0;
              for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                  MemoryUsage u = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
                  if (u != null) {
                    used += u.getUsed();
                  }
                }
              }
              FULL_GCS.incrementAndGet();
              LIVE_AFTER_FULL_GC.accumulateAndGet(used, Math::max);
            },
            null,
            null);
      }
    }
  }

  private record Done(int index, CycleResult result, Instant end) {}

  /** The policy of {@code AccountCycles.run}, on the skipping clock. */
  private static void schedule(
      List<Collector> collectors,
      int parallel,
      Duration interval,
      Instant end,
      SimClock clock,
      BufferedReader in,
      PrintStream out)
      throws IOException, InterruptedException {
    int size = collectors.size();
    Instant[] due = new Instant[size];
    boolean[] running = new boolean[size];
    Instant start = clock.instant();
    for (int i = 0; i < size; i++) {
      due[i] = start;
    }
    LinkedBlockingQueue<Done> done = new LinkedBlockingQueue<>();
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            parallel,
            r -> {
              Thread t = new Thread(r, "account-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    int active = 0;
    try {
      while (true) {
        Instant now = clock.instant();
        Instant nextDue = null;
        if (now.isBefore(end)) {
          for (int i = 0; i < size; i++) {
            if (running[i]) {
              continue;
            }
            if (!due[i].isAfter(now)) {
              running[i] = true;
              active++;
              int index = i;
              Collector c = collectors.get(i);
              pool.submit(
                  () -> {
                    try {
                      CycleResult r = c.cycle(() -> false);
                      done.add(new Done(index, r, clock.instant()));
                    } catch (RuntimeException | Error e) {
                      e.printStackTrace();
                      System.exit(3);
                    }
                  });
            } else if (nextDue == null || due[i].isBefore(nextDue)) {
              nextDue = due[i];
            }
          }
        }
        if (active == 0) {
          if (nextDue == null || !nextDue.isBefore(end)) {
            return;
          }
          // Nobody collects until nextDue: skip that time.
          long skip = Duration.between(clock.instant(), nextDue).toNanos();
          if (skip > 0) {
            out.println("jump " + skip);
            out.flush();
            if (!"ok".equals(in.readLine())) {
              throw new IOException("the simulators' process did not move its clock");
            }
            clock.advance(Duration.ofNanos(skip));
          }
          continue;
        }
        long wait =
            nextDue == null
                ? TimeUnit.SECONDS.toNanos(1)
                : Math.max(0, Duration.between(clock.instant(), nextDue).toNanos());
        Done d = done.poll(wait, TimeUnit.NANOSECONDS);
        while (d != null) {
          running[d.index] = false;
          active--;
          CycleResult r = d.result;
          if (!r.errors().isEmpty()) {
            throw new IllegalStateException(
                "account " + d.index + " failed: " + r.errors().values().iterator().next());
          }
          long customer = r.delivered().getOrDefault(EventType.CUSTOMER_EVENTS, 0L);
          long users = r.delivered().getOrDefault(EventType.AUDIT_USERS, 0L);
          due[d.index] = d.end.plus(interval);
          out.printf(
              Locale.ROOT,
              "done %d %d %d %d %d%n",
              d.index,
              customer,
              users,
              r.caughtUp() ? 1 : 0,
              d.end.toEpochMilli());
          out.flush();
          d = done.poll();
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
