package io.github.docusigncollector.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.state.StateStore;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Writes a collector's checkpoints, one at a time and in order, either at once ({@link #write}) or
 * behind the caller ({@link #writeBehind}): a frozen copy of the checkpoints is serialized, written
 * and synced on a thread of its own while the caller goes on. At most one write is ever behind;
 * {@link #awaitDurable} waits for it. The page loop hands that wait to the sink as the barrier
 * before the next batch leaves (see {@link
 * io.github.docusigncollector.sink.Sink#deliver(io.github.docusigncollector.sink.Batch,
 * Runnable)}): a crash still repeats at most the batch in flight, while the sync overlaps the
 * sink's own preparation of that batch.
 */
class CheckpointWriter {
  private final StateStore state;
  private ThreadPoolExecutor thread;
  private Future<?> behind;

  CheckpointWriter(StateStore state) {
    this.state = state;
  }

  /** Writes the checkpoints now, after any write still behind. */
  void write(ObjectNode checkpoints) {
    awaitDurable();
    state.writeCheckpoints(checkpoints);
  }

  /**
   * Writes {@code frozen} on the writer's thread, after any write still behind (which is waited for
   * first). The caller changes no node of {@code frozen} until {@link #awaitDurable} returned: it
   * is serialized on the writer's thread too.
   */
  void writeBehind(ObjectNode frozen) {
    awaitDurable();
    if (thread == null) {
      // One thread, ended when idle: a collector waiting for its next cycle keeps none.
      thread =
          new ThreadPoolExecutor(
              0,
              1,
              10,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              r -> {
                Thread t = new Thread(r, "checkpoint-writer");
                t.setDaemon(true);
                return t;
              });
    }
    behind = thread.submit(() -> writeFrozen(frozen));
  }

  /** Writes frozen checkpoints (on the writer's thread); tests slow it down. */
  void writeFrozen(ObjectNode frozen) {
    state.writeCheckpoints(frozen);
  }

  /**
   * Returns once the write behind (if any) is on disk; throws its failure. Not interruptible: a
   * stop waits the few milliseconds of a sync, so that the order of checkpoints holds.
   */
  void awaitDurable() {
    Future<?> f = behind;
    if (f == null) {
      return;
    }
    behind = null;
    boolean interrupted = false;
    try {
      while (true) {
        try {
          f.get();
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new IllegalStateException(cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
