package io.github.docusigncollector.simulator;

import java.time.Instant;

/** DocuSign's account limits: calls per clock hour and per 30-second window. */
final class RateLimiter {
  /** One call's verdict and the header values to send. */
  record Verdict(
      boolean hourlyExceeded,
      boolean burstExceeded,
      int hourlyLimit,
      int hourlyRemaining,
      long reset,
      int burstLimit,
      int burstRemaining) {}

  private final int hourlyLimit;
  private final int burstLimit;
  private long hour = Long.MIN_VALUE;
  private int hourCount;
  private long window = Long.MIN_VALUE;
  private int windowCount;

  RateLimiter(int hourlyLimit, int burstLimit) {
    this.hourlyLimit = hourlyLimit;
    this.burstLimit = burstLimit;
  }

  synchronized Verdict count(Instant now) {
    long sec = now.getEpochSecond();
    long h = Math.floorDiv(sec, 3600);
    long w = Math.floorDiv(sec, 30);
    if (h != hour) {
      hour = h;
      hourCount = 0;
    }
    if (w != window) {
      window = w;
      windowCount = 0;
    }
    hourCount++;
    windowCount++;
    boolean hourly = hourlyLimit > 0 && hourCount > hourlyLimit;
    boolean burst = !hourly && burstLimit > 0 && windowCount > burstLimit;
    return new Verdict(
        hourly,
        burst,
        hourlyLimit,
        Math.max(0, hourlyLimit - hourCount),
        (h + 1) * 3600,
        burstLimit,
        Math.max(0, burstLimit - windowCount));
  }

  synchronized int callsThisHour(Instant now) {
    return Math.floorDiv(now.getEpochSecond(), 3600) == hour ? hourCount : 0;
  }
}
