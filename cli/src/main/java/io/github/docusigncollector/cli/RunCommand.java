package io.github.docusigncollector.cli;

import io.github.docusigncollector.cli.ops.Operations;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.http.Sleeper;
import io.github.docusigncollector.pipeline.AccountCycles;
import io.github.docusigncollector.pipeline.CycleResult;
import io.github.docusigncollector.state.WriterLock;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code run}: the daemon. A cycle at once, then one every {@code interval}; after a failed cycle
 * the pause doubles (up to 10 × interval, at most 5 minutes or the interval if longer). SIGTERM and
 * SIGINT end it with exit 0 once the page in flight is finished or abandoned.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Daemon: a fetch cycle at once and then every interval, until SIGTERM/SIGINT (exit 0).",
      "A failed cycle is logged and retried after a growing pause; only a configuration error"
          + " (exit 2) or a corrupt state (exit 1) ends it."
    })
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  /** How long a stop request lets the page in flight finish before interrupting it. */
  static final Duration GRACE = Duration.ofSeconds(3);

  @Mixin GlobalOptions global;

  @Spec CommandSpec spec;

  @Option(
      names = "--listen",
      paramLabel = "ADDR",
      description =
          "Serve /metrics, /healthz, /readyz and a status page over plain HTTP there (overrides"
              + " the key listen), e.g. 127.0.0.1:9464.")
  String listen;

  private final AtomicBoolean stop = new AtomicBoolean();
  private final CountDownLatch wake = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);

  /** The accounts' cycles of a configuration with {@code accounts:}, once they run. */
  private volatile AccountCycles cycles;

  @Override
  public Integer call() {
    try (CommandContext ctx = CommandContext.open(spec)) {
      return ctx.named() ? runAccounts(ctx) : run(ctx);
    }
  }

  private int run(CommandContext ctx) {
    try (WriterLock lock = ctx.state().lockWriter("run");
        Operations ops = Operations.of(withListenFlag(ctx.config()), ctx.state(), ctx.clock());
        Collection c = new Collection(ctx, ops.telemetry())) {
      Thread hook = installSignalHandling(ctx);
      try {
        ops.start(withListenFlag(ctx.config()), ctx.state());
        return loop(ctx, c, ops);
      } finally {
        finished.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // shutting down already: the hook ends the process
        }
      }
    }
  }

  /**
   * SPEC §9: every account on its own schedule, at most max_parallel_accounts at once, each with
   * its own pause after a failure; one account's trouble never holds back another.
   */
  private int runAccounts(CommandContext ctx) {
    CollectorConfig config = withListenFlag(ctx.config());
    try (Operations ops = Operations.of(config, ctx.accounts(), ctx.clock());
        AccountsCollection c = new AccountsCollection(ctx, "run", ops.telemetry())) {
      Thread hook = installSignalHandling(ctx);
      try {
        ops.start(config, c.accounts);
        for (AccountCycles.Member m : c.cycles.members()) {
          m.collector().loadCheckpoints(); // a corrupt state ends the daemon here (exit 1)
        }
        cycles = c.cycles;
        if (stop.get()) {
          return 0;
        }
        Duration interval = ctx.config().interval();
        Duration cap = maxPause(interval);
        LOG.info(
            "{}; {} accounts, at most {} at once",
            RunLines.start(ctx.config()),
            c.accounts.list().size(),
            c.accounts.maxParallelAccounts());
        int code =
            c.cycles.run(
                stop::get,
                interval,
                n -> pause(interval, cap, n),
                (name, r, failures, pause) -> {
                  PrintStream summary = Collection.summaryStream(ctx);
                  if (r.exitCode() == CollectorException.CONFIG) {
                    r.errors()
                        .values()
                        .forEach(
                            e ->
                                ctx.err()
                                    .println(
                                        "docusign-collector: " + name + ": " + e.getMessage()));
                    return;
                  }
                  summary.println(r.summaryJson(name));
                  summary.flush();
                  java.util.Set<String> causes = new java.util.LinkedHashSet<>();
                  r.errors().values().forEach(e -> causes.add(e.getMessage()));
                  for (String cause : causes) {
                    LOG.error(
                        "{}: cycle failed: {} (next attempt in {} s)",
                        name,
                        cause,
                        pause.toSeconds());
                  }
                });
        LOG.info("stopped");
        return code;
      } finally {
        finished.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // shutting down already: the hook ends the process
        }
      }
    }
  }

  private CollectorConfig withListenFlag(CollectorConfig config) {
    if (listen == null) {
      return config;
    }
    try {
      return config.withListen(CollectorConfig.Listen.parse(listen));
    } catch (IllegalArgumentException e) {
      throw CollectorException.config("--listen: " + e.getMessage());
    }
  }

  private int loop(CommandContext ctx, Collection c, Operations ops) {
    Duration interval = ctx.config().interval();
    Duration cap = maxPause(interval);
    c.collector.loadCheckpoints(); // a corrupt state ends the daemon here (exit 1)
    int failures = 0;
    LOG.info(RunLines.start(ctx.config()));
    while (!stop.get()) {
      java.time.Instant started = ctx.clock().instant();
      long t0 = System.nanoTime();
      ops.cycleStarted();
      CycleResult r = c.collector.cycle(stop::get);
      ops.cycleEnded(r);
      c.endProgress();
      if (r.stopped() || stop.get()) {
        break;
      }
      LOG.info(
          RunLines.cycle(
              ctx.config(),
              r,
              started,
              Duration.ofNanos(System.nanoTime() - t0),
              ctx.state().readCheckpoints()));
      Collection.summaryStream(ctx).println(r.summaryJson());
      Collection.summaryStream(ctx).flush();
      Duration pause = interval;
      if (!r.errors().isEmpty()) {
        if (r.exitCode() == CollectorException.CONFIG) {
          r.errors()
              .values()
              .forEach(e -> ctx.err().println("docusign-collector: " + e.getMessage()));
          return CollectorException.CONFIG;
        }
        failures++;
        pause = pause(interval, cap, failures);
        // One line per cause and pause (both types fail alike when consent is revoked).
        java.util.Set<String> causes = new java.util.LinkedHashSet<>();
        r.errors().values().forEach(e -> causes.add(e.getMessage()));
        for (String cause : causes) {
          LOG.error("cycle failed: {} (next attempt in {} s)", cause, pause.toSeconds());
        }
        LOG.info(RunLines.nextAttempt(ctx.clock().instant(), pause, failures));
      } else {
        failures = 0;
      }
      try {
        if (awaitPause(ctx, pause)) {
          break;
        }
      } catch (InterruptedException e) {
        break;
      }
    }
    LOG.info("stopped");
    return 0;
  }

  /**
   * Waits out a pause; true when a stop request ended it. An injected sleeper (a simulated clock in
   * tests) takes the pause instead of the wall clock, so hours of pauses take no real time.
   */
  private boolean awaitPause(CommandContext ctx, Duration pause) throws InterruptedException {
    if (ctx.sleeper() != Sleeper.SYSTEM) {
      ctx.sleeper().sleep(pause);
      return stop.get();
    }
    return wake.await(pause.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The pause after the n-th failure in a row: interval doubled n-1 times, at most {@code cap}. */
  static Duration pause(Duration interval, Duration cap, int failures) {
    Duration p = interval;
    for (int i = 1; i < failures && p.compareTo(cap) < 0; i++) {
      p = p.multipliedBy(2);
    }
    return p.compareTo(cap) > 0 ? cap : p;
  }

  /** 10 × interval, but not beyond 5 minutes, or the interval if that is longer. */
  static Duration maxPause(Duration interval) {
    Duration ten = interval.multipliedBy(10);
    Duration five = Duration.ofMinutes(5);
    Duration cap = ten.compareTo(five) < 0 ? ten : five;
    return cap.compareTo(interval) < 0 ? interval : cap;
  }

  private Thread installSignalHandling(CommandContext ctx) {
    Thread main = Thread.currentThread();
    Thread hook =
        new Thread(
            () -> {
              stop.set(true);
              wake.countDown();
              AccountCycles c = cycles;
              if (c != null) {
                c.wake();
              }
              try {
                if (!finished.await(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                  main.interrupt(); // abandon the request in flight; no checkpoint moves
                  finished.await(5, TimeUnit.SECONDS);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              ctx.out().flush();
              ctx.err().flush();
              // A signal's shutdown would end with 128+signal; a stop on request is a success.
              Runtime.getRuntime().halt(0);
            },
            "docusign-collector-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }
}
