package io.github.docusigncollector.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SIGTERM/SIGINT for a one-shot collecting command ({@code fetch}), as {@code run} handles them: a
 * stop is requested, the page in flight may finish for {@link RunCommand#GRACE}, else its request
 * is interrupted (no checkpoint moves past undelivered events), and the process ends with 0 once
 * the command has said what it did, not with 128 + the signal.
 */
final class StopOnSignal implements AutoCloseable {
  private final AtomicBoolean stop = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;

  StopOnSignal(CommandContext ctx, Duration grace) {
    Thread main = Thread.currentThread();
    hook =
        new Thread(
            () -> {
              stop.set(true);
              try {
                if (!finished.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                  main.interrupt();
                  finished.await(5, TimeUnit.SECONDS);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              ctx.out().flush();
              ctx.err().flush();
              Runtime.getRuntime().halt(0);
            },
            "docusign-collector-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Whether a stop was requested. */
  boolean requested() {
    return stop.get();
  }

  /** The command is done (its output written): a pending stop may end the process now. */
  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // shutting down already: the hook ends the process with 0
    }
  }
}
