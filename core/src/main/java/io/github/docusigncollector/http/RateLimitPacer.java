package io.github.docusigncollector.http;

import java.time.Duration;
import java.time.Instant;

/**
 * Slows down before DocuSign's own limits are reached, reading {@code X-RateLimit-Remaining} /
 * {@code X-RateLimit-Reset} and {@code X-BurstLimit-Remaining} from every answer. The account's
 * limits are shared with other apps, so a small reserve is left for them: with few hourly calls
 * left, wait for the reset; with few burst calls left, pause longer the closer to zero.
 */
public final class RateLimitPacer {
  /** Hourly calls left to other apps of the account. */
  public static final int HOURLY_RESERVE = 10;

  /** Burst calls below which we pause. */
  public static final int BURST_RESERVE = 5;

  private Instant notBefore = Instant.MIN;
  private String reason = "";

  /** Takes note of one answer's headers at {@code now}. */
  public void observe(Throttle.Headers h, Instant now) {
    // A limit of 0 means none is in force (a remaining count of 0 then means nothing).
    Long hourlyLeft = off(h.rateLimitLimit()) ? null : Throttle.parseLong(h.rateLimitRemaining());
    Instant reset = Throttle.resetInstant(h.rateLimitReset());
    if (hourlyLeft != null && hourlyLeft <= HOURLY_RESERVE && reset != null && reset.isAfter(now)) {
      push(
          reset,
          "DocuSign's hourly limit is nearly spent (X-RateLimit-Remaining: " + hourlyLeft + ")");
    }
    Long burstLeft = off(h.burstLimit()) ? null : Throttle.parseLong(h.burstRemaining());
    if (burstLeft != null && burstLeft <= BURST_RESERVE) {
      long left = Math.max(0, burstLeft);
      Duration pause =
          Throttle.BURST_WAIT.multipliedBy(BURST_RESERVE + 1 - left).dividedBy(BURST_RESERVE + 1);
      push(
          now.plus(pause),
          "DocuSign's burst limit is nearly spent (X-BurstLimit-Remaining: " + burstLeft + ")");
    }
  }

  private static boolean off(String limit) {
    Long l = Throttle.parseLong(limit);
    return l != null && l <= 0;
  }

  /** How long to hold the next call (zero: go). */
  public Duration waitNeeded(Instant now) {
    return now.isBefore(notBefore) ? Duration.between(now, notBefore) : Duration.ZERO;
  }

  /** Why the current wait is needed. */
  public String reason() {
    return reason;
  }

  private void push(Instant until, String why) {
    if (until.isAfter(notBefore)) {
      notBefore = until;
      reason = why;
    }
  }
}
