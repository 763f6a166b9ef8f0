package io.github.docusigncollector.users;

import io.github.docusigncollector.error.CollectorException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API reads made a few at a time on threads of their own, their answers taken in by the caller in
 * the order it chooses. The first read that fails fails them all, as one failing sequential read
 * would: reads not started yet are skipped, and the caller gets that first failure. {@link #close}
 * without {@link #finished} (a failure, the caller's own included) stops the reads still in flight.
 * Used by one caller thread.
 */
final class ParallelReads implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ParallelReads.class);

  /** How long {@link #close} after a failure waits for the reads in flight to stop. */
  static final Duration SHUTDOWN = Duration.ofSeconds(10);

  private static final AtomicInteger THREAD_IDS = new AtomicInteger();

  static final String THREAD_PREFIX = "esign-user-read-";

  static final ThreadFactory THREADS =
      r -> {
        Thread t = new Thread(r, THREAD_PREFIX + THREAD_IDS.incrementAndGet());
        t.setDaemon(true);
        return t;
      };

  private final ExecutorService pool;
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private boolean finished;

  ParallelReads(int threads) {
    this.pool = Executors.newFixedThreadPool(Math.max(1, threads), THREADS);
  }

  /** Starts {@code read} when a thread is free (unless a read failed meanwhile). */
  <T> Future<T> submit(Supplier<T> read) {
    return pool.submit(
        () -> {
          if (failure.get() != null) {
            throw new CancellationException("an earlier read failed");
          }
          try {
            return read.get();
          } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
            throw e;
          }
        });
  }

  /** The answer of {@code f}; the first failure of any read when there was one. */
  <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      RuntimeException first = failure.get();
      if (first != null) {
        throw first;
      }
      throw CollectorException.unwrap(e, "an eSignature read");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CollectorException.operational("interrupted while reading eSignature users", e);
    }
  }

  /** Every answer was taken in: {@link #close} lets the threads go. */
  void finished() {
    finished = true;
  }

  /**
   * After {@link #finished}, lets the idle threads go; otherwise skips the reads not started,
   * interrupts those in flight and waits a little for them to end.
   */
  @Override
  public void close() {
    if (finished) {
      pool.shutdown();
      return;
    }
    failure.compareAndSet(null, new CancellationException("the reads were abandoned"));
    pool.shutdownNow();
    awaitQuietly(pool);
  }

  static void awaitQuietly(ExecutorService pool) {
    try {
      if (!pool.awaitTermination(SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.debug("eSignature reads still running after the pass ended; left to finish");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
