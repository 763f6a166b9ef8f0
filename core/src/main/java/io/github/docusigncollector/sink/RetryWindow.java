package io.github.docusigncollector.sink;

import io.github.docusigncollector.http.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long a sink keeps trying (SPEC §8): transient failures are retried with exponential backoff
 * and full jitter, a receiver's {@code Retry-After} honoured, until {@code retry_for} has passed
 * since the first failure without progress; then the cycle fails. Any progress opens a fresh
 * window. Shared by the HTTP sinks and the syslog and kafka sinks; not thread-safe.
 */
public final class RetryWindow {
  private static final Logger LOG = LoggerFactory.getLogger(RetryWindow.class);

  private final String type;
  private final Duration retryFor;
  private final SinkContext context;
  private final Backoff backoff;
  private Instant failingSince;
  private int attempt;
  private long retries;

  public RetryWindow(String type, Duration retryFor, SinkContext context) {
    this.type = type;
    this.retryFor = retryFor;
    this.context = context;
    this.backoff =
        new Backoff(
            Duration.ofMillis(200), Duration.ofSeconds(30), Integer.MAX_VALUE, context.random());
  }

  /** Progress: the next failure opens a fresh window. */
  public void succeeded() {
    failingSince = null;
    attempt = 0;
  }

  /** Attempts made again after a transient failure. */
  public long retries() {
    return retries;
  }

  /** When the current window ends (now plus {@code retry_for} when nothing is failing). */
  public Instant giveUpAt() {
    return (failingSince == null ? context.clock().instant() : failingSince).plus(retryFor);
  }

  /**
   * After a transient failure ({@code reason}, already free of secrets): waits before the next
   * attempt, or throws the {@link SinkException} {@code giveUp} describes once {@code retry_for}
   * has passed.
   *
   * @param retryAfter what the receiver asked for, or null
   */
  public void waitOrGiveUp(String reason, Duration retryAfter, Supplier<String> giveUp) {
    Instant now = context.clock().instant();
    if (failingSince == null) {
      failingSince = now;
    }
    Instant end = failingSince.plus(retryFor);
    if (!now.isBefore(end)) {
      throw new SinkException(giveUp.get(), null);
    }
    Duration wait = backoff.delay(Math.min(attempt++, 30));
    if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
      wait = retryAfter;
    }
    Duration left = Duration.between(now, end);
    if (wait.compareTo(left) > 0) {
      wait = left;
    }
    retries++;
    LOG.debug("{} sink: {}; sending again in {} ms", type, reason, wait.toMillis());
    try {
      context.sleeper().sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SinkException(
          type + " sink: interrupted while waiting to retry; nothing was checkpointed", e);
    }
  }

  /** {@code 5m}, {@code 30s} or {@code 500ms}, for messages. */
  public static String describe(Duration d) {
    long s = d.toSeconds();
    return s >= 60 && s % 60 == 0 ? s / 60 + "m" : s > 0 ? s + "s" : d.toMillis() + "ms";
  }
}
