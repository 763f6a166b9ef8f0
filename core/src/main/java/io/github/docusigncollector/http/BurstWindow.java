package io.github.docusigncollector.http;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * The {@code api_burst_per_30s} limit: at most {@code max} calls in any window of {@code window}
 * (half-open: calls exactly one window apart are in different windows). Not thread-safe; the client
 * guards it.
 */
public final class BurstWindow {
  private final int max;
  private final Duration window;
  private final ArrayDeque<Instant> recent = new ArrayDeque<>();

  public BurstWindow(int max, Duration window) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1");
    }
    this.max = max;
    this.window = window;
  }

  /** How long to wait from {@code now} before a call keeps the limit (zero: call now). */
  public Duration waitNeeded(Instant now) {
    if (recent.size() < max) {
      return Duration.ZERO;
    }
    // The max-th most recent call must lie a full window back.
    Instant allowedAt = recent.peekFirst().plus(window);
    return now.isBefore(allowedAt) ? Duration.between(now, allowedAt) : Duration.ZERO;
  }

  /** Counts a call made at {@code now}; callers first wait {@link #waitNeeded}. */
  public void record(Instant now) {
    recent.addLast(now);
    while (recent.size() > max) {
      recent.removeFirst();
    }
  }
}
