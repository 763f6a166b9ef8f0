package io.github.docusigncollector.http;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with full jitter: the wait before retry {@code n} (0-based) is uniform in
 * {@code [0, min(cap, base * 2^n)]}, so that many clients failing together do not retry together.
 */
public final class Backoff {
  private final Duration base;
  private final Duration cap;
  private final int maxAttempts;
  private final Random random;

  public Backoff(Duration base, Duration cap, int maxAttempts, Random random) {
    if (base.isNegative() || cap.isNegative() || maxAttempts < 1) {
      throw new IllegalArgumentException("base and cap must be >= 0 and maxAttempts >= 1");
    }
    this.base = base;
    this.cap = cap;
    this.maxAttempts = maxAttempts;
    this.random = random;
  }

  /** The defaults: 1 s base, 30 s cap, 5 attempts in all. */
  public static Backoff standard(Random random) {
    return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 5, random);
  }

  /** How many attempts a request gets in all (the first one included). */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The upper bound of the wait before retry {@code n}: {@code min(cap, base * 2^n)}. */
  public Duration ceiling(int n) {
    long baseMs = base.toMillis();
    long capMs = cap.toMillis();
    if (baseMs == 0 || capMs == 0) {
      return Duration.ZERO;
    }
    if (n >= 62 || baseMs > (capMs >> Math.min(n, 62))) {
      return cap;
    }
    return Duration.ofMillis(Math.min(capMs, baseMs << n));
  }

  /** A random wait in {@code [0, ceiling(n)]}. */
  public Duration delay(int n) {
    long max = ceiling(n).toMillis();
    synchronized (random) {
      return Duration.ofMillis(max == 0 ? 0 : (long) (random.nextDouble() * (max + 1)));
    }
  }
}
