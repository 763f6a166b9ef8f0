package io.github.docusigncollector.pipeline;

import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.error.CollectorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cycles of several accounts (SPEC §9), each with a {@link Collector} of its own and all
 * feeding one {@link SharedSink}: at most {@code maxParallel} accounts collect at once, and one
 * account's failure or slowness never stops or delays another. {@link #cycleAll} is {@code fetch}
 * (one cycle of every account); {@link #run} is {@code run} (every account on its own schedule,
 * with its own backoff after failures).
 */
public final class AccountCycles implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AccountCycles.class);

  /** An account's collector under its name, and who hears when its cycles start and end. */
  public record Member(
      String name, Collector collector, List<EventType> eventTypes, CycleObserver observer) {
    public Member(String name, Collector collector, List<EventType> eventTypes) {
      this(name, collector, eventTypes, CycleObserver.NONE);
    }
  }

  /**
   * Hears, on the account's thread, that a cycle of the account starts and how it ended (a cycle
   * that threw as the failed result it becomes), e.g. for metrics.
   */
  public interface CycleObserver {
    CycleObserver NONE = new CycleObserver() {};

    default void started() {}

    default void ended(CycleResult result, Duration took) {}
  }

  /** What {@code run} is told after each cycle of an account. */
  public interface Listener {
    /**
     * @param failuresInRow the account's failed cycles in a row, this one included (0 after a
     *     success)
     * @param pause how long the account now waits before its next cycle
     */
    void cycleDone(String account, CycleResult result, int failuresInRow, Duration pause);
  }

  private final List<Member> members;
  private final ExecutorService pool;
  private final LinkedBlockingQueue<Object> done = new LinkedBlockingQueue<>();
  private static final Object WAKE = new Object();

  public AccountCycles(List<Member> members, int maxParallel) {
    this.members = List.copyOf(members);
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(maxParallel, members.size())),
            r -> {
              Thread t = new Thread(r, "account-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  public List<Member> members() {
    return members;
  }

  /**
   * One cycle of every account, at most {@code maxParallel} at once; the results in the order of
   * the members. A cycle that throws (a corrupt state file) is that account's failure.
   */
  public Map<String, CycleResult> cycleAll(BooleanSupplier stop) {
    List<Future<CycleResult>> futures = new ArrayList<>();
    for (Member m : members) {
      futures.add(pool.submit(() -> cycleOf(m, stop)));
    }
    Map<String, CycleResult> results = new LinkedHashMap<>();
    for (int i = 0; i < members.size(); i++) {
      Member m = members.get(i);
      try {
        results.put(m.name(), futures.get(i).get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        pool.shutdownNow();
        results.put(
            m.name(), failed(m, CollectorException.operational("interrupted", e), stop, true));
      } catch (ExecutionException e) {
        RuntimeException cause = CollectorException.unwrap(e, "collecting " + m.name());
        results.put(m.name(), failed(m, asCollectorException(m, cause), stop, false));
      }
    }
    return results;
  }

  /**
   * Every account on its own schedule until {@code stop}: a cycle at once, then one every {@code
   * interval} after the account's last cycle ended, or after {@code pauseAfter.apply(n)} following
   * its n-th failure in a row. Returns 0 on a stop, or the exit code that must end the daemon (a
   * configuration error, 2). Waits are on the wall clock; {@link #wake} ends one early.
   */
  public int run(
      BooleanSupplier stop,
      Duration interval,
      IntFunction<Duration> pauseAfter,
      Listener listener) {
    int size = members.size();
    long[] due = new long[size];
    int[] failures = new int[size];
    boolean[] running = new boolean[size];
    long start = System.nanoTime();
    for (int i = 0; i < size; i++) {
      due[i] = start;
    }
    int active = 0;
    try {
      outer:
      while (!stop.getAsBoolean()) {
        long now = System.nanoTime();
        long nextDue = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
          if (running[i]) {
            continue;
          }
          if (due[i] - now <= 0) {
            running[i] = true;
            active++;
            int index = i;
            Member m = members.get(i);
            pool.submit(
                () -> {
                  CycleResult r;
                  try {
                    r = cycleOf(m, stop);
                  } catch (RuntimeException e) {
                    r = failed(m, asCollectorException(m, e), stop, false);
                  }
                  done.add(new Done(index, r));
                });
          } else {
            nextDue = Math.min(nextDue, due[i]);
          }
        }
        long wait = nextDue == Long.MAX_VALUE ? TimeUnit.SECONDS.toNanos(1) : nextDue - now;
        Object event = done.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
        while (event != null) {
          if (event instanceof Done d) {
            running[d.index] = false;
            active--;
            CycleResult r = d.result;
            if (r.stopped() || stop.getAsBoolean()) {
              break outer;
            }
            if (r.exitCode() == CollectorException.CONFIG) {
              listener.cycleDone(members.get(d.index).name(), r, failures[d.index] + 1, interval);
              return CollectorException.CONFIG;
            }
            Duration pause;
            if (r.errors().isEmpty()) {
              failures[d.index] = 0;
              pause = interval;
            } else {
              failures[d.index]++;
              pause = pauseAfter.apply(failures[d.index]);
            }
            due[d.index] = System.nanoTime() + pause.toNanos();
            listener.cycleDone(members.get(d.index).name(), r, failures[d.index], pause);
          }
          event = done.poll();
        }
      }
      // A stop: the other accounts finish (or abandon) their page in flight too.
      while (active > 0) {
        if (done.take() instanceof Done) {
          active--;
        }
      }
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.debug("{} account cycles still in flight at the stop", active);
      return 0;
    }
  }

  /** Ends the wait of {@link #run} at once (a stop request). */
  public void wake() {
    done.add(WAKE);
  }

  private static CycleResult cycleOf(Member m, BooleanSupplier stop) {
    Thread t = Thread.currentThread();
    String name = t.getName();
    t.setName(name + "-" + m.name());
    m.observer().started();
    long t0 = System.nanoTime();
    try {
      CycleResult r = m.collector().cycle(stop);
      m.observer().ended(r, Duration.ofNanos(System.nanoTime() - t0));
      return r;
    } catch (RuntimeException e) {
      m.observer()
          .ended(
              failed(m, asCollectorException(m, e), stop, false),
              Duration.ofNanos(System.nanoTime() - t0));
      throw e;
    } finally {
      t.setName(name);
    }
  }

  private static CollectorException asCollectorException(Member m, RuntimeException e) {
    if (e instanceof CollectorException ce) {
      return ce;
    }
    return CollectorException.operational(
        m.name() + ": unexpected failure: " + Secrets.redact(String.valueOf(e)), e);
  }

  /** A cycle that ended by an exception: every type of the account failed with it. */
  private static CycleResult failed(
      Member m, CollectorException e, BooleanSupplier stop, boolean interrupted) {
    Map<EventType, Long> delivered = new LinkedHashMap<>();
    Map<EventType, CollectorException> errors = new LinkedHashMap<>();
    for (EventType type : m.eventTypes()) {
      delivered.put(type, 0L);
      if (!interrupted && !stop.getAsBoolean()) {
        errors.put(type, e);
      }
    }
    return new CycleResult(delivered, false, errors, interrupted || stop.getAsBoolean(), false);
  }

  /**
   * Stops the account threads: a cycle still running is interrupted (its page in flight is
   * abandoned; no checkpoint moves past undelivered events) and given {@code grace} to end.
   */
  public void shutdown(Duration grace) {
    pool.shutdownNow();
    try {
      pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    shutdown(Duration.ofSeconds(5));
  }

  private record Done(int index, CycleResult result) {}
}
