package io.github.docusigncollector.error;

import java.time.Duration;

/**
 * Thrown when the API budget or a throttle wait longer than {@code max_wait} ends a cycle early.
 * Not a failure: the cycle stops at a clean checkpoint and reports {@code "throttled": true}.
 */
public final class ThrottledException extends CollectorException {
  private static final long serialVersionUID = 1L;

  private final Duration wait;

  public ThrottledException(String message, Duration wait) {
    super(0, message);
    this.wait = wait;
  }

  /** How long the caller would have had to wait before the next call. */
  public Duration waitNeeded() {
    return wait;
  }
}
